using System.Security.Cryptography;
using System.Text;
using LabApp.Core;
using LabApp.Core.Inference;
using LabApp.Core.Models;
using Microsoft.Data.Sqlite;
using Microsoft.Extensions.DependencyInjection;

namespace LabApp.Tests.Inference;

/// <summary>
/// The embedding service over a models folder of the test's own: the real MiniLM (linked, not copied) and a copy of the
/// shared embedding cache, so the test split needs no re-embedding and the SQLite file read back is the one written.
/// </summary>
public sealed class TypedTextPrivacyTests : IDisposable
{
    private readonly string _models = TestFolders.Create("privacy-models");
    private readonly ServiceProvider _lab;

    public TypedTextPrivacyTests()
    {
        var modelFolder = Path.Combine(_models, "sentence-transformers", "all-MiniLM-L6-v2");
        Directory.CreateDirectory(modelFolder);
        foreach (var file in Directory.GetFiles(SharedModel.Folder))
            File.CreateSymbolicLink(Path.Combine(modelFolder, Path.GetFileName(file)), file);
        var settings = LabSettings.Resolve(RepositoryPaths.SharedData, _models, name => name == "HF_ENDPOINT" ? "http://127.0.0.1:9" : null);
        CopySharedCacheTo(settings.EmbeddingCacheDir);
        _lab = new ServiceCollection().AddLabCore(settings).BuildServiceProvider();
    }

    private EmbeddingService Embeddings => _lab.GetRequiredService<EmbeddingService>();

    public void Dispose() => _lab.Dispose();

    [Fact]
    public async Task A_typed_text_is_never_written_to_the_disk_cache_while_a_split_review_is()
    {
        const string typed = "my own review: the projectionist fell asleep and so did I";
        var splitReview = SharedData.Load("test").Texts[0];
        // The copied cache forgets one review of the split, so embedding the split has to write it back.
        Delete(splitReview);

        var typedVector = await Embeddings.EmbedTextsAsync(ModelCatalog.MiniLm, [typed]);
        var split = await Embeddings.EmbedSplitAsync(ModelCatalog.MiniLm, "test");

        Assert.False(IsOnDisk(typed));
        Assert.True(IsOnDisk(splitReview));
        var direct = await SharedModel.Embedder.EmbedAsync([typed, splitReview]);
        Assert.Equal(direct.Row(0).ToArray(), typedVector.Row(0).ToArray());
        Assert.Equal(direct.Row(1).ToArray(), split.Row(0).ToArray());
    }

    // Every cache file of the test's models folder (the one the lab writes and any other copied beside it).
    private string[] CacheFiles => Directory.Exists(Path.Combine(_models, "embeddings"))
        ? Directory.GetFiles(Path.Combine(_models, "embeddings"), "*.sqlite")
        : [];

    private bool IsOnDisk(string text) => CacheFiles.Any(file => Execute(file, "SELECT COUNT(*) FROM embeddings WHERE text_sha256 = $key", text) is 1L);

    private void Delete(string text)
    {
        foreach (var file in CacheFiles)
            Execute(file, "DELETE FROM embeddings WHERE text_sha256 = $key", text);
    }

    private static object? Execute(string file, string sql, string text)
    {
        using var connection = Open(file);
        using var command = connection.CreateCommand();
        command.CommandText = sql;
        command.Parameters.AddWithValue("$key", SHA256.HashData(Encoding.UTF8.GetBytes(text)));
        return command.ExecuteScalar();
    }

    // SQLite's backup copies a consistent file even while another test process writes the shared cache.
    private static void CopySharedCacheTo(string folder)
    {
        if (!Directory.Exists(SharedData.Settings.EmbeddingCacheDir))
            return;
        Directory.CreateDirectory(folder);
        foreach (var shared in Directory.GetFiles(SharedData.Settings.EmbeddingCacheDir, "*MiniLM*.sqlite"))
        {
            using var source = Open(shared);
            using var copy = Open(Path.Combine(folder, Path.GetFileName(shared)));
            source.BackupDatabase(copy);
        }
    }

    private static SqliteConnection Open(string path)
    {
        var connection = new SqliteConnection(new SqliteConnectionStringBuilder { DataSource = path, Pooling = false }.ToString());
        connection.Open();
        return connection;
    }
}
