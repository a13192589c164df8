using System.Xml.Linq;
using LabApp.Core.Storage;
using Microsoft.AspNetCore.DataProtection.KeyManagement;
using Microsoft.AspNetCore.DataProtection.Repositories;

namespace LabApp.Services;

/// <summary>
/// ASP.NET Core Data Protection's keys in the class's PostgreSQL database (table <c>data_protection_keys</c>), so that a
/// cookie one server protected (the instructor's class-view marker) is read by every other. A small IXmlRepository on the
/// lab's own Npgsql database rather than a package: Microsoft's database key store is EF Core's PersistKeysToDbContext,
/// which would bring EF Core and a DbContext for one table, and NuGet serves no well-kept Npgsql one. The keys are kept
/// as the default file store keeps them on Linux (unencrypted XML): the database is the class's, its access is the
/// protection.
/// </summary>
public sealed class PostgresKeyRing(StoreDatabase database) : IXmlRepository
{
    public IReadOnlyCollection<XElement> GetAllElements() => database.Use(connection =>
    {
        using var command = connection.Command("SELECT xml FROM data_protection_keys ORDER BY id");
        using var reader = command.ExecuteReader();
        var keys = new List<XElement>();
        while (reader.Read())
            keys.Add(XElement.Parse(reader.GetString(0)));
        return (IReadOnlyCollection<XElement>)keys;
    });

    public void StoreElement(XElement element, string friendlyName) => database.Use(connection =>
    {
        using var command = connection.Command("INSERT INTO data_protection_keys (friendly_name, xml) VALUES (@name, @xml)")
            .With("name", friendlyName).With("xml", element.ToString(SaveOptions.DisableFormatting));
        command.ExecuteNonQuery();
    });
}

/// <summary>
/// The class's first data-protection key, made once however many servers start together. Data Protection makes a key
/// on first use when it finds none, and a key made at start is active at once; two servers starting on an empty table
/// would each make one, each keep its own ring for up to a day, and refuse the other's cookies once the first minutes
/// are past. So each server, before it serves, looks for an active key under a PostgreSQL advisory lock and makes one
/// only when there is none: the second finds the first's. (Later keys are made days before they activate, which is
/// Data Protection's own way of letting every server learn them first.)
/// </summary>
public sealed class FirstKeyOfTheClass(PostgresDatabase database, IKeyManager keys, TimeProvider time) : IHostedService
{
    /// <summary>How long the first key serves: Data Protection's default.</summary>
    private static readonly TimeSpan Lifetime = TimeSpan.FromDays(90);

    // The lab's own number for this lock, the same on every server.
    private const long KeyLock = 0x4C61624170704B59; // "LabAppKY"

    public Task StartAsync(CancellationToken cancellationToken)
    {
        database.Use(connection =>
        {
            using (var take = connection.Command("SELECT pg_advisory_lock(@lock)").With("lock", KeyLock))
                take.ExecuteNonQuery();
            try
            {
                var now = time.GetUtcNow();
                if (!keys.GetAllKeys().Any(key => !key.IsRevoked && key.ActivationDate <= now && key.ExpirationDate > now))
                    keys.CreateNewKey(now, now + Lifetime);
            }
            finally
            {
                using var release = connection.Command("SELECT pg_advisory_unlock(@lock)").With("lock", KeyLock);
                release.ExecuteNonQuery();
            }
        });
        return Task.CompletedTask;
    }

    public Task StopAsync(CancellationToken cancellationToken) => Task.CompletedTask;
}
