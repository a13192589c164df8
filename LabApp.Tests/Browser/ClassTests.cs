using System.Diagnostics;
using LabApp.Core.Experiments;
using Microsoft.Playwright;
using static Microsoft.Playwright.Assertions;

namespace LabApp.Tests.Browser;

/// <summary>
/// The instructor and two students in three browser contexts on a lab of their own: the class's board follows the
/// students' work, a class edge case joins everyone's behavioural tests, and a following student's page follows the
/// instructor's presentation and comes back to their own; no student sees the board or can present.
/// </summary>
[Collection(BrowserCollection.Name)]
public sealed class ClassTests(BrowserFixture lab)
{
    private const string InstructorKey = "class-board-4c1d";

    [Fact]
    public async Task The_board_follows_the_class_a_case_joins_the_suite_and_a_follower_follows_the_presenter_and_comes_back()
    {
        await using var server = await LabServer.StartAsync(new Dictionary<string, string> { ["LAB_INSTRUCTOR_KEY"] = InstructorKey });
        await using var instructor = await lab.NewStudentAsync();
        await using var ann = await lab.NewStudentAsync();
        await using var bob = await lab.NewStudentAsync();

        // A student has neither the board nor Present.
        var refused = await lab.OpenAsync(ann, "/class", server);
        await Expect(refused.Locator(".class-refused")).ToContainTextAsync("needs the instructor's key");
        await Expect(refused.Locator(".present")).ToHaveCountAsync(0);

        var log = await lab.OpenAsync(instructor, "/log", server);
        await log.Locator("input[type=password]").FillAsync(InstructorKey);
        await log.Locator(".show-class-view").ClickAsync();
        await log.WaitForURLAsync(url => new Uri(url).AbsolutePath == "/log");
        var board = await lab.OpenAsync(instructor, "/class", server);
        await Expect(board.Locator(".class-progress")).ToBeVisibleAsync();
        var studentsCurve = board.Locator(".figure-chart .legendtext").Filter(new() { HasTextString = "students · minilm" });

        // Ann's Task 2 row reaches the board's learning curves.
        var task2 = await lab.OpenAsync(ann, "/medium/limited-data?train=300", server);
        await Lab.ExpectResultAsync(task2.Locator(".results tbody tr"));
        var settled = Stopwatch.StartNew();
        await Expect(studentsCurve).ToHaveCountAsync(1, new() { Timeout = 5_000 });
        Assert.True(settled.Elapsed < TimeSpan.FromSeconds(5), $"{settled.Elapsed}");
        await Expect(board.Locator(".class-progress tbody tr")).ToHaveCountAsync(1);

        // Bob's own edge case reaches the board, is read by the classifiers, and joins everyone's behavioural tests.
        var task4 = await lab.OpenAsync(bob, "/medium/failure-analysis", server);
        await Lab.ExpectResultAsync(task4.Locator(".edge-accuracy h5"));
        await task4.GetByRole(AriaRole.Button, new() { Name = "Add edge case" }).ClickAsync();
        // The new case's row is there once the circuit has answered the click.
        await Expect(task4.GetByLabel("Category", new() { Exact = true })).ToHaveCountAsync(7);
        await task4.GetByLabel("Category", new() { Exact = true }).Last.FillAsync("Double negative");
        await task4.GetByLabel("Text", new() { Exact = true }).Last.FillAsync("Not bad at all, honestly.");
        await task4.Locator(".edge-case-expected .mud-input-outlined").Last.ClickAsync();
        await task4.Locator(".mud-popover-open .mud-list-item").Filter(new() { HasTextString = "Positive" }).First.ClickAsync();
        var row = board.Locator(".class-edge-cases tbody tr").Filter(new() { HasTextString = "Not bad at all, honestly." });
        await Expect(row).ToHaveCountAsync(1, new() { Timeout = 5_000 });
        await Expect(row.Locator(".failing")).ToHaveTextAsync(new System.Text.RegularExpressions.Regex(@"^\d of [35]$"), new() { Timeout = Lab.ResultTimeout });
        await row.Locator(".add-to-suite").ClickAsync();
        await Expect(row.Locator(".in-suite")).ToBeVisibleAsync();
        var checklist = await lab.OpenAsync(bob, "/checklist?cases=10", server);
        await Expect(checklist.Locator(".checklist-matrix tbody tr").Filter(new() { HasTextString = "The class's edge cases" })).ToHaveCountAsync(1, new() { Timeout = Lab.ResultTimeout });

        // The instructor presents the confidence page; Ann follows, sees the instructor's threshold, then her own again.
        var own = await lab.OpenAsync(ann, "/medium/confidence?threshold=0.15", server);
        await Lab.ExpectResultAsync(own.GetByText("Per review at threshold 0.15"));
        var presented = await lab.OpenAsync(instructor, "/medium/confidence?threshold=0.3", server);
        await presented.SetViewportSizeAsync(1920, 1080);
        await Lab.ExpectResultAsync(presented.GetByText("Per review at threshold 0.30"));
        await presented.Locator(".present").ClickAsync();
        await Expect(presented.Locator(".presenting-chip")).ToContainTextAsync("Presenting");
        await Expect(own.Locator(".presentation-banner")).ToContainTextAsync("The instructor is presenting Confidence");
        await Expect(bob.Pages[^1].Locator(".presentation-banner")).ToContainTextAsync("Confidence");
        // The instructor's board, in another tab, is not asked to follow its own presentation.
        await Expect(board.Locator(".presenting-elsewhere")).ToContainTextAsync("You are presenting Confidence");
        await Expect(board.Locator(".follow")).ToHaveCountAsync(0);
        await own.Locator(".follow").ClickAsync();
        await Expect(own.GetByText("Per review at threshold 0.30")).ToBeVisibleAsync();
        await Expect(presented.Locator(".presenting-chip")).ToContainTextAsync("1 following");

        var slider = presented.Locator("input[type=range]");
        await slider.FocusAsync();
        await slider.PressAsync("ArrowRight");
        await Expect(presented.GetByText("Per review at threshold 0.31")).ToBeVisibleAsync();
        await Expect(own.GetByText("Per review at threshold 0.31")).ToBeVisibleAsync(new() { Timeout = 2_000 });

        // A reload of the projector's tab keeps the class following: the reloaded tab presents on.
        await presented.ReloadAsync();
        await Lab.ConnectedAsync(presented);
        await Expect(presented.Locator(".presenting-chip")).ToContainTextAsync("1 following");
        await Expect(own.Locator(".stop-following")).ToBeVisibleAsync();
        slider = presented.Locator("input[type=range]");
        await slider.FocusAsync();
        await slider.PressAsync("ArrowRight");
        await Expect(own.GetByText("Per review at threshold 0.32")).ToBeVisibleAsync(new() { Timeout = 2_000 });

        await own.Locator(".stop-following").ClickAsync();
        await Expect(own.GetByText("Per review at threshold 0.15")).ToBeVisibleAsync();
        await Expect(presented.Locator(".projector-chart .figure-chart")).ToBeVisibleAsync();
        await BrowserFixture.ScreenshotAsync(presented, "present-confidence-1920x1080");
        await presented.Locator(".stop-presenting").ClickAsync();
        await Expect(own.Locator(".presentation-banner")).ToHaveCountAsync(0);

        // The instructor's own demo pages are not a student's work: the board still has Ann and Bob only.
        await Expect(board.Locator(".class-progress tbody tr")).ToHaveCountAsync(2);
        await Expect(board.Locator("#blazor-error-ui")).ToBeHiddenAsync();
        foreach (var (width, height) in Lab.ScreenSizes)
        {
            await board.SetViewportSizeAsync(width, height);
            await board.ReloadAsync();
            await Expect(board.Locator(".class-edge-cases .in-suite")).ToBeVisibleAsync();
            await BrowserFixture.ScreenshotAsync(board, $"class-{width}x{height}");
        }
    }

    [Fact]
    public async Task The_presenter_sees_controls_beside_the_chart_and_the_board_opens_a_label_sets_heatmap()
    {
        await using var server = await LabServer.StartAsync(new Dictionary<string, string> { ["LAB_INSTRUCTOR_KEY"] = InstructorKey });
        await using var instructor = await lab.NewStudentAsync();
        await using var ann = await lab.NewStudentAsync();
        var log = await lab.OpenAsync(instructor, "/log", server);
        await log.Locator("input[type=password]").FillAsync(InstructorKey);
        await log.Locator(".show-class-view").ClickAsync();
        await log.WaitForURLAsync(url => new Uri(url).AbsolutePath == "/log");

        // Ann tries the book's six levels; the board ranks the set and draws its heatmap on the book's eight reviews.
        var task1 = await lab.OpenAsync(ann, "/medium/custom-labels", server);
        await Expect(task1.Locator(".figure-chart").First.Locator("g.xtick text")).ToHaveTextAsync(BookInputs.FiveLevels.ToArray(), new() { Timeout = Lab.ResultTimeout });
        await task1.GetByRole(AriaRole.Button, new() { Name = "Book: 6 levels" }).ClickAsync();
        var board = await lab.OpenAsync(instructor, "/class", server);
        var sixLevels = board.Locator(".class-label-sets tbody tr").Filter(new() { HasTextString = "very positive sentiment" });
        await Expect(sixLevels).ToHaveCountAsync(1, new() { Timeout = 5_000 });
        await sixLevels.Locator(".open-label-set").ClickAsync();
        var heatmap = board.Locator(".label-set-heatmap .figure-chart");
        await Expect(heatmap.Locator("g.xtick text")).ToHaveTextAsync(BookInputs.SixLevels.ToArray(), new() { Timeout = Lab.ResultTimeout });
        await Expect(heatmap.Locator("g.ytick text")).ToHaveCountAsync(BookInputs.CustomLabelsReviews.Count);
        await Expect(board.Locator(".class-progress tbody tr")).ToHaveCountAsync(1);
        foreach (var (width, height) in Lab.ScreenSizes)
        {
            await board.SetViewportSizeAsync(width, height);
            await board.Locator(".label-set-heatmap").ScrollIntoViewIfNeededAsync();
            await BrowserFixture.ScreenshotAsync(board, $"class-heatmap-{width}x{height}");
        }

        // Presented at 1920×1080, each page's controls and its main chart are on screen together, side by side; the
        // presenter moves from page to page in the one circuit that presents.
        var presented = await lab.OpenAsync(instructor, "/medium/confidence", server);
        await presented.SetViewportSizeAsync(1920, 1080);
        await Lab.ExpectResultAsync(presented.GetByText("Per review at threshold 0.15"));
        await presented.Locator(".present").ClickAsync();
        await Expect(presented.Locator(".presenting-chip")).ToBeVisibleAsync();
        foreach (var (route, control, main, ready) in new[]
        {
            ("/medium/limited-data?train=300", ".train-size", ".projector-chart .figure-chart", ".results tbody tr"),
            ("/medium/custom-labels", "text=Label 1", ".projector-chart .figure-chart", ".projector-chart .figure-chart g.ytick text"),
            ("/zero-shot", ".label-description", ".projector-chart .mud-paper", ".projector-chart .report-table"),
        })
        {
            await presented.EvaluateAsync("route => Blazor.navigateTo(route)", route);
            await Expect(presented.Locator(ready).First).ToBeVisibleAsync(new() { Timeout = Lab.ResultTimeout });
            var controls = await presented.Locator(control).First.BoundingBoxAsync() ?? throw new InvalidOperationException($"{route}: no {control}");
            var shown = await presented.Locator(main).First.BoundingBoxAsync() ?? throw new InvalidOperationException($"{route}: no {main}");
            Assert.True(shown.X >= controls.X + controls.Width, $"{route}: the result at x={shown.X} is not right of the controls ending at x={controls.X + controls.Width}");
            Assert.True(controls.Y + controls.Height <= 1080 && shown.Y < 1080 && shown.Y + Math.Min(shown.Height, 300) <= 1080, $"{route}: controls at y={controls.Y}, result at y={shown.Y}");
            await Expect(presented.Locator(".projector-chart .figure-chart g.xtick text").First).ToHaveCSSAsync("font-size", "18px");
            await BrowserFixture.ScreenshotAsync(presented, $"present-{route.Split('?')[0].Split('/')[^1]}-1920x1080");
        }

        // The board's tab may take the presentation over: the tab that presented says where it went.
        foreach (var (width, height) in Lab.ScreenSizes)
        {
            await board.SetViewportSizeAsync(width, height);
            await board.EvaluateAsync("() => window.scrollTo(0, 0)");
            await Expect(board.Locator(".present-here")).ToBeInViewportAsync();
            await BrowserFixture.ScreenshotAsync(board, $"class-presenting-elsewhere-{width}x{height}");
        }

        await board.Locator(".present-here").ClickAsync();
        await Expect(board.Locator(".presenting-chip")).ToBeVisibleAsync();
        await Expect(presented.Locator(".presenting-elsewhere")).ToContainTextAsync("You are presenting Zero-shot on another tab or screen");
        await Expect(presented.Locator(".presenting-chip")).ToHaveCountAsync(0);
    }
}
