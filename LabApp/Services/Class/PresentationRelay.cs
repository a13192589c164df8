using System.Collections.Concurrent;
using System.Globalization;
using LabApp.Core.Storage;

namespace LabApp.Services;

/// <summary>
/// The presented page across the servers of a class that share a PostgreSQL database: the presenter's server writes the
/// page to the one-row table <c>presentation</c> and announces its version (NOTIFY carries at most 8000 bytes, and a page
/// state with its scores is more, so the followers' servers read it from the table when told); each server announces how
/// many of its students follow, so the presenter's count is the class's. Only registered with a shared database: alone,
/// <see cref="Presentation"/> fans out in-process as it always did.
/// </summary>
public sealed class PresentationRelay
{
    internal const string PageChannel = "presentation";
    internal const string FollowersChannel = "followers";

    private readonly StoreDatabase _database;
    private readonly string _server = Guid.NewGuid().ToString("N")[..12];
    // Each other server's count, as it last announced it (a server that stopped keeps its last count until it starts again).
    private readonly ConcurrentDictionary<string, int> _elsewhere = new(StringComparer.Ordinal);

    public PresentationRelay(PostgresDatabase database)
    {
        _database = database;
        _database.Heard += Heard;
    }

    /// <summary>Raised on the listener's thread when another server's presenter changed the page (null: stopped presenting).</summary>
    public event Action<(string Route, string Work, long Version)?>? PageChanged;

    /// <summary>Raised when another server's count of followers changed.</summary>
    public event Action? FollowersChanged;

    /// <summary>The students following on the other servers.</summary>
    public int FollowersElsewhere => _elsewhere.Values.Sum();

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
    public void Followers(int count) => _database.Announce(FollowersChannel, $"{_server}={count.ToString(CultureInfo.InvariantCulture)}");

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
            case PageChannel or PostgresDatabase.Everything:
                PageChanged?.Invoke(Read());
                break;
            case FollowersChannel when id.Split('=') is [var server, var count] && int.TryParse(count, CultureInfo.InvariantCulture, out var followers):
                _elsewhere[server] = followers;
                FollowersChanged?.Invoke();
                break;
        }
    }
}
