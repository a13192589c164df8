using System.Diagnostics;
using LabApp.Tests.Llm;
using Mono.Unix.Native;

namespace LabApp.Tests.Faults;

/// <summary>
/// The corpus's hangs: a command blocked on a FIFO no one opens, on standard input no one writes, on standard output no
/// one reads, in a server's retry wait, or reading a file far larger than reviews ever are. The first SIGINT or SIGTERM
/// ends each within a second with the shell's code for it and nothing written; a long wait says so on stderr; a file
/// too large is refused at once.
/// </summary>
public sealed class HangFaultCorpusTests
{
    // "Within a second" of the signal, with room for a machine whose two cores other test runs keep busy.
    private static readonly TimeSpan Stopped = TimeSpan.FromSeconds(3);

    [Theory]
    [InlineData(15, 143)]
    [InlineData(2, 130)]
    public async Task Embed_out_to_a_fifo_no_one_reads_stops_on_the_first_signal(int signal, int expectedCode)
    {
        if (FaultCorpus.IgnoredSinceStart(signal))
            return; // A command started with the signal ignored keeps ignoring it (BadInputCorpusTests shows that case).
        var fifo = Fifo("hang-out");
        using var process = LabProcess.Start(["--data-dir", FaultCorpus.DataDir, "embed", "--split", "test", "--out", fifo]);

        await BlockedThreads.OpeningAsync(process, fifo);
        LabProcess.Signal(process, signal);

        await AssertStoppedAsync(process, expectedCode);
        Assert.Equal(Mono.Unix.FileTypes.Fifo, new Mono.Unix.UnixFileInfo(fifo).FileType);
    }

    [Fact]
    public async Task Reviews_from_a_fifo_no_one_writes_stop_on_the_first_sigterm()
    {
        var fifo = Fifo("hang-reviews");
        using var process = LabProcess.Start(["--data-dir", FaultCorpus.DataDir, "run", "confidence", "--reviews-file", fifo]);

        await BlockedThreads.OpeningAsync(process, fifo);
        LabProcess.Signal(process, 15);

        await AssertStoppedAsync(process, 143);
    }

    [Fact]
    public async Task Tokenize_on_standard_input_no_one_writes_stops_on_the_first_sigterm()
    {
        using var process = LabProcess.Start(["--data-dir", FaultCorpus.DataDir, "tokenize"], redirectInput: true);

        await BlockedThreads.ReadingStandardInputAsync(process);
        LabProcess.Signal(process, 15);

        await AssertStoppedAsync(process, 143);
    }

    [Fact]
    public async Task Embed_out_to_a_reader_that_stopped_reading_stops_on_the_first_sigterm_and_does_not_claim_success()
    {
        using var process = LabProcess.Start(["--data-dir", FaultCorpus.DataDir, "embed", "--split", "test", "--out", "/dev/stdout"]);
        // The test never reads standard output: the pipe fills after 64 KB of the 1.6 MB file.

        await BlockedThreads.WritingStandardOutputAsync(process);
        LabProcess.Signal(process, 15);

        var error = process.StandardError.ReadToEndAsync();
        var exited = process.WaitForExitAsync();
        Assert.True(await Task.WhenAny(exited, Task.Delay(Stopped)) == exited, "still running after the signal");
        Assert.Equal(143, process.ExitCode);
        Assert.DoesNotContain("wrote ", await error);
    }

    [Fact]
    public async Task Sample_to_a_reader_that_stopped_reading_stops_on_the_first_sigterm()
    {
        // 8,530 reviews as JSON, about 1.5 MB: standard output blocks once the pipe's 64 KB are full, in the middle of a write.
        using var process = LabProcess.Start(["--data-dir", FaultCorpus.DataDir, "sample", "--split", "train", "--take", "8530", "--json"]);

        await BlockedThreads.WritingStandardOutputAsync(process);
        LabProcess.Signal(process, 15);

        var error = process.StandardError.ReadToEndAsync();
        var exited = process.WaitForExitAsync();
        var stopped = await Task.WhenAny(exited, Task.Delay(Stopped)) == exited;
        if (!stopped)
            process.Kill(entireProcessTree: true);
        Assert.True(stopped, "still running after the signal");
        Assert.Equal(143, process.ExitCode);
        Assert.StartsWith("cancelled", Assert.Single(FaultCorpus.Lines(await error)));
    }

    [Fact]
    public async Task An_embedding_cache_that_is_a_named_pipe_is_named_so_in_one_notice_and_never_waited_on()
    {
        var models = FaultCorpus.WarmModels("hang-pipe-cache");
        var cache = FaultCorpus.MiniLmCache(models);
        File.Delete(cache);
        Assert.Equal(0, FaultCorpus.RunTool("mkfifo", cache));

        var outFile = Path.Combine(TestFolders.Create("hang-out"), "test.npy");
        var (code, output, error) = await FaultCorpus.Run(models, "embed", "--split", "test", "--out", outFile).WaitAsync(TimeSpan.FromMinutes(3));

        FaultCorpus.AssertOneProblemLine(0, $"{cache} is a device or a pipe, not a file", code, error);
        Assert.Equal("", output);
        Assert.Equal(128 + 1066 * 384 * 4, new FileInfo(outFile).Length);
        Assert.False(File.Exists(cache + "-journal"));
    }

    [Fact]
    public async Task A_reviews_file_far_larger_than_reviews_are_is_refused_at_once()
    {
        var file = Path.Combine(TestFolders.Create("hang-large"), "reviews.txt");
        await using (var writer = new StreamWriter(file))
        {
            for (var i = 0; i < 500_000; i++)
                await writer.WriteLineAsync($"review {i}: a perfectly ordinary sentence about a perfectly ordinary film, nothing more");
        }

        var models = TestFolders.Create("hang-models");
        var started = Stopwatch.StartNew();
        var (code, output, error) = await FaultCorpus.Run(models, "run", "custom-labels", "--reviews-file", file).WaitAsync(TimeSpan.FromMinutes(3));

        FaultCorpus.AssertOneLine(2, $"--reviews-file {file} is larger than", code, error);
        Assert.True(started.Elapsed < TimeSpan.FromSeconds(10), $"took {started.Elapsed}");
        Assert.Equal("", output);
        Assert.Empty(Directory.EnumerateFileSystemEntries(models));
    }

    [Fact]
    public async Task A_server_that_asks_to_wait_an_hour_fails_the_run_at_once_saying_so()
    {
        await using var server = await FakeChatServer.StartAsync(_ => FakeReply.Error(429, "Rate limit reached", retryAfter: "3600"));
        var models = TestFolders.Create("hang-llm");

        var started = Stopwatch.StartNew();
        var (code, output, error) = await FaultCorpus.Run(models, "run", "llm", "--base-url", server.BaseUrl, "--yes", "--test-size", "2")
            .WaitAsync(TimeSpan.FromMinutes(3));

        FaultCorpus.AssertOneProblemLine(1, "asks to wait 3600 s", code, error.Split('\n').Where(l => !l.StartsWith("2 reviews:", StringComparison.Ordinal)).Aggregate("", (a, l) => a + l + "\n"));
        Assert.True(started.Elapsed < TimeSpan.FromSeconds(15), $"took {started.Elapsed}");
        Assert.Equal("", output);
    }

    [Fact]
    public async Task A_retry_wait_shows_on_stderr_and_the_first_sigterm_ends_it()
    {
        await using var server = await FakeChatServer.StartAsync(_ => FakeReply.Error(503, "Overloaded", retryAfter: "30"));
        var models = TestFolders.Create("hang-llm-wait");
        using var process = LabProcess.Start(["--data-dir", FaultCorpus.DataDir, "--models-dir", models,
            "run", "llm", "--base-url", server.BaseUrl, "--yes", "--test-size", "1"]);

        string? notice = null;
        using (var waiting = new CancellationTokenSource(TimeSpan.FromSeconds(30)))
        {
            try
            {
                while (await process.StandardError.ReadLineAsync(waiting.Token) is { } line)
                {
                    if (line.Contains("retry", StringComparison.OrdinalIgnoreCase))
                    {
                        notice = line;
                        break;
                    }
                }
            }
            catch (OperationCanceledException)
            {
            }
        }

        LabProcess.Signal(process, 15);
        var exited = process.WaitForExitAsync();
        var stopped = await Task.WhenAny(exited, Task.Delay(Stopped)) == exited;
        if (!stopped)
            process.Kill(entireProcessTree: true);
        Assert.True(stopped, "still waiting after the signal");
        Assert.Equal(143, process.ExitCode);
        Assert.NotNull(notice);
        Assert.Contains("30 s", notice);
        Assert.Equal(0, new Core.Classifiers.Llm.LlmAnswerCache(Path.Combine(models, "llm", "answers.sqlite")).Count());
    }

    [Fact]
    public async Task A_reader_that_catches_up_after_the_signal_gets_no_further_line_and_the_command_no_success()
    {
        // The signal comes while a line waits on the reader; the reader then takes that line and would take all the rest.
        var output = new GatedWriter();
        var error = new StringWriter();
        using var signal = new CancellationTokenSource();
        // On a thread of its own, as Program runs it: the blocked write holds its thread.
        var command = Task.Run(() => LabApp.Headless.HeadlessRunner.RunAsync(
            ["--data-dir", FaultCorpus.DataDir, "sample", "--split", "train", "--take", "8530"], new StringReader(""), output, error, signal.Token));

        await output.Waiting.WaitAsync(TimeSpan.FromMinutes(1));
        await signal.CancelAsync();
        output.Release();

        Assert.Equal(LabApp.Headless.HeadlessRunner.Cancelled, await command.WaitAsync(TimeSpan.FromMinutes(1)));
        Assert.Single(FaultCorpus.Lines(output.Text));
        Assert.StartsWith("cancelled", Assert.Single(FaultCorpus.Lines(error.ToString())));
    }

    /// <summary>Standard output with a reader that stops after the first write and catches up when released.</summary>
    private sealed class GatedWriter : TextWriter
    {
        private readonly System.Text.StringBuilder _text = new();
        private readonly TaskCompletionSource _waiting = new(TaskCreationOptions.RunContinuationsAsynchronously);
        private readonly ManualResetEventSlim _released = new();

        public override System.Text.Encoding Encoding => System.Text.Encoding.UTF8;

        public Task Waiting => _waiting.Task;

        public string Text
        {
            get
            {
                lock (_text)
                    return _text.ToString();
            }
        }

        public void Release() => _released.Set();

        public override void Write(char value) => Write(value.ToString());

        public override void Write(char[] buffer, int index, int count) => Write(new string(buffer, index, count));

        public override void Write(string? value)
        {
            lock (_text)
                _text.Append(value);
            _waiting.TrySetResult();
            _released.Wait();
        }

        protected override void Dispose(bool disposing)
        {
            _released.Dispose();
            base.Dispose(disposing);
        }
    }

    private static string Fifo(string purpose)
    {
        var fifo = Path.Combine(TestFolders.Create(purpose), "pipe.fifo");
        Assert.Equal(0, Syscall.mkfifo(fifo, FilePermissions.S_IRUSR | FilePermissions.S_IWUSR));
        return fifo;
    }

    private static async Task AssertStoppedAsync(Process process, int expectedCode)
    {
        var output = process.StandardOutput.ReadToEndAsync();
        var error = process.StandardError.ReadToEndAsync();
        var exited = process.WaitForExitAsync();
        var stopped = await Task.WhenAny(exited, Task.Delay(Stopped)) == exited;
        if (!stopped)
            process.Kill(entireProcessTree: true);
        Assert.True(stopped, "still running after the signal");
        Assert.Equal(expectedCode, process.ExitCode);
        Assert.Equal("", await output);
        var lines = FaultCorpus.Lines(await error).Where(l => !l.StartsWith("embedding: ", StringComparison.Ordinal)).ToArray();
        Assert.StartsWith("cancelled", Assert.Single(lines));
        FaultCorpus.AssertNoDotNetWording(await error);
    }
}
