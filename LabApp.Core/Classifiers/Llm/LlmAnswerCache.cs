using System.Globalization;
using System.Security.Cryptography;
using System.Text;
using LabApp.Core.Data;
using LabApp.Core.Storage;
using Microsoft.Data.Sqlite;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Logging.Abstractions;

namespace LabApp.Core.Classifiers.Llm;

/// <summary>
/// Every answer a chat API gave, kept in one SQLite file so that a re-run, or a run resumed after a cancel,
/// asks the server only for what it has not answered yet: answers cost money. An answer is keyed by the
/// SHA-256 of everything that decides it (base URL, model, temperature, prompt template, review text) and is
/// written as soon as it arrives. Failures are never stored. Only <see cref="LlmClassifier"/> reads and writes it.
/// </summary>
public sealed class LlmAnswerCache
{
    private const string Schema = "CREATE TABLE IF NOT EXISTS answers (key_sha256 BLOB PRIMARY KEY, answer TEXT NOT NULL) WITHOUT ROWID;";

    private readonly ILogger _logger;

    // Null when the file cannot be used (a folder in its place, a folder nobody may write): nothing is found or kept.
    private readonly SqliteFile? _file;

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
            _file = SqliteFile.OpenCache(FilePath, Schema, "SELECT key_sha256, answer FROM answers LIMIT 1;", _logger, TimeProvider.System);
        }
        catch (StorageException e)
        {
            NotKept(e.Message);
        }
    }

    public string FilePath { get; }

    public int Count() => _file?.Use(connection =>
    {
        using var command = connection.CreateCommand();
        command.CommandText = "SELECT COUNT(*) FROM answers";
        return Convert.ToInt32(command.ExecuteScalar(), CultureInfo.InvariantCulture);
    }) ?? 0;

    /// <summary>The cached answer for each key, or null where there is none (all, when the file cannot be read).</summary>
    internal string?[] Find(IReadOnlyList<byte[]> keys)
    {
        var answers = new string?[keys.Count];
        if (_file is null)
            return answers;
        try
        {
            _file.Use(connection =>
            {
                using var command = connection.CreateCommand();
                command.CommandText = "SELECT answer FROM answers WHERE key_sha256 = $key";
                var key = command.Parameters.Add("$key", SqliteType.Blob);
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
        if (_file is null || TypedText.IsBlank(answer))
            return;
        lock (_writeGate)
        {
            try
            {
                _file.Use(connection =>
                {
                    using var command = connection.CreateCommand();
                    command.CommandText = "INSERT OR REPLACE INTO answers (key_sha256, answer) VALUES ($key, $answer)";
                    command.Parameters.Add("$key", SqliteType.Blob).Value = key;
                    command.Parameters.Add("$answer", SqliteType.Text).Value = answer;
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
