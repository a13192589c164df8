using System.Data.Common;

namespace LabApp.Core.Storage;

/// <summary>
/// Where the class's stores (run log, workbooks and hand-ins, class suite, shared links, LLM answers) keep their tables:
/// a SQLite file of the lab's (<see cref="SqliteDatabase"/>, the default, one server) or the class's PostgreSQL database
/// (<see cref="PostgresDatabase"/>, shared by several servers). The stores write one SQL for both, with <c>@name</c>
/// parameters and the clauses both understand (<c>ON CONFLICT</c>, <c>RETURNING</c>, <c>COALESCE</c>); what differs lives
/// here: how a connection is opened and its failures said, how a write is kept from racing another, how a time is
/// stored, and whether other servers hear of a change.
/// </summary>
public abstract class StoreDatabase
{
    /// <summary>The database in a user's words, for messages: a file's path, or PostgreSQL's host and database (never a password).</summary>
    public abstract string Name { get; }

    /// <summary>Whether other servers share the database, and so hear what this one <see cref="Announce"/>s.</summary>
    public virtual bool IsShared => false;

    /// <summary>
    /// Raised when another server announced a change (<c>channel</c>, <c>id</c>): a store raises its own event for it as
    /// for a change made here. Never raised for a database no other server shares.
    /// </summary>
    public event Action<string, string>? Heard;

    /// <summary>Opens a connection for <paramref name="work"/> and closes it after; the database's failures come out as <see cref="StorageException"/>.</summary>
    public abstract T Use<T>(Func<DbConnection, T> work);

    public void Use(Action<DbConnection> work) => Use(connection =>
    {
        work(connection);
        return 0;
    });

    /// <summary>
    /// A transaction that no other writer of <paramref name="key"/> (an owner, a table) runs beside: SQLite's immediate
    /// transaction locks the whole file; PostgreSQL takes a transaction-scoped advisory lock on the key, so a read-then-write
    /// (the run a student logged before, the next hand-in's version) is never raced by another server.
    /// </summary>
    public abstract DbTransaction BeginWrite(DbConnection connection, string key);

    /// <summary>A time as the database stores it: ISO 8601 text in SQLite (as the lab always wrote it), timestamptz in PostgreSQL.</summary>
    public abstract object TimeValue(DateTimeOffset time);

    /// <summary>The time in column <paramref name="ordinal"/>, as <see cref="TimeValue"/> stored it.</summary>
    public abstract DateTimeOffset TimeAt(DbDataReader reader, int ordinal);

    /// <summary>Tells the other servers that <paramref name="id"/> changed in <paramref name="channel"/>; nothing for a database no other server shares.</summary>
    public virtual void Announce(string channel, string id)
    {
    }

    /// <summary>Raises <see cref="Heard"/>: for the listener that hears the other servers.</summary>
    protected void RaiseHeard(string channel, string id) => Heard?.Invoke(channel, id);
}

/// <summary>Parameters for the one SQL the stores write for both databases.</summary>
public static class StoreCommands
{
    /// <summary>Adds the parameter <paramref name="name"/> (written <c>@name</c> in the SQL); null is SQL's NULL.</summary>
    public static DbCommand With(this DbCommand command, string name, object? value)
    {
        var parameter = command.CreateParameter();
        parameter.ParameterName = name;
        parameter.Value = value ?? DBNull.Value;
        command.Parameters.Add(parameter);
        return command;
    }

    /// <summary>A command of <paramref name="connection"/> with <paramref name="sql"/>, enlisted in <paramref name="transaction"/> when there is one.</summary>
    public static DbCommand Command(this DbConnection connection, string sql, DbTransaction? transaction = null)
    {
        var command = connection.CreateCommand();
        command.CommandText = sql;
        command.Transaction = transaction;
        return command;
    }
}
