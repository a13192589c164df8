using LabApp.Core;
using LabApp.Core.Data;
using LabApp.Core.Hub;
using LabApp.Tests.Hub;

namespace LabApp.Tests.Data;

/// <summary>
/// With no data folder and nothing in the Hugging Face cache, the splits come from the hub: here a local server in
/// the hub's URL shape serves the real Parquet files.
/// </summary>
public sealed class DatasetDownloadTests
{
    [Fact]
    public async Task Splits_are_downloaded_from_the_hub_verified_and_read_once()
    {
        await using var hub = LocalHub.Start();
        var bytes = await File.ReadAllBytesAsync(Path.Combine(RepositoryPaths.SharedData, "rotten_tomatoes", "test.parquet"));
        hub.AddLfsFile($"/datasets/{RottenTomatoes.HubRepo}/resolve/main/test.parquet", bytes);
        var home = TestFolders.Create("download");
        var settings = LabSettings.Resolve(null, Path.Combine(home, "models"), name => name switch
        {
            "HF_ENDPOINT" => hub.Endpoint.AbsoluteUri,
            "HF_HUB_CACHE" => Path.Combine(home, "hf-cache"),
            _ => null,
        });
        var progress = new List<DownloadProgress>();
        var dataset = new RottenTomatoes(settings, new HubClient(new HttpClient(new SocketsHttpHandler { AllowAutoRedirect = false }), settings.Hub));

        var test = await dataset.LoadAsync("test", new SyncProgress<DownloadProgress>(progress.Add));

        Assert.Equal(1066, test.Count);
        Assert.Equal("unpretentious , charming , quirky , original", test.Texts[426]);
        Assert.Equal(bytes.Length, progress[^1].BytesDone);
        var downloaded = Path.Combine(settings.DownloadedDataDir, "rotten_tomatoes", "test.parquet");
        Assert.Equal(bytes, await File.ReadAllBytesAsync(downloaded));
        var requests = hub.Requests.Count;

        // A second lab process finds the downloaded file and asks the hub nothing.
        var again = new RottenTomatoes(settings, new HubClient(new HttpClient(), settings.Hub));
        Assert.Equal(1066, (await again.LoadAsync("test")).Count);
        Assert.Equal(requests, hub.Requests.Count);
    }

    [Fact]
    public async Task A_split_the_hub_does_not_have_says_what_to_do()
    {
        await using var hub = LocalHub.Start();
        var home = TestFolders.Create("download-404");
        var settings = LabSettings.Resolve(null, home, name => name switch
        {
            "HF_ENDPOINT" => hub.Endpoint.AbsoluteUri,
            "HF_HUB_CACHE" => Path.Combine(home, "hf-cache"),
            _ => null,
        });
        var dataset = new RottenTomatoes(settings, new HubClient(new HttpClient(new SocketsHttpHandler { AllowAutoRedirect = false }), settings.Hub));

        var e = await Assert.ThrowsAsync<HubException>(() => dataset.LoadAsync("validation"));
        Assert.Contains("validation.parquet", e.Message);
        Assert.Contains(RottenTomatoes.HubRepo, e.Message);
        Assert.False(File.Exists(Path.Combine(settings.DownloadedDataDir, "rotten_tomatoes", "validation.parquet")));
    }

    private sealed class SyncProgress<T>(Action<T> report) : IProgress<T>
    {
        public void Report(T value) => report(value);
    }
}
