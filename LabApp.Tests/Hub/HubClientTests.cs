using System.Net;
using System.Security.Cryptography;
using LabApp.Core.Hub;

namespace LabApp.Tests.Hub;

public sealed class HubClientTests : IDisposable
{
    private const string ModelResolvePath = "/sentence-transformers/all-mpnet-base-v2/resolve/main/onnx/model.onnx";
    private const string DatasetResolvePath = "/datasets/cornell-movie-review-data/rotten_tomatoes/resolve/main/train.parquet";
    private const string DatasetCacheFolder = "datasets--cornell-movie-review-data--rotten_tomatoes";
    private const int FileBytes = 200_000;
    private const int HalfBytes = FileBytes / 2;

    private static readonly HubFile Model = new(RepoType.Model, "sentence-transformers/all-mpnet-base-v2", "onnx/model.onnx");
    private static readonly HubFile Dataset = new(RepoType.Dataset, "cornell-movie-review-data/rotten_tomatoes", "train.parquet");
    private static readonly byte[] Content = RandomBytes(FileBytes);

    private readonly string _folder = TestFolders.Create("hub");

    // HubClient follows redirects itself, so the handler must not.
    private readonly HttpClient _http = new(new SocketsHttpHandler { AllowAutoRedirect = false, ConnectTimeout = TimeSpan.FromSeconds(2) })
    {
        Timeout = TimeSpan.FromSeconds(5),
    };

    // Each test takes well under a second; this only bounds a hang.
    private readonly CancellationTokenSource _timeout = new(TimeSpan.FromSeconds(30));

    private string Cache => Path.Combine(_folder, "hf-cache");

    private string Destination => Path.Combine(_folder, "data", "train.parquet");

    private string Partial => Destination + ".incomplete";

    public void Dispose()
    {
        _http.Dispose();
        _timeout.Dispose();
        Directory.Delete(_folder, recursive: true);
    }

    [Fact]
    public void ResolveUrl_HasTheShapeOfHuggingfaceHub()
    {
        var client = new HubClient(_http, new HubOptions(new Uri("https://mirror.example/hf/"), Cache));
        var parquetBranch = new HubFile(RepoType.Dataset, "cornell-movie-review-data/rotten_tomatoes", "default/train/0000.parquet", "refs/convert/parquet");

        Assert.Equal("https://mirror.example/hf/sentence-transformers/all-mpnet-base-v2/resolve/main/onnx/model.onnx", client.ResolveUrl(Model).AbsoluteUri);
        Assert.Equal("https://mirror.example/hf/datasets/cornell-movie-review-data/rotten_tomatoes/resolve/main/train.parquet", client.ResolveUrl(Dataset).AbsoluteUri);
        Assert.Equal(
            "https://mirror.example/hf/datasets/cornell-movie-review-data/rotten_tomatoes/resolve/refs%2Fconvert%2Fparquet/default/train/0000.parquet",
            client.ResolveUrl(parquetBranch).AbsoluteUri);
    }

    [Fact]
    public async Task GetFile_DownloadsThroughTheCdnRedirectAndReportsProgress()
    {
        await using var hub = LocalHub.Start();
        hub.AddLfsFile(DatasetResolvePath, Content);
        var progress = new RecordingProgress();

        var path = await Client(hub).GetFileAsync(Dataset, Destination, progress, _timeout.Token);

        Assert.Equal(Destination, path);
        Assert.Equal(Content, await File.ReadAllBytesAsync(path));
        Assert.False(File.Exists(Partial));
        Assert.Equal(["HEAD " + DatasetResolvePath, "GET /cdn/" + Sha256(Content)], hub.Requests.Select(r => $"{r.Method} {r.Path}"));
        Assert.True(progress.Reports.Count > 1);
        Assert.Equal(progress.Reports.OrderBy(r => r.BytesDone), progress.Reports);
        Assert.All(progress.Reports, r => Assert.Equal(new DownloadProgress("train.parquet", r.BytesDone, FileBytes), r));
        Assert.Equal(FileBytes, progress.Reports[^1].BytesDone);
    }

    [Fact]
    public async Task GetFile_SendsHfTokenAsBearerToTheHub()
    {
        await using var hub = LocalHub.Start();
        hub.AddLfsFile(ModelResolvePath, Content);

        await Client(hub, token: "hf_secret").GetFileAsync(Model, Destination, null, _timeout.Token);

        Assert.Equal(2, hub.Requests.Count);
        Assert.All(hub.Requests, r => Assert.Equal("Bearer hf_secret", r.Authorization));
    }

    [Fact]
    public async Task GetFile_KeepsTheTokenFromACdnOnAnotherHost()
    {
        await using var hub = LocalHub.Start();
        await using var cdn = LocalHub.Start();
        hub.AddLfsFile(ModelResolvePath, Content, cdn);

        var path = await Client(hub, token: "hf_secret").GetFileAsync(Model, Destination, null, _timeout.Token);

        Assert.Equal(Content, await File.ReadAllBytesAsync(path));
        Assert.Equal("Bearer hf_secret", Assert.Single(hub.Requests).Authorization);
        Assert.Null(Assert.Single(cdn.Requests).Authorization);
    }

    [Fact]
    public async Task GetFile_ResumesAnInterruptedDownloadWithARangeRequest()
    {
        await using var hub = LocalHub.Start();
        hub.AddLfsFile(DatasetResolvePath, Content);
        hub.CutFirstDownload(HalfBytes, () => WaitUntilAsync(() => File.Exists(Partial) && new FileInfo(Partial).Length >= HalfBytes));
        var client = Client(hub);

        var interrupted = await Assert.ThrowsAsync<HubException>(() => client.GetFileAsync(Dataset, Destination, null, _timeout.Token));
        Assert.Contains("interrupted after 100000 of 200000 bytes", interrupted.Message);
        Assert.Equal(HalfBytes, new FileInfo(Partial).Length);

        var progress = new RecordingProgress();
        var path = await client.GetFileAsync(Dataset, Destination, progress, _timeout.Token);

        Assert.Equal(Content, await File.ReadAllBytesAsync(path));
        Assert.Equal([null, $"bytes={HalfBytes}-"], hub.Requests.Where(r => r.Method == "GET").Select(r => r.Range));
        Assert.Equal(HalfBytes, progress.Reports[0].BytesDone);
        Assert.False(File.Exists(Partial));
    }

    [Fact]
    public async Task GetFile_FollowsTheRelativeRedirectOfARenamedRepo()
    {
        const string oldPath = "/old-owner/all-mpnet-base-v2/resolve/main/onnx/model.onnx";
        await using var hub = LocalHub.Start();
        hub.AddLfsFile(ModelResolvePath, Content);
        hub.AddRelativeRedirect(oldPath, ModelResolvePath);
        var renamed = new HubFile(RepoType.Model, "old-owner/all-mpnet-base-v2", "onnx/model.onnx");

        var path = await Client(hub, token: "hf_secret").GetFileAsync(renamed, Destination, null, _timeout.Token);

        Assert.Equal(Content, await File.ReadAllBytesAsync(path));
        Assert.Equal(
            ["HEAD " + oldPath, "HEAD " + ModelResolvePath, "GET /cdn/" + Sha256(Content)],
            hub.Requests.Select(r => $"{r.Method} {r.Path}"));
        Assert.All(hub.Requests, r => Assert.Equal("Bearer hf_secret", r.Authorization));
    }

    [Fact]
    public async Task GetFile_KeepsThePartialFileWhenCancelled()
    {
        await using var hub = LocalHub.Start();
        hub.AddLfsFile(DatasetResolvePath, Content);
        using var cancel = CancellationTokenSource.CreateLinkedTokenSource(_timeout.Token);
        hub.CutFirstDownload(HalfBytes, () => WaitUntilAsync(() => cancel.IsCancellationRequested));
        var progress = new RecordingProgress(report =>
        {
            if (report.BytesDone >= HalfBytes)
                cancel.Cancel();
        });

        await Assert.ThrowsAnyAsync<OperationCanceledException>(() => Client(hub).GetFileAsync(Dataset, Destination, progress, cancel.Token));

        Assert.Equal(HalfBytes, new FileInfo(Partial).Length);
        Assert.False(File.Exists(Destination));
    }

    [Fact]
    public async Task GetFile_DeletesAFileWhoseChecksumDiffers()
    {
        await using var hub = LocalHub.Start();
        var announced = new string('a', 64);
        hub.AddLfsFile(DatasetResolvePath, Content, announcedSha256: announced);

        var error = await Assert.ThrowsAsync<HubException>(() => Client(hub).GetFileAsync(Dataset, Destination, null, _timeout.Token));

        Assert.Contains("'train.parquet' of dataset 'cornell-movie-review-data/rotten_tomatoes'", error.Message);
        Assert.Contains($"has SHA-256 {Sha256(Content)} where the hub announced {announced}", error.Message);
        Assert.False(File.Exists(Partial));
        Assert.False(File.Exists(Destination));
    }

    [Fact]
    public async Task GetFile_NamesRepoFileAndUrlOn404()
    {
        await using var hub = LocalHub.Start();

        var error = await Assert.ThrowsAsync<HubException>(() => Client(hub).GetFileAsync(Model, Destination, null, _timeout.Token));

        Assert.Contains("'onnx/model.onnx' of model 'sentence-transformers/all-mpnet-base-v2' at revision 'main'", error.Message);
        Assert.Contains($"404 from {new Uri(hub.Endpoint, ModelResolvePath)}", error.Message);
        Assert.Contains($"place the file by hand at '{Destination}'", error.Message);
        Assert.False(File.Exists(Partial));
    }

    [Fact]
    public async Task GetFile_AsksForHfTokenOn401WithoutShowingIt()
    {
        await using var hub = LocalHub.Start();
        hub.AddStatus(ModelResolvePath, HttpStatusCode.Unauthorized);

        var error = await Assert.ThrowsAsync<HubException>(() => Client(hub, token: "hf_secret").GetFileAsync(Model, Destination, null, _timeout.Token));

        Assert.Contains("HF_TOKEN", error.Message);
        Assert.DoesNotContain("hf_secret", error.ToString());
    }

    [Fact]
    public async Task GetFile_ExplainsHowToWorkOfflineWhenTheHubCannotBeReached()
    {
        var nobody = new Uri($"http://127.0.0.1:{LocalHub.FreePort()}");
        var client = new HubClient(_http, new HubOptions(nobody, Cache, "hf_secret"));

        var error = await Assert.ThrowsAsync<HubException>(() => client.GetFileAsync(Dataset, Destination, null, _timeout.Token));

        Assert.Contains($"The Hugging Face hub at {nobody} cannot be reached", error.Message);
        Assert.Contains($"place the file by hand at '{Destination}'", error.Message);
        Assert.Contains("LAB_DATA_DIR", error.Message);
        Assert.IsType<HttpRequestException>(error.InnerException);
        Assert.DoesNotContain("hf_secret", error.ToString());
    }

    [Fact]
    public async Task GetFile_UsesTheHuggingFaceCacheWithoutAnyRequest()
    {
        var snapshot = PutInCache(DatasetCacheFolder, LocalHub.Commit, "train.parquet");
        File.WriteAllText(CreateParent(Path.Combine(Cache, DatasetCacheFolder, "refs", "main")), LocalHub.Commit + "\n");
        await using var hub = LocalHub.Start();

        var path = await Client(hub).GetFileAsync(Dataset, Destination, null, _timeout.Token);

        Assert.Equal(snapshot, path);
        Assert.Empty(hub.Requests);
        Assert.False(File.Exists(Destination));
    }

    [Fact]
    public async Task GetFile_ReturnsAnExistingDestinationWithoutAnyRequest()
    {
        await File.WriteAllBytesAsync(CreateParent(Destination), [1, 2, 3]);
        await using var hub = LocalHub.Start();

        var path = await Client(hub).GetFileAsync(Dataset, Destination, null, _timeout.Token);

        Assert.Equal(Destination, path);
        Assert.Empty(hub.Requests);
    }

    [Fact]
    public void FindInLocalCache_TakesACommitHashRevisionAsTheSnapshotName()
    {
        var snapshot = PutInCache("models--sentence-transformers--all-mpnet-base-v2", LocalHub.Commit, "onnx/model.onnx");
        var client = new HubClient(_http, new HubOptions(HubOptions.DefaultEndpoint, Cache));

        Assert.Equal(snapshot, client.FindInLocalCache(new HubFile(RepoType.Model, Model.RepoId, Model.PathInRepo, LocalHub.Commit)));
        Assert.Null(client.FindInLocalCache(Model)); // no refs/main says which snapshot main is
    }

    [Fact]
    public async Task GetFile_GivesUpOnAHubThatNeverAnswers()
    {
        await using var silent = new RawHttpServer((request, ct) => Task.Delay(Timeout.Infinite, ct));
        var client = new HubClient(_http, new HubOptions(silent.Endpoint, Cache) { ResponseTimeout = TimeSpan.FromMilliseconds(300) });
        var started = DateTime.UtcNow;

        var error = await Assert.ThrowsAsync<HubException>(() => client.GetFileAsync(Dataset, Destination, null, _timeout.Token));

        Assert.InRange(DateTime.UtcNow - started, TimeSpan.FromMilliseconds(250), TimeSpan.FromSeconds(4));
        Assert.StartsWith("The Hugging Face hub did not answer the request for 'train.parquet' of dataset", error.Message);
        Assert.Contains("within 0.3 s", error.Message);
        Assert.False(File.Exists(Partial));
    }

    [Fact]
    public async Task GetFile_GivesUpOnAStalledBodyKeepsTheBytesAndResumesLater()
    {
        var gets = 0;
        await using var stalling = new RawHttpServer(async (request, ct) =>
        {
            if (request.Method == "HEAD")
            {
                await request.WriteHeadAsync("200 OK", FileBytes, Sha256(Content), ct);
                return;
            }
            if (Interlocked.Increment(ref gets) == 1)
            {
                await request.WriteHeadAsync("200 OK", FileBytes, Sha256(Content), ct);
                await request.Stream.WriteAsync(Content.AsMemory(0, HalfBytes), ct);
                await Task.Delay(Timeout.Infinite, ct);
            }
            Assert.Equal($"bytes={HalfBytes}-", request.Range);
            await request.WriteHeadAsync("206 Partial Content", FileBytes - HalfBytes, Sha256(Content), ct, $"bytes {HalfBytes}-{FileBytes - 1}/{FileBytes}");
            await request.Stream.WriteAsync(Content.AsMemory(HalfBytes), ct);
        });
        var client = new HubClient(_http, new HubOptions(stalling.Endpoint, Cache) { StallTimeout = TimeSpan.FromMilliseconds(300) });

        var stalled = await Assert.ThrowsAsync<HubException>(() => client.GetFileAsync(Dataset, Destination, null, _timeout.Token));

        Assert.Contains("stalled: no bytes for 0.3 s after 100000 of 200000 bytes", stalled.Message);
        Assert.Contains($"kept in '{Partial}': fetch the file again to resume", stalled.Message);
        Assert.Equal(HalfBytes, new FileInfo(Partial).Length);

        var path = await client.GetFileAsync(Dataset, Destination, null, _timeout.Token);

        Assert.Equal(Content, await File.ReadAllBytesAsync(path));
        Assert.Equal(2, gets);
        Assert.False(File.Exists(Partial));
    }

    [Fact]
    public async Task GetFile_ReportsEachPieceOfATricklingDownload()
    {
        const int piece = 4_000;
        await using var trickling = new RawHttpServer(async (request, ct) =>
        {
            await request.WriteHeadAsync("200 OK", FileBytes, Sha256(Content), ct);
            if (request.Method == "HEAD")
                return;
            for (var at = 0; at < FileBytes; at += piece)
            {
                await request.Stream.WriteAsync(Content.AsMemory(at, piece), ct);
                await request.Stream.FlushAsync(ct);
                // The pause is the slow server itself; the test waits only on the download's own completion.
                await Task.Delay(5, ct);
            }
        });
        var progress = new RecordingProgress();
        var client = new HubClient(_http, new HubOptions(trickling.Endpoint, Cache) { StallTimeout = TimeSpan.FromSeconds(2) });

        await client.GetFileAsync(Dataset, Destination, progress, _timeout.Token);

        var bytes = progress.Reports.Select(r => r.BytesDone).ToArray();
        Assert.True(bytes.Length >= FileBytes / piece / 2, $"only {bytes.Length} reports");
        Assert.Equal(bytes.Order(), bytes);
        Assert.Equal(FileBytes, bytes[^1]);
    }

    [Theory]
    [InlineData(850, null, "model.onnx: 850 B")]
    [InlineData(12_345, 90_868_376L, "model.onnx: 12 kB of 90.9 MB")]
    [InlineData(1_234_567, 1_234_567_890L, "model.onnx: 1.2 MB of 1.23 GB")]
    public void DownloadProgress_ShowsBytesInAUnitThatMovesOnASlowServer(long done, long? total, string expected) =>
        Assert.Equal(expected, new DownloadProgress("model.onnx", done, total).ToString());

    [Theory]
    [InlineData("owner/name", "../model.onnx", "main")]
    [InlineData("owner/name", "/etc/passwd", "main")]
    [InlineData("owner/../name", "model.onnx", "main")]
    [InlineData("owner/name/extra", "model.onnx", "main")]
    [InlineData("owner/name", "model.onnx", "../main")]
    public void HubFile_RefusesPartsThatLeaveTheRepo(string repoId, string path, string revision) =>
        Assert.Throws<ArgumentException>(() => new HubFile(RepoType.Model, repoId, path, revision));

    private HubClient Client(LocalHub hub, string? token = null) => new(_http, new HubOptions(hub.Endpoint, Cache, token));

    private string PutInCache(string repoFolder, string commit, string pathInRepo)
    {
        var path = Path.Combine(Cache, repoFolder, "snapshots", commit, pathInRepo);
        File.WriteAllBytes(CreateParent(path), [1, 2, 3]);
        return path;
    }

    private static string CreateParent(string path)
    {
        Directory.CreateDirectory(Path.GetDirectoryName(path)!);
        return path;
    }

    /// <summary>Polls for up to ten seconds: long enough for a busy machine, bounded so a broken client still ends the test.</summary>
    private static async Task WaitUntilAsync(Func<bool> condition)
    {
        var deadline = DateTime.UtcNow.AddSeconds(10);
        while (!condition() && DateTime.UtcNow < deadline)
            await Task.Delay(5);
    }

    private static byte[] RandomBytes(int count)
    {
        var bytes = new byte[count];
        new Random(42).NextBytes(bytes);
        return bytes;
    }

    private static string Sha256(byte[] content) => Convert.ToHexStringLower(SHA256.HashData(content));

    private sealed class RecordingProgress(Action<DownloadProgress>? onReport = null) : IProgress<DownloadProgress>
    {
        public List<DownloadProgress> Reports { get; } = [];

        public void Report(DownloadProgress value)
        {
            Reports.Add(value);
            onReport?.Invoke(value);
        }
    }
}
