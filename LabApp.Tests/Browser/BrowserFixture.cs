using Microsoft.Playwright;

namespace LabApp.Tests.Browser;

/// <summary>
/// One running lab and one headless Debian Chromium for all browser tests (Playwright cannot download its own
/// browser on our machines, so it drives /usr/bin/chromium). Screenshots go to LabApp.Tests/bin/.../screenshots/.
/// </summary>
public sealed class BrowserFixture : IAsyncLifetime
{
    public const string ChromiumPath = "/usr/bin/chromium";

    private static readonly ViewportSize Viewport = new() { Width = 1400, Height = 1000 };

    private IPlaywright? _playwright;

    public LabServer Server { get; private set; } = default!;

    public IBrowser Browser { get; private set; } = default!;

    public static string ScreenshotFolder { get; } = Directory.CreateDirectory(Path.Combine(AppContext.BaseDirectory, "screenshots")).FullName;

    public async Task InitializeAsync()
    {
        // Playwright's 5 s default for Expect is too short for a re-classification on two busy cores; results that
        // need the embeddings computed pass their own, longer timeout.
        Assertions.SetDefaultExpectTimeout(30_000);
        // The hub out of reach, as on a classroom machine without a network: the model pages say so and where the files go.
        Server = await LabServer.StartAsync(new Dictionary<string, string> { ["HF_ENDPOINT"] = $"http://127.0.0.1:{LocalPorts.Closed()}" });
        _playwright = await Playwright.CreateAsync();
        Browser = await LaunchAsync(_playwright);
    }

    /// <summary>Debian's headless Chromium, as every browser test drives it.</summary>
    public static Task<IBrowser> LaunchAsync(IPlaywright playwright)
    {
        if (!File.Exists(ChromiumPath))
            throw new InvalidOperationException($"{ChromiumPath} is missing: install Debian's Chromium (apt-get install -y chromium), as .ci/run does.");
        return playwright.Chromium.LaunchAsync(new BrowserTypeLaunchOptions
        {
            ExecutablePath = ChromiumPath,
            Headless = true,
            // Without these, Chromium keeps trying hosts this machine's closed network refuses.
            Args = ["--no-sandbox", "--disable-gpu", "--disable-background-networking", "--disable-component-update", "--disable-sync", "--no-first-run"],
        });
    }

    /// <summary>A fresh page at <paramref name="route"/>, once Blazor's circuit is connected: in a browser of its own (its own cookies, so its own run log).</summary>
    public async Task<IPage> OpenAsync(string route)
    {
        var page = await Browser.NewPageAsync(new BrowserNewPageOptions { ViewportSize = Viewport });
        return await GoAsync(page, Server.Address, route);
    }

    /// <summary>A new browser of its own (a Playwright context: cookies, storage): one student.</summary>
    public Task<IBrowserContext> NewStudentAsync() => Browser.NewContextAsync(new BrowserNewContextOptions { ViewportSize = Viewport });

    /// <summary>A fresh page of <paramref name="student"/>'s browser at <paramref name="route"/> of <paramref name="server"/> (the shared one by default).</summary>
    public async Task<IPage> OpenAsync(IBrowserContext student, string route, LabServer? server = null) =>
        await GoAsync(await student.NewPageAsync(), (server ?? Server).Address, route);

    private static async Task<IPage> GoAsync(IPage page, Uri server, string route)
    {
        page.SetDefaultTimeout(60_000);
        await page.GotoAsync(new Uri(server, route).AbsoluteUri);
        await Lab.ConnectedAsync(page);
        return page;
    }

    public static Task ScreenshotAsync(IPage page, string name) =>
        page.ScreenshotAsync(new PageScreenshotOptions { Path = Path.Combine(ScreenshotFolder, name + ".png"), FullPage = true });

    public async Task DisposeAsync()
    {
        if (Browser is not null)
            await Browser.DisposeAsync();
        _playwright?.Dispose();
        if (Server is not null)
            await Server.DisposeAsync();
    }
}

[CollectionDefinition(Name)]
public sealed class BrowserCollection : ICollectionFixture<BrowserFixture>
{
    public const string Name = "browser";
}
