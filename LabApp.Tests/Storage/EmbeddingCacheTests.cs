using LabApp.Core.Inference;
using LabApp.Core.Models;
using LabApp.Core.Storage;
using Microsoft.Data.Sqlite;
using Microsoft.Extensions.Logging.Testing;
using Microsoft.Extensions.Time.Testing;

namespace LabApp.Tests.Storage;

/// <summary>The embedding cache over damaged, foreign and read-only files, each in its own temporary folder.</summary>
public sealed class EmbeddingCacheTests
{
    private const string Key = "sentence-transformers/all-MiniLM-L6-v2@main-test";
    private static readonly string[] Texts = ["a gripping, funny film", "dull and far too long", "the cast is wonderful"];

    [Fact]
    public async Task A_file_that_is_not_a_database_is_set_aside_and_rebuilt_with_the_same_vectors()
    {
        var folder = TestFolders.Create("embeddings");
        var path = Path.Combine(folder, "sentence-transformers_all-MiniLM-L6-v2_main-test.sqlite");
        await File.WriteAllTextAsync(path, "these bytes are not a SQLite database, whatever the name says");
        var logger = new FakeLogger();
        var time = new FakeTimeProvider(new DateTimeOffset(2026, 12, 1, 23, 30, 0, TimeSpan.Zero));

        var cache = new EmbeddingCache(folder, Key, 384, logger, time);

        var aside = path + ".corrupt-20261201T233000Z";
        Assert.Equal("these bytes are not a SQLite database, whatever the name says", await File.ReadAllTextAsync(aside));
        var notice = Assert.Single(logger.Collector.GetSnapshot());
        Assert.StartsWith($"The cache {path} was damaged (", notice.Message);
        Assert.EndsWith($"); it is set aside as {aside} and rebuilt.", notice.Message);
        await AssertStoresAndServesExactly(cache);
    }

    [Fact]
    public async Task A_database_with_another_schema_is_set_aside_and_rebuilt()
    {
        var folder = TestFolders.Create("embeddings");
        var path = Path.Combine(folder, "sentence-transformers_all-MiniLM-L6-v2_main-test.sqlite");
        using (var connection = new SqliteConnection(new SqliteConnectionStringBuilder { DataSource = path, Pooling = false }.ToString()))
        {
            connection.Open();
            using var command = connection.CreateCommand();
            command.CommandText = "CREATE TABLE embeddings (text TEXT, score REAL)";
            command.ExecuteNonQuery();
        }

        var logger = new FakeLogger();
        var cache = new EmbeddingCache(folder, Key, 384, logger, new FakeTimeProvider());

        Assert.Single(Directory.GetFiles(folder, "*.corrupt-*"));
        Assert.Single(logger.Collector.GetSnapshot());
        await AssertStoresAndServesExactly(cache);
    }

    [Fact]
    public async Task A_read_only_cache_serves_its_vectors_writes_nothing_and_refuses_a_store_naming_the_folder()
    {
        var folder = TestFolders.Create("embeddings");
        var writable = new EmbeddingCache(folder, Key, 384);
        var embeddings = await SharedModel.Embedder.EmbedAsync(Texts);
        writable.Store(Texts, embeddings);
        var files = Directory.GetFiles(folder).Order().ToArray();

        var readOnly = new EmbeddingCache(writable.FilePath, 384, SqliteFile.ReadOnly(writable.FilePath));

        var values = new float[Texts.Length * 384];
        Assert.Empty(readOnly.Fill(Texts, values));
        Assert.Equal(embeddings.Row(0).ToArray(), values[..384]);
        Assert.False(readOnly.CanStore);
        var e = Assert.Throws<IOException>(() => readOnly.Store(Texts, embeddings));
        Assert.Equal($"3 reviews are not in the embedding cache and its folder {folder} cannot be written. Make the folder writable, or point --models-dir (or LAB_MODELS_DIR) at a writable folder.", e.Message);
        Assert.Equal(files, Directory.GetFiles(folder).Order().ToArray());
    }

    // Root may write into a folder whatever its mode, so as root (the test machine) the folder stays writable and the
    // cache is opened for writing; the read-only path itself is tested above through SqliteFile.ReadOnly.
    [Fact]
    [System.Runtime.Versioning.UnsupportedOSPlatform("windows")]
    public void A_folder_without_write_permission_is_read_only_except_for_root()
    {
        var folder = TestFolders.Create("read-only");
        Assert.True(FolderAccess.CanWrite(folder));

        File.SetUnixFileMode(folder, UnixFileMode.UserRead | UnixFileMode.UserExecute);
        try
        {
            Assert.Equal(Environment.IsPrivilegedProcess, FolderAccess.CanWrite(folder));
        }
        finally
        {
            File.SetUnixFileMode(folder, UnixFileMode.UserRead | UnixFileMode.UserWrite | UnixFileMode.UserExecute);
        }
    }

    [Fact]
    public void The_cache_key_follows_the_model_files_content_not_its_size()
    {
        var folder = TestFolders.Create("model");
        var model = Path.Combine(folder, "model.onnx");
        File.Copy(Path.Combine(SharedModel.Folder, "model.onnx"), model);
        var good = EmbeddingService.CacheKey(ModelCatalog.MiniLm, folder);

        var bytes = File.ReadAllBytes(model);
        bytes[bytes.Length / 2] ^= 0xFF;
        File.WriteAllBytes(model, bytes);
        var damaged = EmbeddingService.CacheKey(ModelCatalog.MiniLm, folder);

        File.Copy(Path.Combine(SharedModel.Folder, "model.onnx"), model, overwrite: true);
        Assert.NotEqual(good, damaged);
        Assert.Equal(good, EmbeddingService.CacheKey(ModelCatalog.MiniLm, folder));
        Assert.Equal(EmbeddingService.CacheKey(ModelCatalog.MiniLm, SharedModel.Folder), good);
    }

    private static async Task AssertStoresAndServesExactly(EmbeddingCache cache)
    {
        var embeddings = await SharedModel.Embedder.EmbedAsync(Texts);
        cache.Store(Texts, embeddings);
        var values = new float[Texts.Length * 384];
        Assert.Empty(cache.Fill(Texts, values));
        for (var i = 0; i < Texts.Length; i++)
            Assert.Equal(embeddings.Row(i).ToArray(), values.AsSpan(i * 384, 384).ToArray());
    }
}
