using Bunit;
using LabApp.Components.Pages.Generative;
using LabApp.Components.Pages.TaskSpecific;
using LabApp.Core;
using LabApp.Core.Experiments;
using LabApp.Core.Storage;
using LabApp.Extensions;
using LabApp.Services;
using LabApp.Tests.Inference;
using Microsoft.AspNetCore.Components;
using Microsoft.Extensions.DependencyInjection;
using MudBlazor;
using MudBlazor.Services;

namespace LabApp.Tests.Pages;

/// <summary>
/// The task-specific and Flan-T5 pages once their model is in the cache: here the tiny stand-in models, laid out in a
/// models folder of the test's own exactly as a download leaves them, over the real test split.
/// </summary>
public sealed class ModelReadyPageTests : BunitContext, IAsyncLifetime
{
    private static readonly TimeSpan Patience = TimeSpan.FromMinutes(2);

    private readonly string _models = TestFolders.Create("ready-models");
    private readonly ServiceProvider _lab;

    public ModelReadyPageTests()
    {
        Place("cardiffnlp/twitter-roberta-base-sentiment-latest", TinyModelFolder.Sentiment());
        Place("google/flan-t5-small", TinyModelFolder.FlanT5());
        var settings = LabSettings.Resolve(RepositoryPaths.SharedData, _models, name => name == "HF_ENDPOINT" ? "http://127.0.0.1:9" : null);
        _lab = new ServiceCollection().AddLabCore(settings).BuildServiceProvider();
        JSInterop.Mode = JSRuntimeMode.Loose;
        Services.AddMudServices();
        Services.AddSingleton(TimeProvider.System);
        Services.AddRunLog(Path.Combine(_models, "runs.sqlite"), instructorKey: null);
        Services.AddSingleton(new LabStatus(_lab));
        Services.AddSingleton(new LabApp.Core.Classifiers.Llm.LlmServerEndpoint(new LabApp.Core.Classifiers.Llm.LlmSettings(), allowStudentEndpoints: true));
        Services.AddScoped<StudentState>();
        Services.AddScoped<UrlState>();
        ChapterPageServices.AddRunners(Services, _lab);
        Services.AddFallbackServiceProvider(_lab);
        SetRendererInfo(new RendererInfo("Server", isInteractive: true));
        Services.GetRequiredService<BrowserIdentity>().Attach("model-ready-browser", classViewUntil: null);
        Log = Services.GetRequiredService<StudentRunLog>();
        Render<MudPopoverProvider>();
    }

    private StudentRunLog Log { get; }

    [Fact]
    public async Task The_task_specific_page_scores_the_seeded_test_subset_and_logs_the_run()
    {
        var page = Render<TaskSpecificPage>();
        page.WaitForAssertion(() => page.Find("button.run"), Patience);

        await page.InvokeAsync(() => page.Find("button.run").Click());

        page.WaitForAssertion(() => Assert.NotEmpty(page.FindAll(".prediction-table")), Patience);
        Assert.Contains("scores: negative / neutral / positive", page.Markup);
        Assert.Matches(@"\d+ of 300 reviews score highest as neutral", page.Find(".neutral-note").TextContent);
        Assert.Contains("the predicted class's probability (of the two)", page.Find(".selective-table").TextContent);
        Assert.Matches(@"^0\.\d{4}$", page.Find(".calibration-table .ece").TextContent);
        Assert.Empty(page.FindAll(".temperature-toggle"));
        Assert.Empty(page.FindAll(".download-model"));
        var run = Assert.Single(await Log.RecordedAsync(1, TestPatience.RealSplits));
        Assert.Equal(("task-specific", 300), (run.Page, run.Scores!.Reviews));
        Assert.Equal(new TaskSpecificParameters(300, 42), run.Parameters);
    }

    [Fact]
    public async Task The_generative_page_lists_the_answers_the_strict_reading_cannot_map()
    {
        var page = Render<GenerativePage>();
        page.WaitForAssertion(() => page.Find("button.run"), Patience);

        await page.InvokeAsync(() => page.Find("button.run").Click());

        // The stand-in decoder answers "neutral" for reviews that mention drama: neither word, so counted and listed.
        page.WaitForAssertion(() => Assert.NotEmpty(page.FindAll(".prediction-table")), Patience);
        Assert.Matches(@"\d+ of 300 answers are neither", page.Find(".unparsed-count").TextContent);
        Assert.NotEmpty(page.FindAll(".unparsed-answers code"));
        Assert.All(page.FindAll(".unparsed-answers code"), answer => Assert.Equal("neutral", answer.TextContent));
        Assert.Contains("Flan-T5 has no confidence per review — none: it answers with a word", page.Find(".no-confidence").TextContent);
        Assert.Empty(page.FindAll(".selective-table"));
        var run = Assert.Single(await Log.RecordedAsync(1, TestPatience.RealSplits));
        Assert.Equal("generative", run.Page);
        Assert.Equal(300, Assert.IsType<GenerativeParameters>(run.Parameters).TestSize);
    }

    private void Place(string modelId, TinyModelFolder model)
    {
        var target = Path.Combine(_models, modelId.Replace('/', Path.DirectorySeparatorChar));
        Directory.CreateDirectory(Path.GetDirectoryName(target)!);
        Directory.Move(model.Path, target);
    }

    public Task InitializeAsync() => Task.CompletedTask;

    async Task IAsyncLifetime.DisposeAsync()
    {
        await DisposeAsync();
        await _lab.DisposeAsync();
        Directory.Delete(_models, recursive: true);
    }
}
