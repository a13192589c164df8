using System.Buffers.Text;
using System.Security.Cryptography;
using System.Text;
using System.Text.Encodings.Web;
using System.Text.Json;
using System.Text.Json.Nodes;

namespace LabApp.Core.Storage;

/// <summary>A page's state stored for a short link: its id, or why it was not stored.</summary>
public sealed record SnapshotSaved(string? Id, string? Problem);

/// <summary>
/// The page states students shared with <i>Copy link</i>, by content: the same state always gets the same short id
/// (base64url of the first 12 bytes of the SHA-256 of its canonical JSON), so sharing twice stores nothing new.
/// It holds only what a student chose to share, never what they merely typed. Bounded: a state is at most
/// <see cref="MaxBytes"/>, and beyond <see cref="Capacity"/> states the one shared longest ago is removed. In a SQLite
/// file of its own, or the class's PostgreSQL database, so a link made on one server opens on every other.
/// </summary>
public sealed class SnapshotStore
{
    public const int MaxBytes = 64 * 1024;

    private const int IdLength = 16;

    // Accented text is stored as itself rather than as \u escapes six times its size (emoji stay escaped: the encoder's rule).
    private static readonly JsonSerializerOptions Compact = new() { Encoder = JavaScriptEncoder.UnsafeRelaxedJsonEscaping };

    private readonly StoreDatabase _database;
    private readonly object _gate = new();

    public SnapshotStore(string filePath, int capacity = 10_000)
        : this(OpenFile(filePath), capacity)
    {
    }

    /// <summary>The shared links in <paramref name="database"/>, whose schema is there already.</summary>
    public SnapshotStore(StoreDatabase database, int capacity = 10_000)
    {
        Capacity = capacity;
        _database = database;
    }

    public int Capacity { get; }

    public string FilePath => _database.Name;

    private static SqliteDatabase OpenFile(string filePath)
    {
        var file = new SqliteFile(filePath, """
            CREATE TABLE IF NOT EXISTS snapshots (
                id TEXT PRIMARY KEY,
                json TEXT NOT NULL,
                shared INTEGER NOT NULL);
            CREATE INDEX IF NOT EXISTS snapshots_shared ON snapshots (shared);
            """);
        file.CheckIntact();
        return new SqliteDatabase(file);
    }

    /// <summary>Stores <paramref name="json"/> (a JSON object or array) and returns its id; a state over <see cref="MaxBytes"/> is refused.</summary>
    public SnapshotSaved Save(string json)
    {
        var canonical = Canonical(json);
        var bytes = Encoding.UTF8.GetByteCount(canonical);
        if (bytes > MaxBytes)
            return new(null, $"This page's state is {bytes / 1024.0:0.#} KB and a link holds at most {MaxBytes / 1024} KB: shorten or remove some texts and copy the link again.");

        var id = IdOf(canonical);
        lock (_gate)
        {
            _database.Use(connection =>
            {
                // One writer at a time across servers too: the next "shared" number is read, then written.
                using var transaction = _database.BeginWrite(connection, "snapshots");
                // Sharing a state again makes it the newest, so a link in use is the last to go.
                using var command = connection.Command("""
                    INSERT INTO snapshots (id, json, shared) VALUES (@id, @json, (SELECT COALESCE(MAX(shared), 0) + 1 FROM snapshots))
                    ON CONFLICT (id) DO UPDATE SET shared = excluded.shared;
                    DELETE FROM snapshots WHERE id NOT IN (SELECT id FROM snapshots ORDER BY shared DESC LIMIT @capacity);
                    """, transaction).With("id", id).With("json", canonical).With("capacity", Capacity);
                command.ExecuteNonQuery();
                transaction.Commit();
            });
        }

        return new(id, null);
    }

    /// <summary>The state stored under <paramref name="id"/> (its canonical JSON), or null when there is none.</summary>
    public string? Load(string id)
    {
        if (id.Length != IdLength || !Base64Url.IsValid(id))
            return null;
        return _database.Use(connection =>
        {
            using var command = connection.Command("SELECT json FROM snapshots WHERE id = @id").With("id", id);
            return command.ExecuteScalar() as string;
        });
    }

    public static string IdOf(string canonicalJson) =>
        Base64Url.EncodeToString(SHA256.HashData(Encoding.UTF8.GetBytes(canonicalJson)).AsSpan(0, 12));

    /// <summary>
    /// <paramref name="json"/> with every object's properties in ordinal order and no whitespace, so that equal states
    /// have equal text. Written here because System.Text.Json has no canonical form; numbers keep the text they came
    /// with, which is enough for states the lab itself serialises.
    /// </summary>
    /// <exception cref="ArgumentException">Not JSON.</exception>
    public static string Canonical(string json)
    {
        JsonNode? node;
        try
        {
            node = JsonNode.Parse(json);
        }
        catch (JsonException e)
        {
            throw new ArgumentException($"A snapshot must be JSON: {e.Message}", e);
        }

        return Sorted(node)?.ToJsonString(Compact) ?? "null";
    }

    private static JsonNode? Sorted(JsonNode? node) => node switch
    {
        JsonObject o => new JsonObject(o.OrderBy(p => p.Key, StringComparer.Ordinal).Select(p => KeyValuePair.Create(p.Key, Sorted(p.Value)))),
        JsonArray a => new JsonArray(a.Select(Sorted).ToArray()),
        _ => node?.DeepClone(),
    };
}
