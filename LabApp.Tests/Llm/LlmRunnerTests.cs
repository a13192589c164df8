using System.Text;
using LabApp.Core.Classifiers.Llm;
using LabApp.Core.Runners;
using LabApp.Core.Storage;
using LabApp.Services;
using Microsoft.Data.Sqlite;
using Microsoft.Extensions.Time.Testing;

namespace LabApp.Tests.Llm;

/// <summary>
/// The LLM page's runner over the real test split and a local chat server: a run sends exactly the reviews its
/// estimate priced or nothing, is timed and logged once (as every page's run, through <see cref="SettledRuns"/>), and
/// no password or key reaches a message, a log line or a file.
/// </summary>
public sealed class LlmRunnerTests : IDisposable
{
    private const string ServerKey = "sk-test-SERVERKEY-4b2d";

    private readonly TemporaryCache _cache = new();
    private readonly string _logFolder = TestFolders.Create("llm-runs");
    private readonly FakeTimeProvider _clock = new(new DateTimeOffset(2025, 3, 1, 9, 0, 0, TimeSpan.Zero));
    private readonly RecordingLogger<LlmClassifier> _logger = new();

    public LlmRunnerTests()
    {
        var browser = new BrowserIdentity(TimeProvider.System);
        browser.Attach("llm-runner-tests", classViewUntil: null);
        Log = new StudentRunLog(new RunLog(Path.Combine(_logFolder, "runs.sqlite")), browser);
        Runs = new SettledRuns(Log, _clock);
    }

    private StudentRunLog Log { get; }

    private SettledRuns Runs { get; }

    private static CancellationTokenSource Bounded() => new(TimeSpan.FromSeconds(60));

    private LlmRunner Runner() => new(SharedModel.Lab, _cache.Cache, Runs, _clock, _logger);

    /// <summary>Lets the runs handed to the run log settle.</summary>
    private void Settle() => _clock.Advance(SettledRuns.SettleTime);

    private static LlmChoice ChoiceAt(FakeChatServer lab) => new(new LlmServerEndpoint(
        new LlmSettings { BaseUrl = lab.BaseUrl, ApiKey = ServerKey, Model = "lab-model", RetryBaseDelay = TimeSpan.FromMilliseconds(1) },
        allowStudentEndpoints: true));

    public static TheoryData<string, string> Changes => new()
    {
        { "seed", "the seed (other test reviews are chosen now)" },
        { "test size", "the test size (20 reviews were estimated, 25 are chosen now)" },
        { "prompt", "the prompt" },
        { "model", "the model" },
        { "endpoint", "the endpoint" },
    };

    [Theory]
    [MemberData(nameof(Changes))]
    public async Task A_change_after_the_estimate_is_refused_with_what_changed_and_nothing_is_sent(string change, string named)
    {
        using var timeout = Bounded();
        await using var lab = await FakeChatServer.StartAsync();
        var choice = ChoiceAt(lab);
        var runner = Runner();
        var estimate = await runner.EstimateAsync(choice, 20, 42, timeout.Token);

        var (testSize, seed) = (20, 42UL);
        switch (change)
        {
            case "seed": seed = 7; break;
            case "test size": testSize = 25; break;
            case "prompt": choice.PromptText = "Positive? Say 1 or 0.\n\n[DOCUMENT]"; break;
            case "model": Assert.Null(choice.Apply(choice.ShownBaseUrl, "other-model", typedKey: null)); break;
            default: Assert.Null(choice.Apply("http://127.0.0.1:9/v1", choice.Model, typedKey: null)); break;
        }

        var refused = await Assert.ThrowsAsync<InvalidOperationException>(() => runner.SendAsync(estimate, choice, testSize, seed, cancellationToken: timeout.Token));
        Settle();

        Assert.Equal($"Nothing was sent: {named} changed since the estimate. Estimate again to see what this run costs, then send it.", refused.Message);
        Assert.Equal((20, 20), (estimate.Reviews, estimate.Requests));
        Assert.Equal(0, lab.RequestCount);
        Assert.Empty(Log.Find());
    }

    [Fact]
    public async Task Send_asks_exactly_the_estimated_reviews_and_records_the_timed_run()
    {
        using var timeout = Bounded();
        await using var lab = await FakeChatServer.StartAsync();
        // Each answer takes a second on the test's clock, so the recorded duration is the run's own.
        lab.Hold = _ =>
        {
            _clock.Advance(TimeSpan.FromSeconds(1));
            return Task.CompletedTask;
        };
        var choice = ChoiceAt(lab);
        var runner = Runner();
        var estimate = await runner.EstimateAsync(choice, 20, 42, timeout.Token);
        var expected = await SharedModel.Lab.SampleAsync("test", 20, 42, timeout.Token);

        var run = await runner.SendAsync(estimate, choice, 20, 42, cancellationToken: timeout.Token);
        var sent = _clock.GetUtcNow();
        Settle();

        Assert.Equal(estimate.Sample.Texts.Order(StringComparer.Ordinal), lab.Requests.Select(FakeChatServer.ReviewOf).Order(StringComparer.Ordinal));
        Assert.Equal(expected.Indices, run.Run.Predictions.Select(p => p.Index));
        Assert.Equal(estimate.Requests, lab.RequestCount);
        Assert.All(lab.Requests, r => Assert.Equal("Bearer " + ServerKey, r.Authorization));
        var record = Assert.Single(Log.Find());
        var host = new Uri(lab.BaseUrl).Authority;
        Assert.Equal(("llm", "llm", "lab-model", "llm"), (record.Page, record.Method, record.ModelId, record.Kind));
        Assert.Equal(new LlmParameters("lab-model", host, PromptTemplate.Book.Text, 20, 42), record.Parameters);
        Assert.Equal($"model=lab-model test=20 seed=42 endpoint={host}, the book's prompt", record.Description);
        Assert.Equal(TimeSpan.FromSeconds(20), record.Duration);
        Assert.Equal(sent, record.Time);
        Assert.Equal(20, record.Scores!.Reviews);
        Assert.Equal(run.Run.Report.Accuracy, record.Scores.Accuracy);
    }

    [Fact]
    public async Task The_same_run_sent_again_is_logged_once_and_another_seed_is_another_row()
    {
        using var timeout = Bounded();
        await using var lab = await FakeChatServer.StartAsync();
        var choice = ChoiceAt(lab);
        var runner = Runner();

        var first = await runner.SendAsync(await runner.EstimateAsync(choice, 10, 42, timeout.Token), choice, 10, 42, cancellationToken: timeout.Token);
        Settle();
        // Every answer is cached now: the same run again sends nothing and adds no row.
        await runner.SendAsync(await runner.EstimateAsync(choice, 10, 42, timeout.Token), choice, 10, 42, cancellationToken: timeout.Token);
        Settle();
        var logged = Assert.Single(Log.Find());
        Assert.Equal(10, lab.RequestCount);
        await runner.SendAsync(await runner.EstimateAsync(choice, 10, 7, timeout.Token), choice, 10, 7, cancellationToken: timeout.Token);
        Settle();

        Assert.Equal(first.Run.Report.Accuracy, logged.Scores!.Accuracy);
        Assert.Equal([7UL, 42UL], Log.Find().Select(r => ((LlmParameters)r.Parameters).Seed));
    }

    [Fact]
    public async Task Changing_the_seed_and_back_sends_the_estimated_reviews()
    {
        using var timeout = Bounded();
        await using var lab = await FakeChatServer.StartAsync();
        var choice = ChoiceAt(lab);
        var runner = Runner();
        var estimate = await runner.EstimateAsync(choice, 12, 42, timeout.Token);

        await Assert.ThrowsAsync<InvalidOperationException>(() => runner.SendAsync(estimate, choice, 12, 43, cancellationToken: timeout.Token));
        var run = await runner.SendAsync(estimate, choice, 12, 42, cancellationToken: timeout.Token);

        Assert.Equal(12, lab.RequestCount);
        Assert.Equal(estimate.Sample.Indices, run.Run.Predictions.Select(p => p.Index));
    }

    [Fact]
    public async Task A_password_in_the_endpoint_and_the_labs_key_reach_no_message_log_run_log_or_file()
    {
        using var timeout = Bounded();
        await using var lab = await FakeChatServer.StartAsync();
        await using var student = await FakeChatServer.StartAsync();
        var withPassword = student.BaseUrl.Replace("http://", "http://user:secret@", StringComparison.Ordinal);
        var choice = ChoiceAt(lab);
        var runner = Runner();

        Assert.Null(choice.Apply(withPassword, "llama3", typedKey: null));
        var estimate = await runner.EstimateAsync(choice, 10, 42, timeout.Token);
        var run = await runner.SendAsync(estimate, choice, 10, 42, cancellationToken: timeout.Token);
        Assert.Null(choice.Apply("http://user:secret@127.0.0.1:1/v1", "llama3", typedKey: null));
        var unreachable = await Assert.ThrowsAsync<LlmRequestException>(() => runner.AskAsync(choice, "A good film.", timeout.Token));
        var refused = await Assert.ThrowsAsync<InvalidOperationException>(() => runner.SendAsync(estimate, choice, 10, 42, cancellationToken: timeout.Token));
        Settle();
        SqliteConnection.ClearAllPools();

        Assert.Equal(10, student.RequestCount);
        Assert.All(student.Requests, r => Assert.DoesNotContain(ServerKey, r.Authorization ?? ""));
        Assert.Equal(0, lab.RequestCount);
        Assert.StartsWith("Could not reach http://user:***@127.0.0.1:1/v1 (", unreachable.Message);
        var record = Assert.Single(Log.Find());
        // The run log keeps the endpoint's host only: not even the user name.
        Assert.Equal(new Uri(student.BaseUrl).Authority, Assert.IsType<LlmParameters>(record.Parameters).EndpointHost);
        Assert.DoesNotContain("user", record.Description);
        string[] printed =
        [
            unreachable.Message, unreachable.ToString(), refused.Message, estimate.ToString(), run.ToString(), choice.ToString(),
            choice.ShownBaseUrl, record.ToString(), record.Description, string.Join("\n", _logger.Lines),
            .. FilesUnder(_logFolder), .. FilesUnder(Path.GetDirectoryName(_cache.Cache.FilePath)!),
        ];
        Assert.NotEmpty(_logger.Lines);
        Assert.All(printed, text => Assert.DoesNotContain("secret", text));
        Assert.All(printed, text => Assert.DoesNotContain(ServerKey, text));
    }

    /// <summary>Every file in the folder as Latin-1 text, so any byte sequence can be searched for a secret.</summary>
    internal static IEnumerable<string> FilesUnder(string folder) =>
        Directory.GetFiles(folder, "*", SearchOption.AllDirectories).Select(f => Encoding.Latin1.GetString(File.ReadAllBytes(f)));

    public void Dispose()
    {
        _cache.Dispose();
        SqliteConnection.ClearAllPools();
        Directory.Delete(_logFolder, recursive: true);
    }
}
