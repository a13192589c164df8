using System.Data.Common;
using System.Net.Sockets;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Logging.Abstractions;
using Npgsql;

namespace LabApp.Core.Storage;

/// <summary>
/// The class's PostgreSQL database, shared by every server of the lab (<c>ConnectionStrings:Lab</c> or <c>LAB_DATABASE</c>):
/// all the stores' tables in one database, created and brought up to date as the server starts (<see cref="PostgresSchema"/>).
/// A change one server makes is announced with <c>NOTIFY</c> on <see cref="Channel"/>; each server's listener
/// (<see cref="ListenAsync"/>) hears the others' and raises <see cref="StoreDatabase.Heard"/>, so the stores' events fire
/// on every server as they do on the one that wrote.
/// </summary>
public sealed class PostgresDatabase : StoreDatabase, IAsyncDisposable
{
    /// <summary>The one NOTIFY channel of the lab's servers; each payload is "server channel id".</summary>
    public const string Channel = "labapp";

    /// <summary>The channel heard after the listener reconnected: anything may have changed while it was away.</summary>
    public const string Everything = "*";

    // A payload names a store's channel and one id (an owner); NOTIFY's limit is 8000 bytes, so state itself never travels.
    private const int LongestPayload = 7900;

    private readonly NpgsqlDataSource _source;
    private readonly string _server = Guid.NewGuid().ToString("N")[..12];

    private PostgresDatabase(NpgsqlDataSource source, string name)
    {
        _source = source;
        Name = name;
    }

    public override string Name { get; }

    public override bool IsShared => true;

    /// <summary>
    /// The database named by <paramref name="connectionString"/>, reached and migrated: the schema is created or brought up to
    /// date under an advisory lock, so two servers starting together migrate it once.
    /// </summary>
    /// <exception cref="StorageException">The connection string cannot be read, the server cannot be reached or refuses the login,
    /// or the schema cannot be made: one sentence naming the host and database, never the password.</exception>
    public static PostgresDatabase Open(string connectionString)
    {
        NpgsqlConnectionStringBuilder settings;
        try
        {
            settings = new NpgsqlConnectionStringBuilder(connectionString);
        }
        catch (ArgumentException e)
        {
            // The message may quote the string, password and all: only what was wrong with it is said.
            throw new StorageException($"The PostgreSQL connection string cannot be read ({e.Message.Split('(')[0].Trim().TrimEnd('.')}): write it as Host=…;Database=…;Username=…;Password=…", StorageProblem.Unusable);
        }

        var name = $"PostgreSQL database \"{settings.Database ?? settings.Username ?? "postgres"}\" on {settings.Host ?? "localhost"}:{settings.Port}";
        var builder = new NpgsqlDataSourceBuilder(connectionString);
        var database = new PostgresDatabase(builder.Build(), name);
        database.Use(PostgresSchema.Migrate);
        return database;
    }

    public override T Use<T>(Func<DbConnection, T> work)
    {
        try
        {
            using var connection = _source.OpenConnection();
            return work(connection);
        }
        catch (PostgresException e)
        {
            throw Said(e);
        }
        catch (NpgsqlException e)
        {
            throw new StorageException($"The {Name} cannot be reached ({Reason(e)}): check that the server runs and the connection string names it.", StorageProblem.Unusable);
        }
    }

    public override DbTransaction BeginWrite(DbConnection connection, string key)
    {
        var transaction = connection.BeginTransaction();
        using var command = connection.Command("SELECT pg_advisory_xact_lock(hashtextextended(@key, 0))", transaction).With("key", key);
        command.ExecuteNonQuery();
        return transaction;
    }

    // timestamptz holds UTC instants: Npgsql writes only a DateTimeOffset of offset 0.
    public override object TimeValue(DateTimeOffset time) => time.ToUniversalTime();

    public override DateTimeOffset TimeAt(DbDataReader reader, int ordinal) => reader.GetFieldValue<DateTimeOffset>(ordinal);

    public override void Announce(string channel, string id)
    {
        var payload = $"{_server} {channel} {id}";
        if (payload.Length > LongestPayload)
            throw new ArgumentException($"A change's id is too long to announce ({payload.Length} characters).", nameof(id));
        Use(connection =>
        {
            using var command = connection.Command("SELECT pg_notify(@channel, @payload)").With("channel", Channel).With("payload", payload);
            command.ExecuteNonQuery();
        });
    }

    /// <summary>
    /// Listens for the other servers' changes until <paramref name="stopping"/>: one dedicated connection (LISTEN needs a
    /// session of its own, never one of the pool's), waiting for notifications; a lost connection is opened again after a
    /// pause, and then every store hears <see cref="Everything"/>, since what changed meanwhile was not heard.
    /// </summary>
    public async Task ListenAsync(CancellationToken stopping, ILogger? logger = null, TimeSpan? retryAfter = null)
    {
        logger ??= NullLogger.Instance;
        var lost = false;
        while (!stopping.IsCancellationRequested)
        {
            try
            {
                await using var connection = await _source.OpenConnectionAsync(stopping);
                connection.Notification += (_, e) => Hear(e.Payload);
                await using (var listen = new NpgsqlCommand($"LISTEN {Channel}", connection))
                    await listen.ExecuteNonQueryAsync(stopping);
                if (lost)
                {
                    logger.LogInformation("Listening to the other servers' changes on the {Database} again.", Name);
                    RaiseHeard(Everything, "");
                    lost = false;
                }

                while (!stopping.IsCancellationRequested)
                    await connection.WaitAsync(stopping);
            }
            catch (OperationCanceledException) when (stopping.IsCancellationRequested)
            {
                return;
            }
            catch (Exception e) when (e is NpgsqlException or IOException or SocketException or TimeoutException)
            {
                if (!lost)
                    logger.LogWarning("The other servers' changes cannot be heard ({Reason}); listening again shortly.", e.Message);
                lost = true;
                try
                {
                    await Task.Delay(retryAfter ?? TimeSpan.FromSeconds(2), stopping);
                }
                catch (OperationCanceledException)
                {
                    return;
                }
            }
        }
    }

    // A change this server made was told in-process already: only the other servers' are raised.
    private void Hear(string payload)
    {
        var parts = payload.Split(' ', 3);
        if (parts.Length == 3 && parts[0] != _server)
            RaiseHeard(parts[1], parts[2]);
    }

    public ValueTask DisposeAsync() => _source.DisposeAsync();

    private StorageException Said(PostgresException e) => e.SqlState switch
    {
        "53100" => new($"The disk of the {Name} is full: free some space on the database's server.", StorageProblem.Full),
        "40P01" or "55P03" or "57014" => new($"The {Name} is busy ({e.MessageText}): try again in a moment.", StorageProblem.Busy),
        "28P01" or "28000" => new($"The {Name} refused the login ({e.MessageText}): check the user name and password of the connection string.", StorageProblem.Unusable),
        "3D000" => new($"The {Name} does not exist ({e.MessageText}): create it (createdb) or name another in the connection string.", StorageProblem.Unusable),
        _ => new($"The {Name} cannot be used ({e.MessageText}).", StorageProblem.Unusable),
    };

    private static string Reason(Exception e)
    {
        // Npgsql's "Failed to connect to host:port" says where, its inner exception why (unless they say the same).
        var inner = e.InnerException?.Message is { Length: > 0 } message && !e.Message.Contains(message, StringComparison.Ordinal) ? message : null;
        return (inner is null ? e.Message : $"{e.Message.TrimEnd('.')}: {inner}").TrimEnd('.');
    }
}
