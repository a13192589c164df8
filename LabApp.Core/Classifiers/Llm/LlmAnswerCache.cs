using System.Globalization;
using System.Security.Cryptography;
using System.Text;
using LabApp.Core.Storage;
using Microsoft.Data.Sqlite;

namespace LabApp.Core.Classifiers.Llm;

/// <summary>
/// Every answer a chat API gave, kept in one SQLite file so that a re-run, or a run resumed after a cancel,
/// asks the server only for what it has not answered yet: answers cost money. An answer is keyed by the
/// SHA-256 of everything that decides it (base URL, model, temperature, prompt template, review text) and is
/// written as soon as it arrives. Failures are never stored. Only <see cref="LlmClassifier"/> reads and writes it.
/// </summary>
public sealed class LlmAnswerCache
{
    private readonly SqliteFile _file;

    // Concurrent requests finish together; one writer at a time keeps SQLite from answering "database is locked".
    private readonly Lock _writeGate = new();

    public LlmAnswerCache(string filePath)
    {
        _file = new SqliteFile(filePath, """
            CREATE TABLE IF NOT EXISTS answers (key_sha256 BLOB PRIMARY KEY, answer TEXT NOT NULL) WITHOUT ROWID;
            """);
    }

    public string FilePath => _file.Path;

    public int Count()
    {
        using var connection = Open();
        using var command = connection.CreateCommand();
        command.CommandText = "SELECT COUNT(*) FROM answers";
        return Convert.ToInt32(command.ExecuteScalar(), CultureInfo.InvariantCulture);
    }

    /// <summary>The cached answer for each key, or null where there is none.</summary>
    internal string?[] Find(IReadOnlyList<byte[]> keys)
    {
        var answers = new string?[keys.Count];
        using var connection = Open();
        using var command = connection.CreateCommand();
        command.CommandText = "SELECT answer FROM answers WHERE key_sha256 = $key";
        var key = command.Parameters.Add("$key", SqliteType.Blob);
        for (var i = 0; i < keys.Count; i++)
        {
            key.Value = keys[i];
            answers[i] = command.ExecuteScalar() as string;
        }

        return answers;
    }

    internal void Store(byte[] key, string answer)
    {
        lock (_writeGate)
        {
            using var connection = Open();
            using var command = connection.CreateCommand();
            command.CommandText = "INSERT OR REPLACE INTO answers (key_sha256, answer) VALUES ($key, $answer)";
            command.Parameters.Add("$key", SqliteType.Blob).Value = key;
            command.Parameters.Add("$answer", SqliteType.Text).Value = answer;
            command.ExecuteNonQuery();
        }
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

    private SqliteConnection Open() => _file.Open();
}
