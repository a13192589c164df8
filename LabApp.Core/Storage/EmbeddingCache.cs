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
/// never leaves a half-written vector, and the web app and the headless runner can share the file. A damaged file
/// (found when it is opened or at any read) is set aside and rebuilt; in a folder that cannot be written the cache is
/// only read. A cache is never in the way of the work: when its file cannot be used (a folder in its place, another
/// program holding its lock, a full disk) the embeddings are computed and used all the same, with one notice that they
/// are not kept.
/// </summary>
public sealed class EmbeddingCache
{
    private const string Schema = "CREATE TABLE IF NOT EXISTS embeddings (text_sha256 BLOB PRIMARY KEY, vector BLOB NOT NULL) WITHOUT ROWID;";
    private const string SchemaCheck = "SELECT text_sha256, vector FROM embeddings LIMIT 1;";

    private readonly ILogger _logger;
    private readonly TimeProvider _time;
    private readonly Lock _gate = new();

    // Null when the folder is read-only and holds no file for this model yet, or when the file cannot be used: every text is then a miss.
    private SqliteFile? _file;

    // Why the file cannot be used, once said: nothing is stored from then on.
    private string? _unusable;

    public EmbeddingCache(string folder, string modelKey, int dimension, ILogger? logger = null, TimeProvider? time = null)
    {
        FilePath = Path.GetFullPath(Path.Combine(folder, FileNameFor(modelKey)));
        Dimension = dimension;
        _logger = logger ?? NullLogger.Instance;
        _time = time ?? TimeProvider.System;
        _file = Open();
    }

    internal EmbeddingCache(string filePath, int dimension, SqliteFile? file)
    {
        FilePath = filePath;
        Dimension = dimension;
        _logger = NullLogger.Instance;
        _time = TimeProvider.System;
        _file = file;
    }

    public string FilePath { get; }

    public int Dimension { get; }

    /// <summary>Whether new embeddings can be stored: false when the cache's folder cannot be written or its file cannot be used.</summary>
    public bool CanStore => _file is { IsReadOnly: false } && _unusable is null;

    /// <summary>Fills the rows of <paramref name="target"/> whose text is cached; returns the indices of the texts that are not.</summary>
    public IReadOnlyList<int> Fill(IReadOnlyList<string> texts, float[] target)
    {
        if (_file is not { } file)
            return Enumerable.Range(0, texts.Count).ToArray();

        try
        {
            return file.Use(connection =>
            {
                var missing = new List<int>();
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
            });
        }
        catch (StorageException e)
        {
            Failed(file, e);
            return Enumerable.Range(0, texts.Count).ToArray();
        }
    }

    /// <summary>
    /// Stores the embeddings of <paramref name="texts"/> (row <c>i</c> of <paramref name="embeddings"/>) in one transaction;
    /// when the file cannot take them (busy, full, damaged) they are not kept, with one notice.
    /// </summary>
    public void Store(IReadOnlyList<string> texts, EmbeddingMatrix embeddings)
    {
        RequireStorable(texts.Count);
        if (!CanStore || _file is not { } file)
            return;
        try
        {
            file.Use(connection =>
            {
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
            });
        }
        catch (StorageException e)
        {
            Failed(file, e);
        }
    }

    public int Count()
    {
        if (_file is not { } file)
            return 0;
        return file.Use(connection =>
        {
            using var command = connection.CreateCommand();
            command.CommandText = "SELECT COUNT(*) FROM embeddings";
            return Convert.ToInt32(command.ExecuteScalar());
        });
    }

    /// <summary>Throws one message naming the folder when <paramref name="count"/> new embeddings would have to be stored in a read-only cache.</summary>
    public void RequireStorable(int count)
    {
        if (_file is { IsReadOnly: true } || (_file is null && _unusable is null))
            throw new IOException(
                $"{count} reviews are not in the embedding cache and its folder {Path.GetDirectoryName(FilePath)} cannot be written. Make the folder writable, or point --models-dir (or LAB_MODELS_DIR) at a writable folder.");
    }

    private SqliteFile? Open()
    {
        try
        {
            return SqliteFile.OpenCache(FilePath, Schema, SchemaCheck, _logger, _time);
        }
        catch (StorageException e)
        {
            NotKept(e.Message);
            return null;
        }
    }

    // A damaged file is set aside and a new one started (the vectors it held are embedded again); anything else leaves
    // the file alone and this cache stores nothing more, said once.
    private void Failed(SqliteFile file, StorageException e)
    {
        lock (_gate)
        {
            if (e.Problem != StorageProblem.Damaged)
            {
                NotKept(e.Message);
                return;
            }

            if (_file != file)
                return;
            _file = null;
            try
            {
                SqliteFile.SetAside(FilePath, e.Message, _logger, _time);
            }
            catch (IOException moving)
            {
                NotKept($"{e.Message} It could not be set aside ({moving.Message.TrimEnd('.')}).");
                return;
            }

            _file = Open();
        }
    }

    private void NotKept(string reason)
    {
        if (_unusable is not null)
            return;
        _unusable = reason;
        _logger.LogWarning("{Reason} The embeddings are computed all the same, but not kept in the cache.", reason);
    }

    private static byte[] KeyOf(string text) => SHA256.HashData(Encoding.UTF8.GetBytes(text));

    private static string FileNameFor(string modelKey)
    {
        var safe = new string(modelKey.Select(c => char.IsLetterOrDigit(c) || c is '-' or '.' ? c : '_').ToArray());
        return safe + ".sqlite";
    }
}
