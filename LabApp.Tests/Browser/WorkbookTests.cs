using System.Text.RegularExpressions;
using Microsoft.Playwright;
using static Microsoft.Playwright.Assertions;

namespace LabApp.Tests.Browser;

/// <summary>
/// A student works the four Medium Tasks as the book asks, in a real browser, on a lab of its own with an instructor key:
/// everything they did comes back after a reload, after the lab restarts and through Copy link, reaches their workbook's
/// export and their hand-in, and no other student's browser sees any of it.
/// </summary>
[Collection(BrowserCollection.Name)]
public sealed class WorkbookTests(BrowserFixture lab)
{
    private const string InstructorKey = "workbook-class-2b9c";

    private static readonly Dictionary<string, string> Instructed = new() { ["LAB_INSTRUCTOR_KEY"] = InstructorKey };

    [Fact]
    public async Task A_students_filled_tasks_survive_a_reload_a_restart_and_a_link_reach_their_hand_in_and_no_other_student()
    {
        var folder = TestFolders.Create("workbook-lab");
        var server = await LabServer.StartAsync(Instructed, folder);
        await using var ann = await lab.NewStudentAsync();
        try
        {
            await FillLimitedDataAsync(await lab.OpenAsync(ann, "/medium/limited-data", server));
            await FillConfidenceAsync(await lab.OpenAsync(ann, "/medium/confidence", server));
            await FillCustomLabelsAsync(await lab.OpenAsync(ann, "/medium/custom-labels", server));
            await FillFailureAnalysisAsync(await lab.OpenAsync(ann, "/medium/failure-analysis", server));

            foreach (var page in ann.Pages)
            {
                await Lab.ReloadAsync(page);
                await ExpectFilledAsync(page);
            }

            foreach (var page in ann.Pages.ToArray())
                await page.CloseAsync();
            await server.DisposeAsync();
            server = await LabServer.StartAsync(Instructed, folder);
            var restarted = new List<IPage>();
            foreach (var route in Routes)
            {
                restarted.Add(await lab.OpenAsync(ann, route, server));
                await ExpectFilledAsync(restarted[^1]);
            }

            await using (var friend = await lab.NewStudentAsync())
            {
                foreach (var page in restarted)
                {
                    await page.GetByRole(AriaRole.Button, new() { Name = "Copy link", Exact = true }).First.ClickAsync();
                    var link = await page.Locator(".shared-link input").First.InputValueAsync();
                    Assert.Matches(@"\?s=[A-Za-z0-9_-]{16}$", link);
                    var shared = await friend.NewPageAsync();
                    await shared.GotoAsync(link);
                    await ExpectFilledAsync(shared);
                }
            }

            await using (var bob = await lab.NewStudentAsync())
            {
                var theirs = await lab.OpenAsync(bob, "/medium/limited-data", server);
                await Lab.ExpectResultAsync(theirs.Locator(".results tbody tr"));
                await Expect(theirs.Locator(".results tbody tr")).ToHaveCountAsync(1);
                await Expect(theirs.Locator(".book-answer textarea").First).ToHaveValueAsync("");
                var bobsWorkbook = await bob.APIRequest.GetAsync(new Uri(server.Address, "workbook/export.md").AbsoluteUri);
                Assert.DoesNotContain("near 1000 reviews", await bobsWorkbook.TextAsync());
            }

            var export = await (await ann.APIRequest.GetAsync(new Uri(server.Address, "workbook/export.md").AbsoluteUri)).TextAsync();
            Assert.True(export.Contains("| Double negative | Not bad at all, honestly. | Positive |", StringComparison.Ordinal), export);
            Assert.Contains("| 5000 |", export);
            Assert.Contains("The embeddings catch up near 1000 reviews.", export);
            Assert.Contains("| 0.05 |", export);
            Assert.Contains("Too permissive: it predicts almost everything.", export);
            Assert.Contains("Before and after: \"Book: 5 levels\" → now", export);
            Assert.Contains("Short, flat reviews sit between two levels.", export);
            Assert.Contains("| Double negative | Not bad at all, honestly. | Positive |", export);
            Assert.Contains("Add negation-heavy reviews to the training set.", export);

            var workbook = await lab.OpenAsync(ann, "/workbook", server);
            await Expect(workbook.Locator(".progress-2")).ToHaveTextAsync("in progress");
            await Expect(workbook.Locator(".workbook-document")).ToContainTextAsync("Not bad at all, honestly.");
            // The name is taken when the field is left, once the page is live.
            var name = workbook.GetByLabel("Your name (optional)");
            await Expect(name).ToBeEnabledAsync();
            await name.FillAsync("Ann Lee");
            await name.PressAsync("Tab");
            await Expect(workbook.Locator(".display-name")).ToContainTextAsync("your hand-ins show “Ann Lee”");
            await workbook.Locator(".hand-in").ClickAsync();
            await Expect(workbook.Locator(".hand-ins")).ToContainTextAsync("version 1");
            Assert.Contains("# Workbook: Ann Lee", await (await ann.APIRequest.GetAsync(new Uri(server.Address, "workbook/export.md").AbsoluteUri)).TextAsync());
            foreach (var (width, height) in Lab.ScreenSizes)
            {
                await workbook.SetViewportSizeAsync(width, height);
                await workbook.ReloadAsync();
                await Expect(workbook.Locator(".workbook-document")).ToContainTextAsync("Not bad at all, honestly.");
                await BrowserFixture.ScreenshotAsync(workbook, $"workbook-{width}x{height}");
            }

            await using var instructor = await lab.NewStudentAsync();
            var handIns = await lab.OpenAsync(instructor, "/hand-ins", server);
            await Expect(handIns.Locator(".mud-alert")).ToContainTextAsync("need the instructor's key");
            var log = await lab.OpenAsync(instructor, "/log", server);
            await log.Locator("input[type=password]").FillAsync(InstructorKey);
            await log.Locator(".show-class-view").ClickAsync();
            await log.WaitForURLAsync(url => new Uri(url).AbsolutePath == "/log");
            handIns = await lab.OpenAsync(instructor, "/hand-ins", server);
            var row = handIns.Locator(".hand-in-list tbody tr").Filter(new() { HasTextString = "Ann Lee" });
            await Expect(row).ToHaveCountAsync(1);
            await row.GetByText("open").ClickAsync();
            await Expect(handIns.Locator(".workbook-document")).ToContainTextAsync("The embeddings catch up near 1000 reviews.");
            // A hand-in never changes: the student's edits after it are in their workbook, not in it.
            Assert.Equal(System.Net.HttpStatusCode.Forbidden,
                (System.Net.HttpStatusCode)(await ann.APIRequest.GetAsync(new Uri(server.Address, "hand-ins/1.md").AbsoluteUri)).Status);
        }
        finally
        {
            await server.DisposeAsync();
        }
    }

    private static readonly string[] Routes = ["/medium/limited-data", "/medium/confidence", "/medium/custom-labels", "/medium/failure-analysis"];

    private static async Task FillLimitedDataAsync(IPage page)
    {
        await Lab.ExpectResultAsync(page.Locator(".results tbody tr"));
        await page.GetByRole(AriaRole.Button, new() { Name = "Fill the book's table" }).ClickAsync();
        await Expect(page.Locator(".results tbody tr")).ToHaveCountAsync(5, new() { Timeout = Lab.ResultTimeout });
        await AnswerAsync(page, 0, "The embeddings catch up near 1000 reviews.");
    }

    private static async Task FillConfidenceAsync(IPage page)
    {
        var note = page.GetByLabel("Notes for threshold 0.05");
        await Lab.ExpectResultAsync(note);
        await Lab.SavedAsync(page, () => note.FillAsync("Too permissive: it predicts almost everything."));
        await AnswerAsync(page, 0, "They hedge: kind of, sort of.");
    }

    private static async Task FillCustomLabelsAsync(IPage page)
    {
        await Lab.ExpectResultAsync(page.GetByText("Each review's best and second-best label"));
        await page.GetByRole(AriaRole.Button, new() { Name = "Book: 5 → 6 levels" }).ClickAsync();
        await Expect(page.Locator(".comparison-heading")).ToContainTextAsync("\"Book: 5 levels\" → now", new() { Timeout = Lab.ResultTimeout });
        await AnswerAsync(page, 0, "Short, flat reviews sit between two levels.");
    }

    private static async Task FillFailureAnalysisAsync(IPage page)
    {
        await Lab.ExpectResultAsync(page.Locator(".edge-accuracy h5"));
        await page.GetByRole(AriaRole.Button, new() { Name = "Add edge case" }).ClickAsync();
        // The new case's row is there once the circuit has answered the click.
        await Expect(page.GetByLabel("Category", new() { Exact = true })).ToHaveCountAsync(7);
        await page.GetByLabel("Category", new() { Exact = true }).Last.FillAsync("Double negative");
        await page.GetByLabel("Text", new() { Exact = true }).Last.FillAsync("Not bad at all, honestly.");
        // A new case's select shows only its placeholder: its outlined box is what a student clicks.
        await page.Locator(".edge-case-expected .mud-input-outlined").Last.ClickAsync();
        await page.Locator(".mud-popover-open .mud-list-item").Filter(new() { HasTextString = "Positive" }).First.ClickAsync();
        await Expect(page.Locator(".edge-verdict")).ToHaveCountAsync(7, new() { Timeout = Lab.ResultTimeout });
        var boxes = page.Locator(".book-answer textarea");
        await AnswerAsync(page, await boxes.CountAsync() - 1, "Add negation-heavy reviews to the training set.");
    }

    // What each page shows once filled, wherever it was opened from.
    private static async Task ExpectFilledAsync(IPage page)
    {
        var path = new Uri(page.Url).AbsolutePath;
        var answers = page.Locator(".book-answer textarea");
        switch (path)
        {
            case "/medium/limited-data":
                await Expect(page.Locator(".results tbody tr")).ToHaveCountAsync(5, new() { Timeout = Lab.ResultTimeout });
                await Expect(answers.First).ToHaveValueAsync("The embeddings catch up near 1000 reviews.");
                break;
            case "/medium/confidence":
                await Expect(page.GetByLabel("Notes for threshold 0.05")).ToHaveValueAsync("Too permissive: it predicts almost everything.", new() { Timeout = Lab.ResultTimeout });
                await Expect(answers.First).ToHaveValueAsync("They hedge: kind of, sort of.");
                break;
            case "/medium/custom-labels":
                await Expect(page.Locator(".comparison-heading")).ToContainTextAsync("\"Book: 5 levels\" → now", new() { Timeout = Lab.ResultTimeout });
                await Expect(answers.First).ToHaveValueAsync("Short, flat reviews sit between two levels.");
                break;
            case "/medium/failure-analysis":
                await Expect(page.GetByLabel("Text", new() { Exact = true }).Last).ToHaveValueAsync("Not bad at all, honestly.", new() { Timeout = Lab.ResultTimeout });
                await Expect(page.Locator(".edge-verdict")).ToHaveCountAsync(7, new() { Timeout = Lab.ResultTimeout });
                await Expect(answers.Last).ToHaveValueAsync("Add negation-heavy reviews to the training set.");
                break;
            default:
                Assert.Fail($"No expectation for {path}.");
                break;
        }

        await Expect(page.Locator("#blazor-error-ui")).ToBeHiddenAsync();
    }

    private static async Task AnswerAsync(IPage page, int index, string answer)
    {
        var box = page.Locator(".book-answer textarea").Nth(index);
        await Lab.SavedAsync(page, () => box.FillAsync(answer));
    }
}
