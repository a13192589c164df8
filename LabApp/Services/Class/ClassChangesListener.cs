using LabApp.Core.Storage;

namespace LabApp.Services;

/// <summary>
/// This server's ear for the other servers of the class (only with a shared PostgreSQL database): LISTEN on a connection
/// of its own until the lab stops, reconnecting when it is lost; what it hears raises the stores' and the presentation's
/// events as a change made here does, so the class's board and the followers update whichever server the change was made on.
/// </summary>
public sealed class ClassChangesListener(PostgresDatabase database, ILogger<ClassChangesListener> logger) : BackgroundService
{
    protected override Task ExecuteAsync(CancellationToken stoppingToken) => database.ListenAsync(stoppingToken, logger);
}
