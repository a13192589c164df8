using System.Data.Common;
using System.Globalization;
using Microsoft.Data.Sqlite;

namespace LabApp.Core.Storage;

/// <summary>A store's SQLite file (<see cref="SqliteFile"/>) as the stores' <see cref="StoreDatabase"/>: one server, nobody else to tell.</summary>
public sealed class SqliteDatabase : StoreDatabase
{
    internal SqliteDatabase(SqliteFile file) => File = file;

    internal SqliteFile File { get; }

    public override string Name => File.Path;

    public override T Use<T>(Func<DbConnection, T> work) => File.Use(connection => work(connection));

    // BEGIN IMMEDIATE: the file's write lock from the start, so the web app and the headless runner never interleave a read-then-write.
    public override DbTransaction BeginWrite(DbConnection connection, string key) => ((SqliteConnection)connection).BeginTransaction(deferred: false);

    public override object TimeValue(DateTimeOffset time) => time.ToString("O", CultureInfo.InvariantCulture);

    public override DateTimeOffset TimeAt(DbDataReader reader, int ordinal) => DateTimeOffset.Parse(reader.GetString(ordinal), CultureInfo.InvariantCulture);
}
