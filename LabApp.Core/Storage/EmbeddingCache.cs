using System.Runtime.InteropServices;
using System.Security.Cryptography;
using System.Text;
using LabApp.Core.Inference;
using Microsoft.Data.Sqlite;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Logging.Abstractions;

namespace LabApp.Core.Storage;

/// <summary>
/// Embeddings kept on disk, one SQLite file per model and revision, keyed by the SHA-256 of the text:
/// each split is embedded once per model and a restart reuses it. SQLite's transactions mean a crash
/// never leaves a half-written vector, and the web app and the headless runner can share the file. A damaged file is
/// set aside and rebuilt; in a folder that cannot be written the cache is only read.
/// </summary>
public sealed class EmbeddingCache
{
    private const string Schema = "CREATE TABLE IF NOT EXISTS embeddings (text_sha256 BLOB PRIMARY KEY, vector BLOB NOT NULL) WITHOUT ROWID;";
    private const string SchemaCheck = "SELECT text_sha256, vector FROM embeddings LIMIT 1;";

    // Null when the folder is read-only and holds no file for this model yet: every text is then a miss.
    private readonly SqliteFile? _file;

    public EmbeddingCache(string folder, string modelKey, int dimension, ILogger? logger = null, TimeProvider? time = null)
        : this(
            Path.GetFullPath(Path.Combine(folder, FileNameFor(modelKey))),
            dimension,
            SqliteFile.OpenCache(Path.Combine(folder, FileNameFor(modelKey)), Schema, SchemaCheck, logger ?? NullLogger.Instance, time ?? TimeProvider.System))
    {
    }

    internal EmbeddingCache(string filePath, int dimension, SqliteFile? file)
    {
        FilePath = filePath;
        Dimension = dimension;
        _file = file;
    }

    public string FilePath { get; }

    public int Dimension { get; }

    /// <summary>Whether new embeddings can be stored: false when the cache's folder cannot be written.</summary>
    public bool CanStore => _file is { IsReadOnly: false };

    /// <summary>Fills the rows of <paramref name="target"/> whose text is cached; returns the indices of the texts that are not.</summary>
    public IReadOnlyList<int> Fill(IReadOnlyList<string> texts, float[] target)
    {
        if (_file is null)
            return Enumerable.Range(0, texts.Count).ToArray();

        var missing = new List<int>();
        using var connection = _file.Open();
        using var command = connection.CreateCommand();
        command.CommandText = "SELECT vector FROM embeddings WHERE text_sha256 = $key";
        var key = command.Parameters.Add("$key", SqliteType.Blob);
        for (var i = 0; i < texts.Count; i++)
        {
            key.Value = KeyOf(texts[i]);
            if (command.ExecuteScalar() is byte[] blob && blob.Length == Dimension * sizeof(float))
                MemoryMarshal.Cast<byte, float>(blob).CopyTo(target.AsSpan(i * Dimension, Dimension));
            else
                missing.Add(i);
        }

        return missing;
    }

    /// <summary>Stores the embeddings of <paramref name="texts"/> (row <c>i</c> of <paramref name="embeddings"/>) in one transaction.</summary>
    public void Store(IReadOnlyList<string> texts, EmbeddingMatrix embeddings)
    {
        RequireStorable(texts.Count);
        using var connection = _file!.Open();
        using var transaction = connection.BeginTransaction();
        using var command = connection.CreateCommand();
        command.CommandText = "INSERT OR REPLACE INTO embeddings (text_sha256, vector) VALUES ($key, $vector)";
        var key = command.Parameters.Add("$key", SqliteType.Blob);
        var vector = command.Parameters.Add("$vector", SqliteType.Blob);
        for (var i = 0; i < texts.Count; i++)
        {
            key.Value = KeyOf(texts[i]);
            vector.Value = MemoryMarshal.AsBytes(embeddings.Row(i)).ToArray();
            command.ExecuteNonQuery();
        }

        transaction.Commit();
    }

    public int Count()
    {
        if (_file is null)
            return 0;
        using var connection = _file.Open();
        using var command = connection.CreateCommand();
        command.CommandText = "SELECT COUNT(*) FROM embeddings";
        return Convert.ToInt32(command.ExecuteScalar());
    }

    /// <summary>Throws one message naming the folder when <paramref name="count"/> new embeddings would have to be stored in a read-only cache.</summary>
    public void RequireStorable(int count)
    {
        if (!CanStore)
            throw new IOException(
                $"{count} reviews are not in the embedding cache and its folder {Path.GetDirectoryName(FilePath)} cannot be written. Make the folder writable, or point --models-dir (or LAB_MODELS_DIR) at a writable folder.");
    }

    private static byte[] KeyOf(string text) => SHA256.HashData(Encoding.UTF8.GetBytes(text));

    private static string FileNameFor(string modelKey)
    {
        var safe = new string(modelKey.Select(c => char.IsLetterOrDigit(c) || c is '-' or '.' ? c : '_').ToArray());
        return safe + ".sqlite";
    }
}
