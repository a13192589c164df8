using Microsoft.Playwright;
using static Microsoft.Playwright.Assertions;

namespace LabApp.Tests.Browser;

[Collection(BrowserCollection.Name)]
public sealed class RunLogTests(BrowserFixture lab)
{
    // Labels no other test uses, so the logged run found below can only be this test's.
    private const string Negative = "a dull tiresome film";
    private const string Positive = "a moving brilliant film";

    private const string InstructorKey = "tuesday-class-7f3a";

    [Fact]
    public async Task A_zero_shot_run_appears_in_this_browsers_log_and_in_its_csv_export()
    {
        await using var student = await lab.NewStudentAsync();
        var zeroShot = await lab.OpenAsync(student, $"/zero-shot?label={Uri.EscapeDataString(Negative)}&label={Uri.EscapeDataString(Positive)}");
        await Lab.ExpectResultAsync(zeroShot.Locator(".report-table tr:has(td:text-is('macro avg'))"));

        // The zero-shot page stays open: its run is logged once it has stood for a second, which the log page shows live.
        var log = await lab.OpenAsync(student, "/log");
        var row = log.Locator(".run-log tbody tr").Filter(new() { HasTextString = Positive });
        await Expect(row).ToHaveCountAsync(1);
        await Expect(row.Locator("td[data-label=page]")).ToHaveTextAsync("zero-shot");
        await Expect(row.Locator("td[data-label=\"test reviews\"]")).ToHaveTextAsync("1066");
        // The shared test server has no instructor key, so there is no class view to enter.
        await Expect(log.Locator("input[type=password]")).ToHaveCountAsync(0);

        var download = await log.RunAndWaitForDownloadAsync(() => log.Locator(".export-csv").ClickAsync());
        Assert.Equal("lab-runs.csv", download.SuggestedFilename);
        var lines = (await File.ReadAllTextAsync(await download.PathAsync())).Split("\r\n", StringSplitOptions.RemoveEmptyEntries);
        Assert.Equal("id,time,page,method,model,parameters,accuracy,macro_f1,weighted_f1,test_reviews,seconds", lines[0]);
        var logged = Assert.Single(lines, l => l.Contains(Negative, StringComparison.Ordinal) && l.Contains(Positive, StringComparison.Ordinal));
        Assert.Contains(",zero-shot,", logged, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Each_browser_sees_its_own_runs_and_the_instructors_key_shows_the_whole_class()
    {
        await using var server = await LabServer.StartAsync(new Dictionary<string, string> { ["LAB_INSTRUCTOR_KEY"] = InstructorKey });
        await using var ann = await lab.NewStudentAsync();
        await using var bob = await lab.NewStudentAsync();
        await using var instructor = await lab.NewStudentAsync();

        await RunSupervisedAsync(ann, server, train: 100);
        var bobsLog = await lab.OpenAsync(bob, "/log", server);
        await Expect(bobsLog.Locator(".run-log")).ToContainTextAsync("No runs yet");
        await RunSupervisedAsync(bob, server, train: 120);

        // Logistic regression and the centroids: two runs per supervised page.
        var annsLog = await lab.OpenAsync(ann, "/log", server);
        await Expect(Rows(annsLog, "train=100")).ToHaveCountAsync(2);
        await Expect(Rows(annsLog, "train=120")).ToHaveCountAsync(0);
        await Expect(Rows(bobsLog, "train=120")).ToHaveCountAsync(2);
        await Expect(Rows(bobsLog, "train=100")).ToHaveCountAsync(0);

        var classLog = await lab.OpenAsync(instructor, "/log", server);
        await EnterKeyAsync(classLog, "tuesday-class-7f3b", "/log?key=wrong");
        await Expect(classLog.Locator(".wrong-key")).ToHaveTextAsync("That is not the instructor's key: check it and enter it again.");
        await Expect(classLog.Locator(".run-log")).ToContainTextAsync("No runs yet"); // the instructor's browser made none
        await EnterKeyAsync(classLog, InstructorKey, "/log");
        await Expect(Rows(classLog, "train=100").Locator("td[data-label=student]")).ToHaveTextAsync(["student 1", "student 1"]);
        await Expect(Rows(classLog, "train=120").Locator("td[data-label=student]")).ToHaveTextAsync(["student 2", "student 2"]);

        var download = await classLog.RunAndWaitForDownloadAsync(() => classLog.Locator(".export-csv").ClickAsync());
        Assert.Equal("lab-class-runs.csv", download.SuggestedFilename);
        var lines = (await File.ReadAllTextAsync(await download.PathAsync())).Split("\r\n", StringSplitOptions.RemoveEmptyEntries);
        Assert.StartsWith("student,id,time,page,", lines[0]);
        Assert.Equal(2, lines.Count(l => l.StartsWith("student 1,", StringComparison.Ordinal) && l.Contains("train=100", StringComparison.Ordinal)));
        Assert.Equal(2, lines.Count(l => l.StartsWith("student 2,", StringComparison.Ordinal) && l.Contains("train=120", StringComparison.Ordinal)));
        // The student's own export, from the same server, is still only their own.
        var annsDownload = await annsLog.RunAndWaitForDownloadAsync(() => annsLog.Locator(".export-csv").ClickAsync());
        Assert.DoesNotContain("train=120", await File.ReadAllTextAsync(await annsDownload.PathAsync()));

        Assert.DoesNotContain(InstructorKey, await classLog.ContentAsync());
        Assert.DoesNotContain(InstructorKey, server.Log);
        await BrowserFixture.ScreenshotAsync(classLog, "log-class-view");
    }

    private async Task RunSupervisedAsync(IBrowserContext student, LabServer server, int train)
    {
        var page = await lab.OpenAsync(student, $"/supervised?train={train}&test=50", server);
        await Lab.ExpectResultAsync(page.Locator(".report-table >> nth=1 >> tr:has(td:text-is('accuracy'))"));
        await page.CloseAsync();
    }

    private static ILocator Rows(IPage log, string parameter) =>
        log.Locator(".run-log tbody tr").Filter(new() { HasTextString = parameter });

    // The form posts to the server, which answers with a new page at <paramref name="route"/>: wait for its circuit.
    private static async Task EnterKeyAsync(IPage log, string key, string route)
    {
        await log.Locator("input[type=password]").FillAsync(key);
        await log.Locator(".show-class-view").ClickAsync();
        await log.WaitForURLAsync(url => new Uri(url).PathAndQuery == route);
        await Lab.ConnectedAsync(log);
    }
}
