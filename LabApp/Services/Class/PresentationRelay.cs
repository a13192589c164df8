using System.Collections.Concurrent;
using System.Globalization;
using LabApp.Core.Storage;
using Microsoft.Extensions.Logging;

namespace LabApp.Services;

/// <summary>
/// The presented page across the servers of a class that share a PostgreSQL database: the presenter's server writes the
/// page to the one-row table <c>presentation</c> and announces its version (NOTIFY carries at most 8000 bytes, and a page
/// state with its scores is more, so the followers' servers read it from the table when told); each server announces how
/// many of its students follow, so the presenter's count is the class's, and says it again every
/// <see cref="Heartbeat"/> while any do: a server not heard for <see cref="Silence"/> has stopped, and its followers are
/// no longer counted. Only registered with a shared database: alone, <see cref="Presentation"/> fans out in-process as
/// it always did.
/// </summary>
public sealed class PresentationRelay : IDisposable
{
    /// <summary>How often a server with followers says how many it has.</summary>
    public static readonly TimeSpan Heartbeat = TimeSpan.FromSeconds(10);

    /// <summary>A server not heard for three heartbeats has stopped (killed, or cut off from the database).</summary>
    public static readonly TimeSpan Silence = 3 * Heartbeat;

    internal const string PageChannel = "presentation";
    internal const string FollowersChannel = "followers";

    private readonly StoreDatabase _database;
    private readonly TimeProvider _time;
    private readonly ILogger<PresentationRelay>? _logger;
    private readonly ITimer _heartbeat;
    private readonly string _server = Guid.NewGuid().ToString("N")[..12];
    // Each other server's count as it last announced it, and when that was.
    private readonly ConcurrentDictionary<string, (int Count, DateTimeOffset Heard)> _elsewhere = new(StringComparer.Ordinal);
    private int _here;

    public PresentationRelay(PostgresDatabase database, TimeProvider time, ILogger<PresentationRelay>? logger = null)
    {
        _database = database;
        _time = time;
        _logger = logger;
        _database.Heard += Heard;
        _heartbeat = time.CreateTimer(_ => Beat(), null, Heartbeat, Heartbeat);
    }

    /// <summary>
    /// Raised on the listener's thread when another server's presenter changed the page (null: stopped presenting), with
    /// whether that is known: after a lost connection to the database, the page is read as it stands, whoever changed it.
    /// </summary>
    public event Action<(string Route, string Work, long Version)?, bool>? PageChanged;

    /// <summary>Raised when another server's count of followers changed.</summary>
    public event Action? FollowersChanged;

    /// <summary>The students following on the other servers.</summary>
    public int FollowersElsewhere => _elsewhere.Values.Where(Alive).Sum(server => server.Count);

    /// <summary>Stores the presented page and tells the other servers; returns its version, one more than the one before on any server.</summary>
    public long Show(string route, string work)
    {
        var version = _database.Use(connection =>
        {
            using var command = connection.Command("""
                INSERT INTO presentation (id, route, work, version) VALUES (1, @route, @work, 1)
                ON CONFLICT (id) DO UPDATE SET route = excluded.route, work = excluded.work, version = presentation.version + 1
                RETURNING version
                """).With("route", route).With("work", work);
            return Convert.ToInt64(command.ExecuteScalar(), CultureInfo.InvariantCulture);
        });
        _database.Announce(PageChannel, version.ToString(CultureInfo.InvariantCulture));
        return version;
    }

    /// <summary>The presenter stopped: the row goes, and the other servers hear it.</summary>
    public void Stop()
    {
        _database.Use(connection =>
        {
            using var command = connection.Command("DELETE FROM presentation");
            command.ExecuteNonQuery();
        });
        _database.Announce(PageChannel, "");
    }

    /// <summary>Tells the other servers how many of this server's students follow now.</summary>
    public void Followers(int count)
    {
        Volatile.Write(ref _here, count);
        _database.Announce(FollowersChannel, $"{_server}={count.ToString(CultureInfo.InvariantCulture)}");
    }


    /// <summary>The presented page as the table has it, or null: what a server starting mid-class shows its followers.</summary>
    public (string Route, string Work, long Version)? Read() => _database.Use(connection =>
    {
        using var command = connection.Command("SELECT route, work, version FROM presentation WHERE id = 1");
        using var reader = command.ExecuteReader();
        return reader.Read() ? (reader.GetString(0), reader.GetString(1), reader.GetInt64(2)) : ((string, string, long)?)null;
    });

    private void Heard(string channel, string id)
    {
        switch (channel)
        {
            case PageChannel:
                PageChanged?.Invoke(Read(), true);
                break;
            // After a lost connection to the database: the page as it stands, without knowing whose change it was.
            case PostgresDatabase.Everything:
                PageChanged?.Invoke(Read(), false);
                break;
            case FollowersChannel when id.Split('=') is [var server, var count] && int.TryParse(count, CultureInfo.InvariantCulture, out var followers):
                _elsewhere[server] = (followers, _time.GetUtcNow());
                FollowersChanged?.Invoke();
                break;
        }
    }

    public void Dispose() => _heartbeat.Dispose();

    private bool Alive((int Count, DateTimeOffset Heard) server) => _time.GetUtcNow() - server.Heard < Silence;

    // On the timer's thread: says this server's count again while it has followers, and forgets the servers gone silent.
    private void Beat()
    {
        if (Volatile.Read(ref _here) is var here and > 0)
        {
            try
            {
                _database.Announce(FollowersChannel, $"{_server}={here.ToString(CultureInfo.InvariantCulture)}");
            }
            catch (StorageException e)
            {
                // The next beat tries again; the other servers count these followers until the silence runs out.
                _logger?.LogWarning("The count of this server's followers could not be announced: {Problem}", e.Message);
            }
        }

        var silent = _elsewhere.Where(server => !Alive(server.Value)).ToArray();
        foreach (var server in silent)
            _elsewhere.TryRemove(server);
        if (silent.Any(server => server.Value.Count > 0))
            FollowersChanged?.Invoke();
    }
}
