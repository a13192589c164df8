using Microsoft.Playwright;

namespace LabApp.Tests.Browser;

/// <summary>
/// One running lab and one headless Debian Chromium for all browser tests (Playwright cannot download its own
/// browser on our machines, so it drives /usr/bin/chromium). Screenshots go to LabApp.Tests/bin/.../screenshots/.
/// </summary>
public sealed class BrowserFixture : IAsyncLifetime
{
    public const string ChromiumPath = "/usr/bin/chromium";

    private IPlaywright? _playwright;

    public LabServer Server { get; private set; } = default!;

    public IBrowser Browser { get; private set; } = default!;

    public static string ScreenshotFolder { get; } = Directory.CreateDirectory(Path.Combine(AppContext.BaseDirectory, "screenshots")).FullName;

    public async Task InitializeAsync()
    {
        if (!File.Exists(ChromiumPath))
            throw new InvalidOperationException($"{ChromiumPath} is missing: install Debian's Chromium (apt-get install -y chromium), as .ci/run does.");
        // Playwright's 5 s default for Expect is too short for a re-classification on two busy cores; results that
        // need the embeddings computed pass their own, longer timeout.
        Assertions.SetDefaultExpectTimeout(30_000);
        Server = await LabServer.StartAsync();
        _playwright = await Playwright.CreateAsync();
        Browser = await _playwright.Chromium.LaunchAsync(new BrowserTypeLaunchOptions
        {
            ExecutablePath = ChromiumPath,
            Headless = true,
            // Without these, Chromium keeps trying hosts this machine's closed network refuses.
            Args = ["--no-sandbox", "--disable-gpu", "--disable-background-networking", "--disable-component-update", "--disable-sync", "--no-first-run"],
        });
    }

    /// <summary>A fresh page at <paramref name="route"/> of <paramref name="server"/> (else the shared one), once Blazor's circuit is connected.</summary>
    public async Task<IPage> OpenAsync(string route, LabServer? server = null)
    {
        var page = await Browser.NewPageAsync(new BrowserNewPageOptions { ViewportSize = new ViewportSize { Width = 1400, Height = 1000 } });
        page.SetDefaultTimeout(60_000);
        await page.GotoAsync(new Uri((server ?? Server).Address, route).AbsoluteUri);
        await page.WaitForFunctionAsync("() => window.Blazor !== undefined");
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
