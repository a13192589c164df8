using LabApp.Core.Storage;
using Microsoft.Extensions.Configuration;

namespace LabApp.Extensions;

/// <summary>
/// The class's PostgreSQL database as the lab's settings name it, the same for the web app and the headless commands:
/// <c>ConnectionStrings:Lab</c> (appsettings, user secrets, <c>ConnectionStrings__Lab</c>), else <c>LAB_DATABASE</c>.
/// Without either, the stores stay in their SQLite files.
/// </summary>
public static class ClassDatabase
{
    /// <summary>The settings' names, as a line about the database says them.</summary>
    public const string Settings = "ConnectionStrings:Lab or LAB_DATABASE";

    public static string? ConnectionString(IConfiguration configuration) =>
        configuration.GetConnectionString("Lab") is { Length: > 0 } named ? named
        : configuration["LAB_DATABASE"] is { } variable && !string.IsNullOrWhiteSpace(variable) ? variable
        : null;

    /// <summary>The named database, reached and migrated; null when none is named.</summary>
    /// <exception cref="StorageException">It cannot be used: one sentence naming the settings, its host and database, never the password.</exception>
    public static PostgresDatabase? Open(IConfiguration configuration)
    {
        if (ConnectionString(configuration) is not { } connectionString)
            return null;
        try
        {
            return PostgresDatabase.Open(connectionString);
        }
        catch (StorageException e)
        {
            throw new StorageException($"The class's database ({Settings}) cannot be used: {e.Message}", e.Problem);
        }
    }
}
