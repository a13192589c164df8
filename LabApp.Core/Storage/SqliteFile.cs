using Microsoft.Data.Sqlite;
using Microsoft.Extensions.Logging;

namespace LabApp.Core.Storage;

/// <summary>
/// A SQLite file the lab keeps (embeddings, LLM answers, the run log): created with its schema on first use, in WAL
/// mode so the web app and the headless runner can read while the other writes. Unpooled, so no handle outlives a call
/// and the file can be deleted or moved between runs.
/// </summary>
internal sealed class SqliteFile
{
    private const int SqliteError = 1;
    private const int SqliteCorrupt = 11;
    private const int SqliteNotADatabase = 26;

    private readonly string _connectionString;

    public SqliteFile(string path, string schema)
    {
        Path = System.IO.Path.GetFullPath(path);
        Directory.CreateDirectory(System.IO.Path.GetDirectoryName(Path)!);
        _connectionString = new SqliteConnectionStringBuilder { DataSource = Path, Pooling = false }.ToString();
        using var connection = Open();
        using var command = connection.CreateCommand();
        command.CommandText = "PRAGMA journal_mode = WAL;\n" + schema;
        command.ExecuteNonQuery();
    }

    // Immutable: in a folder nobody may write, SQLite could not create the -shm file a WAL database is read through.
    private SqliteFile(string path)
    {
        Path = System.IO.Path.GetFullPath(path);
        IsReadOnly = true;
        _connectionString = new SqliteConnectionStringBuilder { DataSource = new Uri(path).AbsoluteUri + "?immutable=1", Mode = SqliteOpenMode.ReadOnly, Pooling = false }.ToString();
    }

    public string Path { get; }

    /// <summary>Whether the file is only read, because its folder cannot be written.</summary>
    public bool IsReadOnly { get; }

    /// <summary>
    /// A cache's file: opened read-only when its folder cannot be written (or null when there is no file to read yet);
    /// otherwise created, and when it is not a database or lacks the schema (<paramref name="check"/> fails), set aside
    /// as <c>&lt;name&gt;.corrupt-&lt;time&gt;</c> and rebuilt with one notice, since a cache can always be filled again.
    /// </summary>
    public static SqliteFile? OpenCache(string path, string schema, string check, ILogger logger, TimeProvider time)
    {
        var full = System.IO.Path.GetFullPath(path);
        if (!FolderAccess.CanWrite(NearestExistingFolder(full)))
            return File.Exists(full) ? ReadOnly(full) : null;

        try
        {
            return Checked(new SqliteFile(full, schema), check);
        }
        catch (SqliteException e) when (e.SqliteErrorCode is SqliteError or SqliteCorrupt or SqliteNotADatabase)
        {
            var aside = $"{full}.corrupt-{time.GetUtcNow():yyyyMMddTHHmmssZ}";
            File.Move(full, aside);
            foreach (var suffix in new[] { "-wal", "-shm" })
            {
                if (File.Exists(full + suffix))
                    File.Move(full + suffix, aside + suffix);
            }

            logger.LogWarning("The cache {Path} was damaged ({Reason}); it is set aside as {Aside} and rebuilt.", full, e.Message, aside);
            return Checked(new SqliteFile(full, schema), check);
        }
    }

    /// <summary>An existing file, opened so that nothing (not even SQLite's -shm file) is ever written beside it.</summary>
    public static SqliteFile ReadOnly(string path) => new(path);

    public SqliteConnection Open()
    {
        var connection = new SqliteConnection(_connectionString);
        connection.Open();
        return connection;
    }

    // The cache's folder may not exist yet: whether it can be created is the question for the folder that does.
    private static string NearestExistingFolder(string path)
    {
        var folder = System.IO.Path.GetDirectoryName(path);
        while (folder is not null && !Directory.Exists(folder))
            folder = System.IO.Path.GetDirectoryName(folder);
        return folder ?? System.IO.Path.GetPathRoot(path)!;
    }

    private static SqliteFile Checked(SqliteFile file, string check)
    {
        using var connection = file.Open();
        using var command = connection.CreateCommand();
        command.CommandText = check;
        command.ExecuteNonQuery();
        return file;
    }
}
