using Bunit;
using MudBlazor.Services;
using LabApp.Core.Classifiers.Llm;
using LabApp.Core.Data;
using LabApp.Core.Experiments;
using LabApp.Extensions;
using LabApp.Services;
using LabApp.Tests.Llm;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.Extensions.DependencyInjection;

namespace LabApp.Tests.Faults;

/// <summary>
/// The corpus's silently wrong cases: input that was taken for something it is not (an option as a label, four labels
/// on binary data, a threshold no measure reaches, a binary file as reviews, a key with a line break), or dropped without
/// a word. Each is now refused before any work with exit code 2 and one line, or with the page's message.
/// </summary>
public sealed class SilentFaultCorpusTests
{
    [Theory]
    // A value that looks like an option is a forgotten value, whether or not the command has that option.
    [InlineData("--labels needs a value before --threshold", "run", "zero-shot", "--labels", "--threshold", "0.2")]
    [InlineData("--labels needs a value before --verbose", "run", "custom-labels", "--labels", "--verbose")]
    [InlineData("--prompt needs a value before --temperature", "run", "generative", "--prompt", "--temperature", "0")]
    // A single option given twice, or a list option given in two parts.
    [InlineData("--labels is given twice", "run", "zero-shot", "--labels", "a", "b", "--labels", "x", "y")]
    [InlineData("--train-size is given twice", "run", "limited-data", "--train-size", "100", "--train-size", "200")]
    [InlineData("--seed is given twice", "run", "centroid", "--seed", "1", "--seed", "2")]
    [InlineData("--split is given twice", "sample", "--split", "test", "--take", "3", "--split", "train")]
    // Label counts the split cannot take: its reviews are negative or positive.
    [InlineData("--labels: zero-shot on the test split takes exactly 2 label descriptions, negative first (there are 3)", "run", "zero-shot", "--labels", "a", "b", "c")]
    [InlineData("zero-shot on the test split takes exactly 2 label descriptions", "compare", "--a", "zero-shot --labels a b c", "--b", "supervised")]
    [InlineData("--labels is not used by supervised: it is for zero-shot", "compare", "--a", "supervised --labels a b", "--b", "zero-shot")]
    [InlineData("--train-size is not used by zero-shot: it is for supervised and centroid", "compare", "--a", "supervised", "--b", "zero-shot --train-size 100")]
    // Options the method does not use.
    [InlineData("--labels is not used by supervised: it is for zero-shot", "run", "supervised", "--labels", "a", "b")]
    [InlineData("--prompt is not used by centroid: it is for generative and llm", "run", "centroid", "--prompt", "x")]
    [InlineData("--base-url is not used by centroid: it is for llm", "run", "centroid", "--base-url", "http://127.0.0.1:9/v1")]
    [InlineData("--yes is not used by centroid: it is for llm", "run", "centroid", "--yes")]
    [InlineData("--api-key is not used by zero-shot: it is for llm", "run", "zero-shot", "--api-key", "k")]
    [InlineData("--train-size is not used by zero-shot: it is for supervised and centroid", "run", "zero-shot", "--train-size", "100")]
    [InlineData("--model is not used by task-specific", "run", "task-specific", "--model", "mpnet")]
    // Thresholds outside the measure's range, as the page's slider has it.
    [InlineData("--threshold must be from 0 to 0.5 for the margin measure, got 1000.", "run", "confidence", "--threshold", "1e3")]
    [InlineData("--threshold must be from -0.6 to 0.5 for the max measure, got -1.", "run", "confidence", "--measure", "max", "--threshold", "-1")]
    // Empty paths and a file named as a folder.
    [InlineData("--models-dir takes a folder's path, got ''", "--models-dir", "", "info")]
    [InlineData("--data-dir takes a folder's path, got ' '", "--data-dir", " ", "info")]
    [InlineData("--models-dir {file} is a file, not a folder", "--models-dir", "{file}", "info")]
    [InlineData("--data-dir {file} is a file, not a folder", "--data-dir", "{file}", "sample", "--split", "test", "--take", "2")]
    [InlineData("--log-path takes a file's path, got ''", "compare", "--a", "1", "--b", "2", "--log-path", "")]
    [InlineData("--suite-file takes a file's path, got ''", "run", "checklist", "--suite-file", "")]
    // Line breaks in what becomes a header or a URL.
    [InlineData("The API key holds a line break", "run", "llm", "--base-url", "http://127.0.0.1:9/v1", "--api-key", "sk-abc\r\nX-Injected: 1", "--test-size", "2")]
    [InlineData("The base URL holds a line break", "run", "llm", "--base-url", "http://127.0.0.1:9/v1\r\nX-Injected: 1", "--test-size", "2")]
    [InlineData("The model name holds a line break", "run", "llm", "--base-url", "http://127.0.0.1:9/v1", "--model", "gpt\r\nX-Injected: 1", "--test-size", "2")]
    [InlineData("--hub-endpoint holds a line break", "--hub-endpoint", "http://127.0.0.1:9/\r\nX-Injected: 1", "info")]
    [InlineData("--hub-endpoint is blank", "--hub-endpoint", "", "info")]
    [InlineData("--api-key is blank", "run", "llm", "--base-url", "http://127.0.0.1:9/v1", "--api-key", " ", "--test-size", "2")]
    [InlineData("The model name is empty", "run", "llm", "--base-url", "http://127.0.0.1:9/v1", "--model", "\u200b", "--test-size", "2")]
    [InlineData("--log-path is used only when --a or --b names a run of the log by its id", "compare", "--a", "centroid", "--b", "zero-shot", "--log-path", "{file}")]
    [InlineData("--seeds: Seed 42 is given twice", "run", "limited-data", "--seeds", "42,0,42", "--train-size", "100", "--test-size", "50")]
    public async Task A_value_taken_for_something_else_exits_2_before_any_work(string expected, params string[] args)
    {
        var models = TestFolders.Create("silent-models");
        var file = Path.Combine(TestFolders.Create("silent-file"), "a-file");
        File.WriteAllText(file, "not a folder");
        string[] given = [.. args.Select(a => a.Replace("{file}", file))];
        string[] defaults = [.. given.Contains("--data-dir") ? [] : new[] { "--data-dir", FaultCorpus.DataDir }, .. given.Contains("--models-dir") ? [] : new[] { "--models-dir", models }];

        var (code, output, error) = await Headless.HeadlessRunnerTests.Run([.. defaults, .. given]);

        FaultCorpus.AssertOneLine(2, expected.Replace("{file}", file), code, error);
        Assert.Equal("", output);
        Assert.Empty(Directory.EnumerateFileSystemEntries(models));
    }

    [Fact]
    public async Task A_binary_file_given_as_reviews_is_refused_rather_than_read_as_reviews()
    {
        var models = TestFolders.Create("silent-models");
        var (code, output, error) = await FaultCorpus.Run(models, "run", "custom-labels", "--reviews-file", "/bin/ls");

        FaultCorpus.AssertOneLine(2, "--reviews-file /bin/ls is not a text file", code, error);
        Assert.Equal("", output);
        Assert.Empty(Directory.EnumerateFileSystemEntries(models));
    }

    [Fact]
    public async Task A_binary_file_on_standard_input_is_refused_rather_than_tokenized()
    {
        var (code, output, error) = await Shell.RunAsync("tokenize < /bin/ls");

        FaultCorpus.AssertOneLine(2, "standard input is not UTF-8 text", code, error);
        Assert.Equal("", output);
    }

    [Theory]
    [InlineData("tests[0].type is 5: use MFT, INV or DIR.", """{"maxCases": 5, "tests": [{"capability": "x", "type": 5, "perturbation": "", "templates": ["positive: good"]}]}""")]
    [InlineData("tests[0].type is \"XYZ\": use MFT, INV or DIR.", """{"maxCases": 5, "tests": [{"capability": "x", "type": "XYZ", "templates": ["positive: good"]}]}""")]
    [InlineData("Test 1 (x): \"123 456 !!!\" has no two different letters side by side, so a typo makes no case of it", """{"maxCases": 5, "tests": [{"capability": "x", "type": "INV", "perturbation": "typo", "templates": ["123 456 !!!"]}]}""")]
    [InlineData("tests[0] has no field \"template\" (did you mean templates?)", """{"maxCases": 5, "tests": [{"capability": "x", "type": "MFT", "template": ["positive: good"]}]}""")]
    public async Task A_suite_that_would_test_nothing_or_something_else_exits_2(string expected, string json)
    {
        var models = TestFolders.Create("silent-models");
        var file = Path.Combine(TestFolders.Create("silent-suite"), "suite.json");
        await File.WriteAllTextAsync(file, json);

        var (code, output, error) = await FaultCorpus.Run(models, "run", "checklist", "--suite-file", file);

        FaultCorpus.AssertOneLine(2, expected, code, error);
        Assert.Equal("", output);
    }

    [Fact]
    public async Task A_prompt_or_review_longer_than_the_page_takes_never_leaves_the_server()
    {
        await using var server = await FakeChatServer.StartAsync();
        using var cache = new TemporaryCache();
        var choice = new LlmChoice(new LlmServerEndpoint(new LlmSettings { BaseUrl = server.BaseUrl, ApiKey = "lab-key" }, allowStudentEndpoints: true));
        var longPrompt = new string('x', 220_000) + " [DOCUMENT]";

        Assert.Contains("100,000 characters", PromptTemplate.Validate(longPrompt));
        choice.PromptText = longPrompt;
        await Assert.ThrowsAsync<ArgumentException>(async () => await choice.CreateClassifier(cache.Cache).ClassifyAsync("a fine film"));
        choice.PromptText = PromptTemplate.Book.Text;
        var problem = await Assert.ThrowsAsync<ArgumentException>(async () => await choice.CreateClassifier(cache.Cache).ClassifyAsync(new string('a', 220_000)));
        Assert.Contains("100,000 characters", problem.Message);

        Assert.Equal(0, server.RequestCount);
        Assert.Equal(0, cache.Cache.Count());
    }

    [Fact]
    public void A_base_url_far_longer_than_an_address_is_refused_with_its_length_not_its_text()
    {
        var choice = new LlmChoice(new LlmServerEndpoint(new LlmSettings(), allowStudentEndpoints: true));
        var problem = choice.Apply("http://127.0.0.1:8080/v1/" + new string('a', 225_000), "gpt-4o-mini", typedKey: null);

        Assert.NotNull(problem);
        Assert.Contains("225,025 characters", problem);
        Assert.True(problem.Length < 400, problem);
        Assert.Equal(LlmSettings.DefaultBaseUrl, choice.ShownBaseUrl);
    }

    [Fact]
    public void Every_typed_field_over_its_bound_gets_the_checks_message_rather_than_a_silent_cut()
    {
        var over = new string('a', TypedText.MaxCharacters + 1);

        Assert.Equal($"Edge case 1's category has more than {TypedText.MaxCharacters:N0} characters: shorten it.",
            FailureAnalysisExperiment.Check([new EdgeCase(over, "a fine film", 0)]));
        Assert.Contains($"more than {TypedText.MaxCharacters:N0} characters",
            ChecklistExpansion.Check(ChecklistSuite.Default with { Tests = [new ChecklistTest("Long", ChecklistTestType.MFT, "", ["positive: " + over])] }));
        Assert.Contains($"more than {TypedText.MaxCharacters:N0} characters", PromptTemplate.Validate(over + PromptTemplate.DocumentPlaceholder));
        Assert.Contains($"more than {TypedText.MaxCharacters:N0} characters", Core.Runners.GenerativeRunner.PromptProblem(over));
    }

    [Fact]
    public async Task Wrong_instructor_keys_are_throttled_so_guessing_is_no_quicker_than_typing()
    {
        const string key = "tuesday-class-7f3a";
        var builder = WebApplication.CreateSlimBuilder();
        builder.Services.AddSingleton(TimeProvider.System);
        builder.Services.AddRunLog(Path.Combine(TestFolders.Create("silent-key"), "runs.sqlite"), key);
        builder.WebHost.UseUrls("http://127.0.0.1:0");
        await using var app = builder.Build();
        app.UseBrowserIdCookie();
        app.MapRunLog();
        await app.StartAsync();
        using var http = new HttpClient(new HttpClientHandler { AllowAutoRedirect = false }) { BaseAddress = new Uri(app.Urls.First()) };

        var answers = new List<System.Net.HttpStatusCode>();
        for (var i = 0; i < 30; i++)
        {
            using var wrong = await http.PostAsync("/log/class", new FormUrlEncodedContent([new("key", $"guess-{i}")]));
            answers.Add(wrong.StatusCode);
        }

        using var right = await http.PostAsync("/log/class", new FormUrlEncodedContent([new("key", key)]));

        Assert.Equal(System.Net.HttpStatusCode.Redirect, answers[0]);
        Assert.True(answers.Count(a => a == System.Net.HttpStatusCode.TooManyRequests) >= 20, string.Join(", ", answers));
        // While throttled even the right key waits: otherwise the throttle would only slow down the wrong guesses.
        Assert.Equal(System.Net.HttpStatusCode.TooManyRequests, right.StatusCode);
        Assert.Contains("wait", await right.Content.ReadAsStringAsync());
        Assert.False(right.Headers.Contains("Set-Cookie") && right.Headers.GetValues("Set-Cookie").Any(c => c.StartsWith(InstructorKey.MarkerCookie, StringComparison.Ordinal)));
        await app.StopAsync();
    }
}

/// <summary>The corpus's silently wrong page: a training size the field cannot read never trains on the last one it could.</summary>
public sealed class SilentPageFaultCorpusTests : Medium.Pages.MediumPageContext
{
    [Fact]
    public async Task A_training_size_past_any_number_leaves_the_train_button_unable_to_train()
    {
        var page = RenderPage<Components.Pages.Medium.LimitedData>("/medium/limited-data?train=500");
        page.WaitForAssertion(() => Assert.Contains("after training on 500", page.Markup), Patience);

        await page.InvokeAsync(() => page.Find(".train-size input").Input("99999999999999999999"));
        // The click's task is the run it would start: once it ends, whatever the click started has finished, so the
        // button is disabled for what the field holds, not for a run.
        await page.InvokeAsync(() => page.FindAll("button").First(b => b.TextContent.StartsWith("Train on", StringComparison.Ordinal)).ClickAsync(new()));

        Assert.True(page.FindAll("button").First(b => b.TextContent.StartsWith("Train on", StringComparison.Ordinal)).HasAttribute("disabled"));
        Assert.Contains("Not a valid number", page.Markup);
        Assert.Equal(["500"], page.FindAll(".results tbody tr td:first-child").Select(c => c.TextContent));
    }
}

/// <summary>The corpus's silently cut name: a name past its bound gets the page's message and is not kept cut short.</summary>
public sealed class SilentWorkbookFaultCorpusTests : BunitContext, IAsyncLifetime
{
    private const string Browser = "silent-workbook-browser";
    private readonly Core.Storage.WorkbookStore _store = new(Path.Combine(TestFolders.Create("silent-workbook"), "workbooks.sqlite"));

    public SilentWorkbookFaultCorpusTests()
    {
        JSInterop.Mode = JSRuntimeMode.Loose;
        Services.AddMudServices();
        Services.AddLogging();
        Services.AddSingleton(TimeProvider.System);
        Services.AddSingleton(_store);
        Services.AddSingleton(new Core.Storage.SnapshotStore(Path.Combine(TestFolders.Create("silent-links"), "links.sqlite")));
        Services.AddScoped<UrlState>();
        Services.AddScoped<BrowserIdentity>();
        Services.AddSingleton(new Presentation());
        Services.AddScoped<PageStates>();
        Services.AddScoped<StudentWorkbook>();
        // The workbook's fields are live only in an interactive render, as on the lab's circuit.
        SetRendererInfo(new Microsoft.AspNetCore.Components.RendererInfo("Server", isInteractive: true));
        Services.GetRequiredService<BrowserIdentity>().Attach(Browser, classViewUntil: null);
    }

    [Fact]
    public async Task A_name_longer_than_a_hand_in_shows_gets_the_pages_message_not_a_cut()
    {
        Render<MudBlazor.MudPopoverProvider>();
        var page = Render<Components.Pages.Workbook.WorkbookPage>();
        // The field is there before the workbook is read; the read's render replaces its handler, so type once it is in.
        page.WaitForAssertion(() => Assert.NotEmpty(page.FindAll(".progress")));

        await page.InvokeAsync(() => page.Find(".display-name input").Change(new string('x', Core.Storage.WorkbookStore.LongestName + 1)));

        page.WaitForAssertion(() => Assert.Contains($"Your name has more than {Core.Storage.WorkbookStore.LongestName} characters: shorten it.", page.Markup));
        Assert.Null(_store.NameOf(Browser));
        Assert.Equal((Core.Storage.WorkbookStore.LongestName + 1).ToString(System.Globalization.CultureInfo.InvariantCulture), page.Find(".display-name input").GetAttribute("maxlength"));
    }

    public Task InitializeAsync() => Task.CompletedTask;

    Task IAsyncLifetime.DisposeAsync() => DisposeAsync().AsTask();
}
