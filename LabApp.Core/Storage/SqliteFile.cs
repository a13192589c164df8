using Microsoft.Data.Sqlite;

namespace LabApp.Core.Storage;

/// <summary>
/// A SQLite file the lab keeps (embeddings, LLM answers, the run log): created with its schema on first use, in WAL
/// mode so the web app and the headless runner can read while the other writes. Unpooled, so no handle outlives a call
/// and the file can be deleted or moved between runs.
/// </summary>
internal sealed class SqliteFile
{
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

    public string Path { get; }

    public SqliteConnection Open()
    {
        var connection = new SqliteConnection(_connectionString);
        connection.Open();
        return connection;
    }
}
