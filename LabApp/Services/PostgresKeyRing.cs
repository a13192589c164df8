using System.Xml.Linq;
using LabApp.Core.Storage;
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
