using System.Text.RegularExpressions;
using LabApp.Tests.Browser;
using Microsoft.Playwright;
using static Microsoft.Playwright.Assertions;

namespace LabApp.Tests.Servers;

/// <summary>
/// A class on two lab servers behind nginx (the committed deploy/nginx/lab.conf), sharing one PostgreSQL database and
/// one instructor key: each student stays on one server, and whatever server answers, their run log, their workbook,
/// the shared links, the instructor's class view, the board and the presentation are the class's; when one server stops
/// mid-class, its students come back on the other and find their work.
/// </summary>
[Collection(PostgresCollection.Name)]
public sealed class TwoServersTests(PostgresServer postgres)
{
    private const string InstructorKey = "two-servers-9e2b";
    private const string Choices = "table:has(th:text-is('1st label')) tbody tr";

    [Fact]
    public async Task A_class_on_two_servers_behind_nginx_shares_its_work_and_survives_losing_one()
    {
        var environment = new Dictionary<string, string>
        {
            ["LAB_DATABASE"] = await postgres.NewDatabaseAsync("class"),
            ["LAB_INSTRUCTOR_KEY"] = InstructorKey,
        };
        // Started together: both migrate the same new database at once.
        var started = await Task.WhenAll(LabServer.StartAsync(environment), LabServer.StartAsync(environment));
        await using var a = started[0];
        await using var b = started[1];
        await using var nginx = await NginxProxy.StartAsync(a.Address.Port, b.Address.Port);
        using var playwright = await Playwright.CreateAsync();
        await using var browser = await BrowserFixture.LaunchAsync(playwright);
        try
        {
            var ann = await StudentOnAsync(browser, nginx, a);
            var instructor = await StudentOnAsync(browser, nginx, a);
            var bob = await StudentOnAsync(browser, nginx, b);

            // The instructor enters the key through nginx (on A) and watches the board there.
            var log = await OpenAsync(instructor, nginx.Address, "/log");
            await log.Locator("input[type=password]").FillAsync(InstructorKey);
            await log.Locator(".show-class-view").ClickAsync();
            await log.WaitForURLAsync(url => new Uri(url).AbsolutePath == "/log");
            var board = await OpenAsync(instructor, nginx.Address, "/class");

            // Ann works on A: a review too long for the address lives in her workbook only.
            var review = string.Concat(Enumerable.Range(1, 40).Select(i => $"Scene {i} drags, yet the lead keeps it alive. "));
            var annPage = await OpenAsync(ann, nginx.Address, "/medium/custom-labels");
            await Expect(annPage.Locator(Choices)).ToHaveCountAsync(8, new() { Timeout = Lab.ResultTimeout });
            var annReview = annPage.GetByLabel("Review 1", new() { Exact = true });
            await Lab.SavedAsync(annPage, async () =>
            {
                await annReview.FillAsync(review);
                await annReview.PressAsync("Tab");
            });
            await Expect(board.Locator(".class-progress tbody tr")).ToHaveCountAsync(1, new() { Timeout = 15_000 });

            // Bob works on B; A's board hears of it at once, through LISTEN/NOTIFY.
            var bobPage = await OpenAsync(bob, nginx.Address, "/medium/custom-labels");
            await Expect(bobPage.Locator(Choices)).ToHaveCountAsync(8, new() { Timeout = Lab.ResultTimeout });
            var bobReview = bobPage.GetByLabel("Review 1", new() { Exact = true });
            await Lab.SavedAsync(bobPage, async () =>
            {
                await bobReview.FillAsync("Bob thinks it is fine.");
                await bobReview.PressAsync("Tab");
            });
            await Expect(board.Locator(".class-progress tbody tr")).ToHaveCountAsync(2, new() { Timeout = 10_000 });

            // Ann's run, made on A, is in her log read from B; the instructor's marker, made on A, opens B's class view,
            // which has both servers' students.
            await EventuallyAsync(async () => (await GetAsync(ann, b, "/log/export.json")).Contains("\"custom-labels\"", StringComparison.Ordinal), "Ann's run in her log on B");
            await EventuallyAsync(async () => await GetAsync(instructor, b, "/log/class/export.json") is var runs
                && runs.Contains("\"student 1\"", StringComparison.Ordinal) && runs.Contains("\"student 2\"", StringComparison.Ordinal), "both students in the class's log on B");
            var refused = await bob.APIRequest.GetAsync(new Uri(b.Address, "/log/class/export.json").AbsoluteUri);
            Assert.Equal(403, refused.Status);

            // A link Ann shares on A opens, filled, on B.
            await annPage.GetByRole(AriaRole.Button, new() { Name = "Copy link", Exact = true }).ClickAsync();
            var link = annPage.Locator(".shared-link input");
            await Expect(link).ToHaveValueAsync(new Regex(@"/medium/custom-labels\?s=[A-Za-z0-9_-]{16}$"));
            await using (var friend = await browser.NewContextAsync())
            {
                var shared = await OpenAsync(friend, b.Address, new Uri(await link.InputValueAsync()).PathAndQuery);
                await Expect(shared.GetByLabel("Review 1", new() { Exact = true })).ToHaveValueAsync(review, new() { Timeout = Lab.ResultTimeout });
            }

            // The instructor presents on A; Bob, on B, follows and sees each of the instructor's edits.
            var presented = await OpenAsync(instructor, nginx.Address, "/medium/custom-labels");
            await Expect(presented.Locator(Choices)).ToHaveCountAsync(8, new() { Timeout = Lab.ResultTimeout });
            await presented.Locator(".present").ClickAsync();
            await Expect(bobPage.Locator(".presentation-banner")).ToContainTextAsync("The instructor is presenting Custom labels");
            await bobPage.Locator(".follow").ClickAsync();
            await Expect(presented.Locator(".presenting-chip")).ToContainTextAsync("1 following");
            var presentedReview = presented.GetByLabel("Review 1", new() { Exact = true });
            await presentedReview.FillAsync("The instructor's own review, shown to the class.");
            await presentedReview.PressAsync("Tab");
            await Expect(bobPage.GetByLabel("Review 1", new() { Exact = true })).ToHaveValueAsync("The instructor's own review, shown to the class.", new() { Timeout = 10_000 });
            await bobPage.Locator(".stop-following").ClickAsync();
            await Expect(bobPage.GetByLabel("Review 1", new() { Exact = true })).ToHaveValueAsync("Bob thinks it is fine.");
            await presented.Locator(".stop-presenting").ClickAsync();
            await Expect(bobPage.Locator(".presentation-banner")).ToHaveCountAsync(0);

            // A stops mid-class: Ann's page loses its circuit, reconnects through nginx to B, which does not know the
            // circuit, so the page reloads there and finds her workbook.
            await annPage.EvaluateAsync("() => window.beforeTheServerStopped = true");
            await a.DisposeAsync();
            await annPage.WaitForFunctionAsync("() => window.beforeTheServerStopped === undefined && window.Blazor !== undefined", null, new() { Timeout = 60_000 });
            await Expect(annPage.GetByLabel("Review 1", new() { Exact = true })).ToHaveValueAsync(review, new() { Timeout = Lab.ResultTimeout });
            Assert.Equal(b.Address.Port, await UpstreamPortAsync(ann, nginx));
            await Expect(annPage.Locator("#blazor-error-ui")).ToBeHiddenAsync();
        }
        catch (Exception) when (Dump(a, b, nginx))
        {
            throw;
        }
    }

    [Fact]
    public async Task A_database_that_cannot_be_reached_stops_the_start_with_one_line()
    {
        var port = LocalPorts.Closed();

        var e = await Assert.ThrowsAsync<InvalidOperationException>(() => LabServer.StartAsync(new Dictionary<string, string>
        {
            ["LAB_DATABASE"] = $"Host=127.0.0.1;Port={port};Database=class7;Username=lab;Password=s3cret-pw;Timeout=3",
        }));

        Assert.StartsWith("The lab exited with code 2:", e.Message);
        var output = e.Message.Split('\n').Skip(1).Where(line => line.Trim().Length > 0).ToArray();
        var line = Assert.Single(output);
        Assert.StartsWith($"error: The class's database (ConnectionStrings:Lab or LAB_DATABASE) cannot be used: The PostgreSQL database \"class7\" on 127.0.0.1:{port} cannot be reached", line);
        Assert.DoesNotContain("s3cret-pw", e.Message);
    }

    // A browser of its own whose requests nginx sends to <paramref name="server"/>: new browsers are made until one is
    // placed there (the first request places a browser by its address, the lab gives it its id, the id places it after).
    private static async Task<IBrowserContext> StudentOnAsync(IBrowser browser, NginxProxy nginx, LabServer server)
    {
        for (var tries = 0; tries < 40; tries++)
        {
            var context = await browser.NewContextAsync(new BrowserNewContextOptions { ViewportSize = new() { Width = 1400, Height = 1000 } });
            await context.APIRequest.GetAsync(new Uri(nginx.Address, "/log/export.json").AbsoluteUri);
            if (await UpstreamPortAsync(context, nginx) == server.Address.Port)
                return context;
            await context.DisposeAsync();
        }

        throw new InvalidOperationException($"nginx placed no browser of 40 on {server.Address}.");
    }

    private static async Task<int> UpstreamPortAsync(IBrowserContext context, NginxProxy nginx)
    {
        var response = await context.APIRequest.GetAsync(new Uri(nginx.Address, "/log/export.json").AbsoluteUri);
        var upstream = response.Headers.GetValueOrDefault(NginxProxy.UpstreamHeader) ?? "";
        // After a failed try nginx names every upstream it tried ("127.0.0.1:A, 127.0.0.1:B"): the last one answered.
        return int.Parse(upstream.Split(',')[^1].Trim().Split(':')[^1], System.Globalization.CultureInfo.InvariantCulture);
    }

    private static async Task<IPage> OpenAsync(IBrowserContext context, Uri server, string route)
    {
        var page = await context.NewPageAsync();
        page.SetDefaultTimeout(60_000);
        await page.GotoAsync(new Uri(server, route).AbsoluteUri);
        await Lab.ConnectedAsync(page);
        return page;
    }

    private static async Task<string> GetAsync(IBrowserContext context, LabServer server, string route)
    {
        var response = await context.APIRequest.GetAsync(new Uri(server.Address, route).AbsoluteUri);
        Assert.True(response.Ok, $"{route} on {server.Address}: {response.Status}");
        return await response.TextAsync();
    }

    private static async Task EventuallyAsync(Func<Task<bool>> check, string what)
    {
        var deadline = DateTime.UtcNow.AddSeconds(20);
        while (!await check())
        {
            Assert.True(DateTime.UtcNow < deadline, $"{what}: not within 20 s");
            await Task.Delay(250);
        }
    }

    private static bool Dump(LabServer a, LabServer b, NginxProxy nginx)
    {
        Console.Error.WriteLine($"server A:\n{a.Log}\nserver B:\n{b.Log}\nnginx:\n{nginx.ErrorLog}");
        return false;
    }
}
