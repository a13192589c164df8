using System.Collections.Concurrent;
using LabApp.Core;
using LabApp.Core.Hub;
using LabApp.Core.Models;
using LabApp.Tests.Hub;
using Microsoft.Extensions.Time.Testing;

namespace LabApp.Tests.Models;

public sealed class ModelProviderTests : IDisposable
{
    private const string ModelPath = "/sentence-transformers/all-mpnet-base-v2/resolve/main/onnx/model.onnx";
    private const string VocabPath = "/sentence-transformers/all-mpnet-base-v2/resolve/main/vocab.txt";
    private static readonly byte[] Model = RandomBytes(1_000_000);
    private static readonly byte[] Vocab = RandomBytes(300_000);

    private readonly string _folder = TestFolders.Create("model-provider");
    private readonly HttpClient _http = new(new SocketsHttpHandler { AllowAutoRedirect = false }) { Timeout = TimeSpan.FromSeconds(30) };
    private readonly FakeTimeProvider _time = new();

    public void Dispose()
    {
        _http.Dispose();
        Directory.Delete(_folder, recursive: true);
    }

    [Fact]
    public async Task Students_asking_at_once_share_one_download_of_each_file_and_all_see_its_progress()
    {
        await using var hub = ServingMpnet();
        var (provider, store) = Provider(hub);
        var first = new Reports();
        var second = new Reports();

        var downloads = new[] { provider.EnsureFilesAsync(ModelCatalog.Mpnet, first), provider.EnsureFilesAsync(ModelCatalog.Mpnet, second) };
        var folders = await Task.WhenAll(downloads).WaitAsync(TimeSpan.FromSeconds(60));

        Assert.All(folders, folder => Assert.Equal(store.FolderOf(ModelCatalog.Mpnet), folder));
        Assert.Equal(Model, await File.ReadAllBytesAsync(store.PathOf(ModelCatalog.Mpnet, ModelCatalog.Mpnet.Files[0])));
        Assert.Equal(Vocab, await File.ReadAllBytesAsync(store.PathOf(ModelCatalog.Mpnet, ModelCatalog.Mpnet.Files[1])));
        Assert.Equal(1, hub.Requests.Count(r => r.Method == "GET" && r.Path.StartsWith("/cdn/", StringComparison.Ordinal) && r.Path.EndsWith(Sha(Model), StringComparison.Ordinal)));
        Assert.Equal(1, hub.Requests.Count(r => r.Method == "GET" && r.Path.EndsWith(Sha(Vocab), StringComparison.Ordinal)));
        // The clock stands still, so of the thirteen 80 kB chunks of model.onnx each follower hears the first and the last.
        Assert.Equal(["onnx/model.onnx: 0 B of 1.0 MB", "onnx/model.onnx: 1.0 MB of 1.0 MB", "vocab.txt: 0 B of 300 kB", "vocab.txt: 300 kB of 300 kB"], first.Seen);
        Assert.Equal(first.Seen, second.Seen);
    }

    [Fact]
    public async Task Progress_reaches_followers_at_most_four_times_a_second()
    {
        var release = new TaskCompletionSource();
        await using var hub = ServingMpnet();
        hub.PauseFirstDownload(500_000, () => release.Task);
        var (provider, _) = Provider(hub);
        var follower = new Reports();

        var download = provider.EnsureFilesAsync(ModelCatalog.Mpnet, follower);
        await follower.Heard("onnx/model.onnx: 0 B of 1.0 MB");
        _time.Advance(SharedProgress<DownloadProgress>.Interval);
        release.SetResult();
        await download.WaitAsync(TimeSpan.FromSeconds(60));

        // Only the first chunk after the quarter second passes; the others within it wait for the file's last report.
        Assert.Equal(5, follower.Seen.Count);
        Assert.Equal("onnx/model.onnx: 0 B of 1.0 MB", follower.Seen[0]);
        Assert.StartsWith("onnx/model.onnx: ", follower.Seen[1]);
        Assert.Equal("onnx/model.onnx: 1.0 MB of 1.0 MB", follower.Seen[2]);
    }

    [Fact]
    public async Task A_student_who_leaves_stops_following_while_the_download_goes_on_for_the_other()
    {
        var release = new TaskCompletionSource();
        await using var hub = ServingMpnet();
        hub.PauseFirstDownload(100_000, () => release.Task);
        var (provider, store) = Provider(hub);
        using var leaving = new CancellationTokenSource();
        var staying = new Reports();
        var left = new Reports();

        var stays = provider.EnsureFilesAsync(ModelCatalog.Mpnet, staying);
        var leaves = provider.EnsureFilesAsync(ModelCatalog.Mpnet, left, leaving.Token);
        await staying.Heard("onnx/model.onnx: 0 B of 1.0 MB");
        leaving.Cancel();
        await Assert.ThrowsAnyAsync<OperationCanceledException>(() => leaves);
        var heardBeforeLeaving = left.Seen.Count;
        release.SetResult();

        Assert.Equal(store.FolderOf(ModelCatalog.Mpnet), await stays.WaitAsync(TimeSpan.FromSeconds(60)));
        Assert.Equal(Model, await File.ReadAllBytesAsync(store.PathOf(ModelCatalog.Mpnet, ModelCatalog.Mpnet.Files[0])));
        Assert.Equal(heardBeforeLeaving, left.Seen.Count);
        Assert.Contains("vocab.txt: 300 kB of 300 kB", staying.Seen);
    }

    [Fact]
    public async Task When_every_student_leaves_the_download_stops_and_the_next_one_resumes_it()
    {
        var release = new TaskCompletionSource();
        await using var hub = ServingMpnet();
        hub.PauseFirstDownload(100_000, () => release.Task);
        var (provider, store) = Provider(hub);
        using var leaving = new CancellationTokenSource();
        var follower = new Reports();

        var leaves = provider.EnsureFilesAsync(ModelCatalog.Mpnet, follower, leaving.Token);
        await follower.Heard("onnx/model.onnx: 0 B of 1.0 MB");
        leaving.Cancel();
        await Assert.ThrowsAnyAsync<OperationCanceledException>(() => leaves);
        release.SetResult();

        var again = await provider.EnsureFilesAsync(ModelCatalog.Mpnet).WaitAsync(TimeSpan.FromSeconds(60));
        Assert.Equal(Model, await File.ReadAllBytesAsync(store.PathOf(ModelCatalog.Mpnet, ModelCatalog.Mpnet.Files[0])));
        Assert.Equal(store.FolderOf(ModelCatalog.Mpnet), again);
    }

    private LocalHub ServingMpnet()
    {
        var hub = LocalHub.Start();
        hub.AddLfsFile(ModelPath, Model);
        hub.AddLfsFile(VocabPath, Vocab);
        return hub;
    }

    private (ModelProvider Provider, ModelStore Store) Provider(LocalHub hub)
    {
        var store = new ModelStore(Path.Combine(_folder, "models"));
        var options = new HubOptions(hub.Endpoint, Path.Combine(_folder, "hf-cache")) { Time = _time };
        return (new ModelProvider(store, new HubClient(_http, options), new DownloadMonitor()), store);
    }

    private static string Sha(byte[] content) => Convert.ToHexStringLower(System.Security.Cryptography.SHA256.HashData(content));

    private static byte[] RandomBytes(int count)
    {
        var bytes = new byte[count];
        new Random(9).NextBytes(bytes);
        return bytes;
    }

    /// <summary>What one student's page is told, in order, as it is told (no synchronisation context in between).</summary>
    private sealed class Reports : IProgress<DownloadProgress>
    {
        private readonly ConcurrentQueue<string> _seen = new();
        private readonly ConcurrentDictionary<string, TaskCompletionSource> _heard = new();

        public IReadOnlyList<string> Seen => _seen.ToArray();

        public void Report(DownloadProgress value)
        {
            _seen.Enqueue(value.ToString());
            Signal(value.ToString()).TrySetResult();
        }

        public Task Heard(string report) => Signal(report).Task.WaitAsync(TimeSpan.FromSeconds(60));

        private TaskCompletionSource Signal(string report) => _heard.GetOrAdd(report, _ => new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously));
    }
}
