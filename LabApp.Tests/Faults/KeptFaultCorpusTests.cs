using System.Security.Cryptography;
using System.Text;
using LabApp.Core.Classifiers.Llm;
using LabApp.Tests.Llm;

namespace LabApp.Tests.Faults;

/// <summary>
/// The corpus's wrong things kept for good: an answer that is no answer cached as if the model had said it, a web page
/// or an endless body installed as a model, a half-written file left by a signal. Nothing is cached or installed unless
/// it is valid, and nothing unfinished stays behind.
/// </summary>
public sealed class KeptFaultCorpusTests
{
    public static TheoryData<string?> BlankContents => new() { "", null, "  \n" };

    [Theory]
    [MemberData(nameof(BlankContents))]
    public async Task A_blank_answer_is_never_cached_so_the_fixed_server_is_asked_again(string? content)
    {
        await using var server = await FakeChatServer.StartAsync(_ => FakeReply.Answer(content!));
        var models = TestFolders.Create("kept-llm");

        var (code, output, error) = await FaultCorpus.Run(models, "run", "llm", "--base-url", server.BaseUrl, "--yes", "--test-size", "3");

        Assert.True(code == 1, $"exit {code}: {error}");
        Assert.Equal("", output);
        Assert.Contains("None of the 3 answers was 0 or 1", FaultCorpus.Lines(error)[^1]);
        FaultCorpus.AssertNoDotNetWording(error);
        Assert.Equal(0, new LlmAnswerCache(Path.Combine(models, "llm", "answers.sqlite")).Count());

        server.Respond = FakeChatServer.ByReview;
        var (again, _, againError) = await FaultCorpus.Run(models, "run", "llm", "--base-url", server.BaseUrl, "--yes", "--test-size", "3");

        Assert.True(again == 0, againError);
        Assert.StartsWith("3 reviews: 0 answered from the cache, 3 requests", againError);
        Assert.Equal(6, server.RequestCount);
    }

    [Fact]
    public async Task A_web_page_answered_in_place_of_a_model_is_never_installed()
    {
        var page = Encoding.UTF8.GetBytes("<!doctype html><html><head><title>Sign in to the café Wi-Fi</title></head><body>Accept the terms</body></html>");
        await using var portal = new RawHttpServer(async (request, ct) =>
        {
            await request.Stream.WriteAsync(Encoding.ASCII.GetBytes(
                $"HTTP/1.1 200 OK\r\nContent-Type: text/html; charset=utf-8\r\nContent-Length: {page.Length}\r\n\r\n"), ct);
            if (request.Method == "GET")
                await request.Stream.WriteAsync(page, ct);
        });
        var models = TestFolders.Create("kept-portal");

        var (code, output, error) = await FaultCorpus.Run(models, "embed", "--split", "test", "--model", "mpnet",
            "--out", Path.Combine(TestFolders.Create("kept-out"), "test.npy"), "--hub-endpoint", portal.Endpoint.AbsoluteUri);

        FaultCorpus.AssertOneProblemLine(1, "a web page", code, error);
        Assert.Equal("", output);
        AssertNothingInstalled(models);
        var (_, info, _) = await FaultCorpus.Run(models, "info", "--hub-endpoint", "http://127.0.0.1:9");
        Assert.DoesNotMatch(@"all-mpnet-base-v2 +cached", info);
    }

    [Fact]
    public async Task An_endless_body_of_unknown_size_is_refused_before_it_fills_the_disk()
    {
        await using var mirror = new RawHttpServer(async (request, ct) =>
        {
            await request.Stream.WriteAsync(Encoding.ASCII.GetBytes(
                "HTTP/1.1 200 OK\r\nContent-Type: application/octet-stream\r\nTransfer-Encoding: chunked\r\n\r\n"), ct);
            if (request.Method == "GET")
                await SendChunksAsync(request, ct);
            else
                await request.Stream.WriteAsync("0\r\n\r\n"u8.ToArray(), ct);
        });
        var models = TestFolders.Create("kept-endless");

        var (code, output, error) = await FaultCorpus.Run(models, "embed", "--split", "test", "--model", "mpnet",
            "--out", Path.Combine(TestFolders.Create("kept-out"), "test.npy"), "--hub-endpoint", mirror.Endpoint.AbsoluteUri);

        FaultCorpus.AssertOneProblemLine(1, "does not say how large", code, error);
        Assert.Equal("", output);
        AssertNothingInstalled(models);
    }

    [Fact]
    public async Task A_body_longer_than_the_published_size_is_cut_off_there_and_refused()
    {
        var published = new byte[4096];
        var sha256 = Convert.ToHexStringLower(SHA256.HashData(published));
        await using var mirror = new RawHttpServer(async (request, ct) =>
        {
            if (request.Method == "HEAD")
            {
                await request.Stream.WriteAsync(Encoding.ASCII.GetBytes(
                    $"HTTP/1.1 200 OK\r\nContent-Type: application/octet-stream\r\nContent-Length: {published.Length}\r\nETag: \"{sha256}\"\r\n\r\n"), ct);
                return;
            }

            await request.Stream.WriteAsync(Encoding.ASCII.GetBytes(
                "HTTP/1.1 200 OK\r\nContent-Type: application/octet-stream\r\nTransfer-Encoding: chunked\r\n\r\n"), ct);
            await SendChunksAsync(request, ct);
        });
        var models = TestFolders.Create("kept-longer");

        var (code, output, error) = await FaultCorpus.Run(models, "embed", "--split", "test", "--model", "mpnet",
            "--out", Path.Combine(TestFolders.Create("kept-out"), "test.npy"), "--hub-endpoint", mirror.Endpoint.AbsoluteUri);

        FaultCorpus.AssertOneProblemLine(1, "more than the 4096 bytes the hub published", code, error);
        Assert.Equal("", output);
        AssertNothingInstalled(models);
    }

    [Fact]
    public async Task A_sigterm_during_the_first_extraction_leaves_no_unfinished_file()
    {
        // The extraction takes a fraction of a second, so a busy machine may deliver the signal after it: such a try proves
        // nothing and is made again; one signal that lands while a file is unfinished is the case.
        var tries = new List<string>();
        for (var attempt = 1; attempt <= 5; attempt++)
        {
            var (landed, outcome) = await SigtermOnTheFirstUnfinishedFileAsync(TestFolders.Create("kept-extract"));
            if (landed)
                return;
            tries.Add(outcome);
        }

        Assert.Fail($"No signal landed during the extraction in 5 tries: {string.Join("; ", tries)}");
    }

    // The model's folder is made first and watched, so the kernel reports the .incomplete file however late this test's
    // thread runs; the signal is sent from the report itself.
    private static async Task<(bool Landed, string Outcome)> SigtermOnTheFirstUnfinishedFileAsync(string models)
    {
        var folder = Directory.CreateDirectory(Path.Combine(models, "sentence-transformers", "all-MiniLM-L6-v2")).FullName;
        using var watcher = new FileSystemWatcher(folder, "*.incomplete");
        var unfinishedSeen = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        using var process = LabProcess.Start(["--data-dir", FaultCorpus.DataDir, "--models-dir", models, "embed", "--split", "test", "--out", "/dev/null"]);
        watcher.Created += (_, _) =>
        {
            if (unfinishedSeen.TrySetResult())
                LabProcess.Signal(process, 15);
        };
        watcher.EnableRaisingEvents = true;
        var stderr = process.StandardError.ReadToEndAsync();

        var exited = process.WaitForExitAsync();
        await Task.WhenAny(unfinishedSeen.Task, exited).WaitAsync(TimeSpan.FromSeconds(60));
        await exited.WaitAsync(TimeSpan.FromSeconds(30));
        watcher.EnableRaisingEvents = false;
        var error = await stderr;

        Assert.Empty(FaultCorpus.Unfinished(models));
        FaultCorpus.AssertNoDotNetWording(error);
        if (!unfinishedSeen.Task.IsCompleted)
            return (false, $"exit {process.ExitCode} before any unfinished file");
        Assert.True(process.ExitCode == 143, $"exit {process.ExitCode}: {error}");
        var installed = Directory.EnumerateFiles(folder).Select(Path.GetFileName).Order(StringComparer.Ordinal).ToArray();
        return installed.SequenceEqual(["model.onnx", "vocab.txt"])
            ? (false, "the signal came after the extraction")
            : (true, $"installed: {string.Join(", ", installed)}");
    }

    // Chunks of zeros until the client hangs up or 64 MB went out (a bound for the test itself, far past any check).
    private static async Task SendChunksAsync(RawRequest request, CancellationToken ct)
    {
        var chunk = new byte[64 * 1024];
        var head = Encoding.ASCII.GetBytes($"{chunk.Length:x}\r\n");
        for (var sent = 0; sent < 1024; sent++)
        {
            await request.Stream.WriteAsync(head, ct);
            await request.Stream.WriteAsync(chunk, ct);
            await request.Stream.WriteAsync("\r\n"u8.ToArray(), ct);
        }

        request.Close();
    }

    private static void AssertNothingInstalled(string models)
    {
        var mpnet = Path.Combine(models, "sentence-transformers", "all-mpnet-base-v2");
        Assert.False(Directory.Exists(mpnet) && Directory.EnumerateFileSystemEntries(mpnet).Any(),
            string.Join(", ", Directory.Exists(mpnet) ? Directory.EnumerateFileSystemEntries(mpnet) : []));
        Assert.Empty(FaultCorpus.Unfinished(models));
    }
}
