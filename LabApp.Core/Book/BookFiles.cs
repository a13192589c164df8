using System.Text.Json;
using System.Text.Json.Serialization;

namespace LabApp.Core.Book;

/// <summary>
/// The two files of the book folder the lab carries as resources of this assembly (copies of <c>../shared/book</c>,
/// which a running lab never reads): the Medium Tasks' words and every figure the notebook printed.
/// </summary>
internal static class BookFiles
{
    public const string Texts = "medium-task-texts.json";

    public const string Printed = "book-printed.json";

    public static IReadOnlyList<string> Names { get; } = [Texts, Printed];

    private const string ResourcePrefix = "LabApp.Core.Book.";

    // Strict on purpose: a field the records do not model, a missing field or a null where the records say none can
    // be, fails the first read (and the tests) instead of showing the student an empty box.
    private static readonly JsonSerializerOptions Json = new()
    {
        PropertyNamingPolicy = JsonNamingPolicy.SnakeCaseLower,
        UnmappedMemberHandling = JsonUnmappedMemberHandling.Disallow,
        RespectNullableAnnotations = true,
        RespectRequiredConstructorParameters = true,
    };

    /// <summary>The embedded file's bytes, as copied.</summary>
    public static byte[] Bytes(string name)
    {
        using var stream = Open(name);
        using var copy = new MemoryStream();
        stream.CopyTo(copy);
        return copy.ToArray();
    }

    /// <exception cref="JsonException">The file does not have the shape of <typeparamref name="T"/>.</exception>
    public static T Read<T>(string name)
    {
        using var stream = Open(name);
        return JsonSerializer.Deserialize<T>(stream, Json) ?? throw new JsonException($"{name} is empty.");
    }

    private static Stream Open(string name) =>
        typeof(BookFiles).Assembly.GetManifestResourceStream(ResourcePrefix + name)
        ?? throw new InvalidOperationException($"LabApp.Core has no resource {ResourcePrefix + name}: is it listed in LabApp.Core.csproj?");
}
