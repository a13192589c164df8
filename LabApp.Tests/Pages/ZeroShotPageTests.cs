using Bunit;
using LabApp.Components.Pages.ZeroShot;
using LabApp.Core.Models;
using LabApp.Core.Storage;

namespace LabApp.Tests.Pages;

public sealed class ZeroShotPageTests : PageTests
{
    [Fact]
    public void One_label_is_refused_beside_the_editor()
    {
        var page = RenderAt<ZeroShotPage>("zero-shot?label=A%20positive%20review");

        page.WaitForAssertion(() => Assert.Contains("Give at least two label descriptions (there is one).", page.Find(".label-problem").TextContent));
        Assert.Single(page.FindAll(".label-description"));
        Assert.Empty(page.FindAll(".report-table"));
    }

    [Fact]
    public void Duplicate_labels_are_refused_beside_the_editor()
    {
        var page = RenderAt<ZeroShotPage>("zero-shot?label=A%20negative%20review&label=a%20negative%20review%20");

        page.WaitForAssertion(() => Assert.Contains("appears twice", page.Find(".label-problem").TextContent));
        Assert.Empty(page.FindAll(".report-table"));
        Assert.Empty(Log.Find());
    }

    [Fact]
    public async Task Emptying_a_label_while_typing_shows_the_message_and_the_editor_keeps_working()
    {
        var page = RenderAt<ZeroShotPage>("zero-shot?label=A%20negative%20review&label=A%20positive%20review&label=x");

        await page.InvokeAsync(() => page.FindAll(".label-description input")[2].Input(""));
        page.WaitForAssertion(() => Assert.Contains("Label 3 is empty", page.Find(".label-problem").TextContent));

        await page.InvokeAsync(() => page.FindAll(".remove-label")[2].Click());
        page.WaitForAssertion(() => Assert.Empty(page.FindAll(".label-problem")));
        Assert.Equal(2, page.FindAll(".label-description").Count);
    }

    [Fact]
    public async Task The_books_labels_are_evaluated_on_the_whole_test_split_and_logged()
    {
        var page = Render<ZeroShotPage>();

        page.WaitForAssertion(() => Assert.Single(page.FindAll(".report-table")), Patience);
        Assert.Contains("1066", page.Find(".report-table").TextContent);
        // Recorded once the labels have stood for a moment unchanged.
        var run = Assert.Single(await RecordedAsync(1));
        Assert.Equal("zero-shot", run.Method);
        Assert.Equal(new ZeroShotParameters(ModelCatalog.MiniLmId, ["A negative review", "A positive review"]), run.Parameters);
        Assert.Contains("\"A negative review\" | \"A positive review\"", run.Description);
        Assert.InRange(run.Scores!.Accuracy, 0.6, 0.9);
    }

    [Fact]
    public async Task Typing_re_evaluates_once_the_student_pauses_and_only_the_last_labels_count()
    {
        var page = Render<ZeroShotPage>();
        Assert.Single(await RecordedAsync(1));

        // Two keystrokes well inside the debounce: the first label set is never evaluated.
        await page.InvokeAsync(() => page.FindAll(".label-description input")[1].Input("A"));
        await page.InvokeAsync(() => page.FindAll(".label-description input")[1].Input("A glowing movie review"));

        var runs = await RecordedAsync(2);
        Assert.Equal(2, runs.Count);
        Assert.Equal("A glowing movie review", Assert.IsType<ZeroShotParameters>(runs[0].Parameters).Labels[1]);
        Assert.DoesNotContain(runs, r => ((ZeroShotParameters)r.Parameters).Labels.Contains("A"));
        page.WaitForAssertion(() => Assert.Contains("A glowing movie review", page.Find(".report-table").Parent!.TextContent));
    }

    [Fact]
    public async Task The_label_descriptions_come_back_from_the_workbook_in_a_new_circuit()
    {
        await using (var first = new SameBrowser(Workbooks))
        {
            // One label cannot be evaluated: nothing runs while it is edited.
            var page = first.Open<ZeroShotPage>("zero-shot?label=A%20positive%20review");
            await page.InvokeAsync(() => page.Find(".label-description input").Input("A dreadful film"));
        }

        await using var again = new SameBrowser(Workbooks);
        var reopened = again.Open<ZeroShotPage>("zero-shot");

        Assert.Equal("A dreadful film", Assert.Single(reopened.FindAll(".label-description input")).GetAttribute("value"));
        Assert.Contains("Give at least two label descriptions (there is one).", reopened.Find(".label-problem").TextContent);
        Assert.Contains("label=A%20dreadful%20film", again.Url);
    }
}
