using System.Globalization;
using System.Security.Cryptography;
using System.Text;
using LabApp.Core.Data;
using LabApp.Core.Storage;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Logging.Abstractions;

namespace LabApp.Core.Classifiers.Llm;

/// <summary>
/// Every answer a chat API gave, kept in one SQLite file so that a re-run, or a run resumed after a cancel,
/// asks the server only for what it has not answered yet: answers cost money. An answer is keyed by the
/// SHA-256 of everything that decides it (base URL, model, temperature, prompt template, review text) and is
/// written as soon as it arrives. Failures are never stored. Only <see cref="LlmClassifier"/> reads and writes it. With
/// several servers the answers live in the class's PostgreSQL database (<see cref="StoreDatabase"/>), so no server asks
/// again for what another was answered.
/// </summary>
public sealed class LlmAnswerCache
{
    private const string Schema = "CREATE TABLE IF NOT EXISTS answers (key_sha256 BLOB PRIMARY KEY, answer TEXT NOT NULL) WITHOUT ROWID;";

    private readonly ILogger _logger;

    // Null when the file cannot be used (a folder in its place, a folder nobody may write): nothing is found or kept.
    private readonly StoreDatabase? _database;

    // Concurrent requests finish together; one writer at a time keeps SQLite from answering "database is locked".
    private readonly Lock _writeGate = new();

    private bool _toldNotKept;

    /// <summary>The cache at <paramref name="filePath"/>: a damaged file is set aside and a new one started, as the embedding cache does.</summary>
    public LlmAnswerCache(string filePath, ILogger? logger = null)
    {
        FilePath = Path.GetFullPath(filePath);
        _logger = logger ?? NullLogger.Instance;
        try
        {
            _database = SqliteFile.OpenCache(FilePath, Schema, "SELECT key_sha256, answer FROM answers LIMIT 1;", _logger, TimeProvider.System) is { } file
                ? new SqliteDatabase(file)
                : null;
        }
        catch (StorageException e)
        {
            NotKept(e.Message);
        }
    }

    /// <summary>The cache in <paramref name="database"/>, whose schema is there already (the class's PostgreSQL database).</summary>
    public LlmAnswerCache(StoreDatabase database, ILogger? logger = null)
    {
        FilePath = database.Name;
        _logger = logger ?? NullLogger.Instance;
        _database = database;
    }

    /// <summary>Where the answers are: the file's full path, or the PostgreSQL database's host and name.</summary>
    public string FilePath { get; }

    public int Count() => _database?.Use(connection =>
    {
        using var command = connection.Command("SELECT COUNT(*) FROM answers");
        return Convert.ToInt32(command.ExecuteScalar(), CultureInfo.InvariantCulture);
    }) ?? 0;

    /// <summary>The cached answer for each key, or null where there is none (all, when the file cannot be read).</summary>
    internal string?[] Find(IReadOnlyList<byte[]> keys)
    {
        var answers = new string?[keys.Count];
        if (_database is null)
            return answers;
        try
        {
            _database.Use(connection =>
            {
                using var command = connection.Command("SELECT answer FROM answers WHERE key_sha256 = @key").With("key", Array.Empty<byte>());
                var key = command.Parameters[0];
                for (var i = 0; i < keys.Count; i++)
                {
                    key.Value = keys[i];
                    // An answer with nothing in it is no answer: one a version before this kept is asked for again.
                    answers[i] = command.ExecuteScalar() is string answer && !TypedText.IsBlank(answer) ? answer : null;
                }
            });
        }
        catch (StorageException e)
        {
            NotKept(e.Message);
            Array.Clear(answers);
        }

        return answers;
    }

    /// <summary>
    /// Keeps <paramref name="answer"/>, unless it is blank: a server that answered with no content may answer properly
    /// once it is fixed, and a cached blank would stand for the model's answer for ever. A file that cannot take it
    /// (busy, full, read-only) is said once; the run goes on.
    /// </summary>
    internal void Store(byte[] key, string answer)
    {
        if (_database is null || TypedText.IsBlank(answer))
            return;
        lock (_writeGate)
        {
            try
            {
                _database.Use(connection =>
                {
                    using var command = connection.Command("""
                        INSERT INTO answers (key_sha256, answer) VALUES (@key, @answer)
                        ON CONFLICT (key_sha256) DO UPDATE SET answer = excluded.answer
                        """).With("key", key).With("answer", answer);
                    command.ExecuteNonQuery();
                });
            }
            catch (StorageException e)
            {
                NotKept(e.Message);
            }
        }
    }

    private void NotKept(string reason)
    {
        if (_toldNotKept)
            return;
        _toldNotKept = true;
        _logger.LogWarning("{Reason} The answers are used all the same, but not kept: a re-run asks for them again.", reason);
    }

    /// <summary>
    /// The key of one request. Each part is written with its length first, so that no two different sets of
    /// parts (a model name ending where a template starts) can give the same bytes. Neither the API key nor a
    /// password in the base URL is a part: the answer does not depend on them, and the cache file must hold nothing
    /// from which they could be guessed (a hash of a short password can be).
    /// </summary>
    internal static byte[] KeyOf(LlmSettings settings, PromptTemplate template, string review)
    {
        using var hash = IncrementalHash.CreateHash(HashAlgorithmName.SHA256);
        Span<byte> length = stackalloc byte[sizeof(int)];
        foreach (var part in (ReadOnlySpan<string>)[
            EndpointText.Redact(settings.BaseUrl).TrimEnd('/'), settings.Model, settings.Temperature.ToString("R", CultureInfo.InvariantCulture), template.Text, review])
        {
            var bytes = Encoding.UTF8.GetBytes(part);
            BitConverter.TryWriteBytes(length, bytes.Length);
            hash.AppendData(length);
            hash.AppendData(bytes);
        }

        return hash.GetHashAndReset();
    }

}
