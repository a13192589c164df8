using System.Net;
using System.Text;
using Bunit;
using LabApp.Components.Pages.Data;
using LabApp.Tests.Browser;
using LabApp.Tests.Llm;

namespace LabApp.Tests.Faults;

/// <summary>
/// The corpus's unclear cases: .NET's words where the lab's belong, a message that names the wrong cause (a folder as a
/// missing file, a huge body as a slow server), a file's problem without the file, the server's paths on a student's
/// page, an empty page for a long address, and exit 1 for what README's Bad input calls a bad argument (exit 2).
/// </summary>
public sealed class UnclearFaultCorpusTests
{
    [Theory]
    [InlineData(2, "--a \"--train-size 100\": name a method first", "compare", "--a", "--train-size 100", "--b", "zero-shot")]
    [InlineData(2, "--a \"supervised --train-size abc\": --train-size takes a whole number", "compare", "--a", "supervised --train-size abc", "--b", "zero-shot")]
    [InlineData(2, "--a \"zero-shot --labels\": --labels needs a value", "compare", "--a", "zero-shot --labels", "--b", "supervised")]
    [InlineData(2, "'extra' is not an option or a value of '--a'", "compare", "--a", "supervised extra", "--b", "zero-shot")]
    [InlineData(2, "logistic regression needs both classes", "run", "supervised", "--train-size", "1", "--test-size", "5")]
    [InlineData(2, "The prompt has no [DOCUMENT]", "run", "llm", "--prompt", "no placeholder", "--base-url", "http://127.0.0.1:9/v1", "--test-size", "2")]
    [InlineData(2, "The base URL \"ftp://x\" is not an http(s) address", "run", "llm", "--base-url", "ftp://x", "--test-size", "2")]
    [InlineData(2, "--hub-endpoint is 'notaurl'", "--hub-endpoint", "notaurl", "info")]
    [InlineData(2, "cannot be taken: choose a size from 1 to 1066", "sample", "--split", "test", "--take", "1067")]
    [InlineData(2, "is a folder: name a file in it", "run", "custom-labels", "--reviews-file", "{folder}")]
    [InlineData(2, "is a folder: name a file in it", "run", "failure-analysis", "--edge-cases-file", "{folder}")]
    [InlineData(2, "error: --edge-cases-file /dev/null holds no edge case", "run", "failure-analysis", "--edge-cases-file", "/dev/null")]
    [InlineData(2, "error: --reviews-file /dev/null has no reviews", "run", "custom-labels", "--reviews-file", "/dev/null")]
    [InlineData(2, "error: --suite-file /dev/null: is not JSON", "run", "checklist", "--suite-file", "/dev/null")]
    [InlineData(2, "error: --out /dev/null/test.npy: /dev/null is a file, not a folder", "embed", "--split", "test", "--out", "/dev/null/test.npy")]
    [InlineData(2, "error: --out no-such-folder/test.npy: the folder ", "embed", "--split", "test", "--out", "no-such-folder/test.npy")]
    [InlineData(2, "error: --out {folder} is a folder: name a file in it", "embed", "--split", "test", "--out", "{folder}")]
    public async Task A_bad_argument_is_said_in_the_labs_words_with_exit_2(int expectedCode, string expected, params string[] args)
    {
        var models = TestFolders.Create("unclear-models");
        var folder = TestFolders.Create("unclear-folder");

        var (code, output, error) = await FaultCorpus.Run(models, [.. args.Select(a => a.Replace("{folder}", folder))]);

        FaultCorpus.AssertOneProblemLine(expectedCode, expected.Replace("{folder}", folder), code, error);
        Assert.Equal("", output);
    }

    [Theory]
    [InlineData("/dev/full could not be written: the disk or device is full", "embed", "--split", "test", "--out", "/dev/full")]
    [InlineData("cannot be written to /proc/sentence-transformers/all-MiniLM-L6-v2: the folder cannot be made there", "--models-dir", "/proc", "embed", "--split", "test", "--out", "{folder}/test.npy")]
    public async Task A_disk_or_folder_that_cannot_take_a_file_is_said_in_the_labs_words(string expected, params string[] args)
    {
        var folder = TestFolders.Create("unclear-out");

        var (code, output, error) = await Headless.HeadlessRunnerTests.Run(["--data-dir", FaultCorpus.DataDir, .. args.Select(a => a.Replace("{folder}", folder))]);

        FaultCorpus.AssertOneProblemLine(1, expected, code, error);
        Assert.DoesNotContain("No space left", error);
        Assert.DoesNotContain("Could not find", error);
        Assert.Equal("", output);
        Assert.Empty(Directory.EnumerateFileSystemEntries(folder));
    }

    [Fact]
    public async Task A_models_folder_variable_naming_a_file_is_said_in_one_line()
    {
        var file = Path.Combine(TestFolders.Create("unclear-env"), "a-file");
        await File.WriteAllTextAsync(file, "not a folder");

        var (code, output, error) = await Shell.RunAsync("embed --split test --out /dev/null", environment: $"LAB_MODELS_DIR='{file}'");

        FaultCorpus.AssertOneLine(1, $"The models folder {file} (LAB_MODELS_DIR) is a file, not a folder", code, error);
        Assert.Equal("", output);
        Assert.Equal("not a folder", await File.ReadAllTextAsync(file));
    }

    [Fact]
    public async Task A_run_log_another_program_holds_is_called_busy_with_exit_1_not_a_bad_log_path()
    {
        var path = Path.Combine(TestFolders.Create("unclear-busy-log"), "runs.sqlite");
        _ = new Core.Storage.RunLog(path);
        using var held = RunLogFaults.Break(path, RunLogFault.Locked);

        var (code, output, error) = await FaultCorpus.Run(TestFolders.Create("unclear-models"), "compare", "--a", "1", "--b", "2", "--log-path", path);

        FaultCorpus.AssertOneLine(1, $"{path} is busy: another program", code, error);
        Assert.DoesNotContain("is not a run log", error);
        Assert.Equal("", output);
    }

    [Fact]
    public async Task A_damaged_split_file_is_named_in_the_one_line()
    {
        var data = TestFolders.Create("unclear-data");
        var folder = Directory.CreateDirectory(Path.Combine(data, "rotten_tomatoes")).FullName;
        foreach (var split in new[] { "train", "validation" })
            File.CreateSymbolicLink(Path.Combine(folder, $"{split}.parquet"), Path.Combine(FaultCorpus.DataDir, "rotten_tomatoes", $"{split}.parquet"));
        var damaged = Path.Combine(folder, "test.parquet");
        var bytes = await File.ReadAllBytesAsync(Path.Combine(FaultCorpus.DataDir, "rotten_tomatoes", "test.parquet"));
        Array.Clear(bytes, bytes.Length / 3, bytes.Length / 3);
        await File.WriteAllBytesAsync(damaged, bytes);

        var (code, output, error) = await Headless.HeadlessRunnerTests.Run("--data-dir", data, "--models-dir", TestFolders.Create("unclear-models"),
            "sample", "--split", "test", "--take", "3");

        FaultCorpus.AssertOneLine(1, damaged, code, error);
        Assert.Equal("", output);
    }

    [Fact]
    public async Task A_body_far_larger_than_an_answer_is_called_that_not_a_slow_server()
    {
        await using var server = new RawHttpServer(async (request, ct) =>
        {
            await request.Stream.WriteAsync(Encoding.ASCII.GetBytes(
                "HTTP/1.1 200 OK\r\nContent-Type: application/json\r\nContent-Length: 500000000\r\n\r\n{\"choices\": [{\"message\": {\"content\": \""), ct);
            var chunk = Encoding.ASCII.GetBytes(new string('1', 64 * 1024));
            for (var i = 0; i < 1024; i++)
                await request.Stream.WriteAsync(chunk, ct);
            request.Close();
        });
        var models = TestFolders.Create("unclear-llm");

        var (code, output, error) = await FaultCorpus.Run(models, "run", "llm", "--base-url", server.Endpoint.AbsoluteUri + "v1", "--yes", "--test-size", "1")
            .WaitAsync(TimeSpan.FromSeconds(90));

        FaultCorpus.AssertOneProblemLine(1, "answered with more than", code, error.Replace("1 reviews:", "progress").Split('\n').Where(l => !l.StartsWith("progress", StringComparison.Ordinal)).Aggregate("", (a, l) => a + l + "\n"));
        Assert.DoesNotContain("did not answer in time", error);
        Assert.Equal("", output);
    }

    [Fact]
    public async Task Answers_that_are_never_0_or_1_are_named_as_such_not_as_a_missing_label()
    {
        await using var server = await FakeChatServer.StartAsync(_ => FakeReply.Answer("maybe"));
        var models = TestFolders.Create("unclear-llm");

        var (code, output, error) = await FaultCorpus.Run(models, "run", "llm", "--base-url", server.BaseUrl, "--yes", "--test-size", "3");

        Assert.True(code == 1, error);
        Assert.Equal("", output);
        Assert.Contains("None of the 3 answers was 0 or 1 (the first: \"maybe\")", FaultCorpus.Lines(error)[^1]);
        Assert.DoesNotContain("Binary F1", error);
        FaultCorpus.AssertNoDotNetWording(error);
    }

    [Fact]
    public async Task An_address_longer_than_the_lab_takes_gets_a_page_that_says_so()
    {
        await using var lab = await LabServer.StartAsync();
        using var http = new HttpClient { BaseAddress = lab.Address };

        using var response = await http.GetAsync("/zero-shot?label=" + new string('a', 12_000));

        Assert.Equal(HttpStatusCode.RequestUriTooLong, response.StatusCode);
        var text = await response.Content.ReadAsStringAsync();
        Assert.Contains("This address is too long", text);
        Assert.Contains("8,000", text);
    }
}

/// <summary>The corpus's unclear page: a model the lab has not downloaded is named without the server's own paths.</summary>
public sealed class UnclearPageFaultCorpusTests : Pages.PageTests
{
    [Fact]
    public void A_model_not_downloaded_yet_is_named_without_the_servers_paths()
    {
        var page = RenderAt<DataPage>("data?row=0&model=mpnet");

        page.WaitForAssertion(() => Assert.NotEmpty(page.FindAll(".word-piece-problem")));
        var problem = page.Find(".word-piece-problem").TextContent;
        Assert.Contains("all-mpnet-base-v2", problem);
        Assert.DoesNotContain("/", problem.Replace("sentence-transformers/all-mpnet-base-v2", ""));
    }
}

/// <summary>The corpus's unclear run log: one that cannot take a run never stops the experiment, and says the run was not saved.</summary>
public sealed class UnclearRunLogFaultCorpusTests
{
    [Theory]
    [InlineData("damaged", "the run log's file is damaged")]
    [InlineData("busy", "the run log is busy")]
    [InlineData("deleted", "the run log's file is no longer there")]
    [InlineData("folder", "the run log's file is no longer there")]
    public async Task A_run_log_that_cannot_take_a_run_leaves_the_result_and_says_it_was_not_saved(string fault, string expected)
    {
        var path = Path.Combine(TestFolders.Create("unclear-log"), "runs.sqlite");
        var log = new Core.Storage.RunLog(path);
        Microsoft.Data.Sqlite.SqliteConnection.ClearAllPools();
        using var other = new Microsoft.Data.Sqlite.SqliteConnection(new Microsoft.Data.Sqlite.SqliteConnectionStringBuilder { DataSource = path, Pooling = false }.ToString());
        if (fault == "damaged")
        {
            await File.WriteAllTextAsync(path, "these bytes are not a SQLite database");
        }
        else if (fault is "deleted" or "folder")
        {
            foreach (var suffix in new[] { "", "-wal", "-shm" })
                File.Delete(path + suffix);
            if (fault == "folder")
                Directory.CreateDirectory(path);
        }
        else
        {
            other.Open();
            using var holding = other.CreateCommand();
            holding.CommandText = "BEGIN IMMEDIATE; INSERT INTO runs (time, page, method, model, kind, parameters_json, seconds) VALUES ('t', 'p', 'm', 'x', 'k', '{}', 0);";
            holding.ExecuteNonQuery();
        }

        var clock = new Microsoft.Extensions.Time.Testing.FakeTimeProvider();
        using var runs = new Core.Runners.SettledRuns(new Recorder(log), clock);
        var said = new TaskCompletionSource<string>();
        runs.NotSaved += message => said.TrySetResult(message);
        var record = TestRuns.ZeroShot("bad", "good");
        var settled = runs.Record(new Core.Runners.FinishedRun(record.Page, record.Method, record.ModelId, record.Parameters, record.Scores, record.Duration));
        clock.Advance(Core.Runners.SettledRuns.SettleTime);

        Assert.Null(await settled.WaitAsync(TimeSpan.FromSeconds(30)));
        var message = await said.Task.WaitAsync(TimeSpan.FromSeconds(30));
        Assert.StartsWith("This zero-shot run was not saved in your run log: " + expected, message);
        FaultCorpus.AssertNoDotNetWording(message);
        Assert.DoesNotContain(path, message);
        if (fault == "damaged")
            Assert.Equal("these bytes are not a SQLite database", await File.ReadAllTextAsync(path));
        // A run log deleted behind the lab's back is not started again, empty, where the class's work was.
        if (fault == "deleted")
            Assert.False(File.Exists(path));
    }

    private sealed class Recorder(Core.Storage.RunLog log) : Core.Storage.IRunRecorder
    {
        public Core.Storage.RunRecord Add(Core.Storage.RunRecord record, string? identity = null) => log.Add("a-browser", record, identity);
    }
}
