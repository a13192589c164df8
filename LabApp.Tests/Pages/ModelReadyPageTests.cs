using LabApp.Core.Storage;
using Bunit;
using LabApp.Components.Pages.Generative;
using LabApp.Components.Pages.TaskSpecific;
using LabApp.Tests.Inference;

namespace LabApp.Tests.Pages;

/// <summary>
/// The task-specific and Flan-T5 pages once their model is in the cache: here the tiny stand-in models, laid out in a
/// models folder of the test's own exactly as a download leaves them, over the real test split.
/// </summary>
public sealed class ModelReadyPageTests : IAsyncLifetime
{
    private const string BrowserId = "model-ready-browser";

    private static readonly TimeSpan Patience = TimeSpan.FromMinutes(2);

    private readonly LabOfItsOwn _lab = new("ready-models", new Uri("http://127.0.0.1:9"));

    public ModelReadyPageTests()
    {
        _lab.Place("cardiffnlp/twitter-roberta-base-sentiment-latest", TinyModelFolder.Sentiment().Path);
        _lab.Place("google/flan-t5-small", TinyModelFolder.FlanT5().Path);
    }

    [Fact]
    public async Task The_task_specific_page_scores_the_seeded_test_subset_and_logs_the_run()
    {
        await using var student = new LabOfItsOwn.Student(_lab, BrowserId);
        var page = student.Open<TaskSpecificPage>("task-specific");
        page.WaitForAssertion(() => page.Find("button.run"), Patience);

        await page.InvokeAsync(() => page.Find("button.run").Click());

        page.WaitForAssertion(() => Assert.NotEmpty(page.FindAll(".prediction-table")), Patience);
        Assert.Contains("scores: negative / neutral / positive", page.Markup);
        Assert.Matches(@"\d+ of 300 reviews score highest as neutral", page.Find(".neutral-note").TextContent);
        Assert.Contains("the predicted class's probability (of the two)", page.Find(".selective-table").TextContent);
        Assert.Matches(@"^0\.\d{4}$", page.Find(".calibration-table .ece").TextContent);
        Assert.Empty(page.FindAll(".temperature-toggle"));
        Assert.Empty(page.FindAll(".download-model"));
        var run = Assert.Single(await student.Log.RecordedAsync(1, TestPatience.RealSplits));
        Assert.Equal(("task-specific", 300), (run.Page, run.Scores!.Reviews));
        Assert.Equal(new TaskSpecificParameters(300, 42), run.Parameters);
    }

    [Fact]
    public async Task The_generative_page_lists_the_answers_the_strict_reading_cannot_map()
    {
        await using var student = new LabOfItsOwn.Student(_lab, BrowserId);
        var page = student.Open<GenerativePage>("generative");
        page.WaitForAssertion(() => page.Find("button.run"), Patience);

        await page.InvokeAsync(() => page.Find("button.run").Click());

        // The stand-in decoder answers "neutral" for reviews that mention drama: neither word, so counted and listed.
        page.WaitForAssertion(() => Assert.NotEmpty(page.FindAll(".prediction-table")), Patience);
        Assert.Matches(@"\d+ of 300 answers are neither", page.Find(".unparsed-count").TextContent);
        Assert.NotEmpty(page.FindAll(".unparsed-answers code"));
        Assert.All(page.FindAll(".unparsed-answers code"), answer => Assert.Equal("neutral", answer.TextContent));
        Assert.Contains("Flan-T5 has no confidence per review — none: it answers with a word", page.Find(".no-confidence").TextContent);
        Assert.Empty(page.FindAll(".selective-table"));
        var run = Assert.Single(await student.Log.RecordedAsync(1, TestPatience.RealSplits));
        Assert.Equal("generative", run.Page);
        Assert.Equal(300, Assert.IsType<GenerativeParameters>(run.Parameters).TestSize);
    }

    [Fact]
    public async Task The_task_specific_test_subset_comes_back_from_the_workbook_in_a_new_circuit()
    {
        await using (var first = new LabOfItsOwn.Student(_lab, BrowserId))
        {
            var page = first.Open<TaskSpecificPage>("task-specific");
            page.WaitForAssertion(() => page.Find("button.run"), Patience);
            await page.InvokeAsync(() => page.Find(".test-size input").Input("50"));
            await page.InvokeAsync(() => page.Find(".seed input").Input("7"));
        }

        await using var again = new LabOfItsOwn.Student(_lab, BrowserId);
        var reopened = again.Open<TaskSpecificPage>("task-specific");

        reopened.WaitForAssertion(() => reopened.Find("button.run"), Patience);
        Assert.Equal("50", reopened.Find(".test-size input").GetAttribute("value"));
        Assert.Equal("7", reopened.Find(".seed input").GetAttribute("value"));
        Assert.EndsWith("task-specific?test=50&seed=7", again.Address);
        // Never run with these settings: the page waits for Run, as on a first visit.
        Assert.Empty(reopened.FindAll(".prediction-table"));
    }

    [Fact]
    public async Task The_generative_prompt_and_its_numbers_come_back_from_the_workbook_in_a_new_circuit()
    {
        const string Prompt = "Positive or negative? ";
        await using (var first = new LabOfItsOwn.Student(_lab, BrowserId))
        {
            var page = first.Open<GenerativePage>("generative");
            page.WaitForAssertion(() => page.Find("button.run"), Patience);
            await page.InvokeAsync(() => page.Find(".test-size input").Input("40"));
            await page.InvokeAsync(() => page.Find(".prompt input").Input(Prompt));
            await page.InvokeAsync(() => page.Find("button.run").Click());
            page.WaitForAssertion(() => Assert.Contains("of 40 answers", page.Find(".unparsed-count").TextContent), Patience);
        }

        await using var again = new LabOfItsOwn.Student(_lab, BrowserId);
        var reopened = again.Open<GenerativePage>("generative");

        // The student's last numbers were on the page: they come back by themselves.
        reopened.WaitForAssertion(() => Assert.Contains("of 40 answers", reopened.Find(".unparsed-count").TextContent), Patience);
        Assert.Equal("40", reopened.Find(".test-size input").GetAttribute("value"));
        Assert.Equal(Prompt, reopened.Find(".prompt input").GetAttribute("value"));
    }

    public Task InitializeAsync() => Task.CompletedTask;

    async Task IAsyncLifetime.DisposeAsync() => await _lab.DisposeAsync();
}
