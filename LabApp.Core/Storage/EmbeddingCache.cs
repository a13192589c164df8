using System.Runtime.InteropServices;
using System.Security.Cryptography;
using System.Text;
using LabApp.Core.Inference;
using Microsoft.Data.Sqlite;

namespace LabApp.Core.Storage;

/// <summary>
/// Embeddings kept on disk, one SQLite file per model and revision, keyed by the SHA-256 of the text:
/// each split is embedded once per model and a restart reuses it. SQLite's transactions mean a crash
/// never leaves a half-written vector, and the web app and the headless runner can share the file.
/// </summary>
public sealed class EmbeddingCache
{
    private readonly SqliteFile _file;

    public EmbeddingCache(string folder, string modelKey, int dimension)
    {
        Dimension = dimension;
        _file = new SqliteFile(
            Path.Combine(folder, FileNameFor(modelKey)),
            "CREATE TABLE IF NOT EXISTS embeddings (text_sha256 BLOB PRIMARY KEY, vector BLOB NOT NULL) WITHOUT ROWID;");
    }

    public string FilePath => _file.Path;

    public int Dimension { get; }

    /// <summary>Fills the rows of <paramref name="target"/> whose text is cached; returns the indices of the texts that are not.</summary>
    public IReadOnlyList<int> Fill(IReadOnlyList<string> texts, float[] target)
    {
        var missing = new List<int>();
        using var connection = Open();
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
        using var connection = Open();
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
        using var connection = Open();
        using var command = connection.CreateCommand();
        command.CommandText = "SELECT COUNT(*) FROM embeddings";
        return Convert.ToInt32(command.ExecuteScalar());
    }

    private SqliteConnection Open() => _file.Open();

    private static byte[] KeyOf(string text) => SHA256.HashData(Encoding.UTF8.GetBytes(text));

    private static string FileNameFor(string modelKey)
    {
        var safe = new string(modelKey.Select(c => char.IsLetterOrDigit(c) || c is '-' or '.' ? c : '_').ToArray());
        return safe + ".sqlite";
    }
}
