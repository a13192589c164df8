using System.Globalization;
using System.Text.Json;

namespace LabApp.Core.Experiments;

/// <summary>
/// A suite written as JSON (<c>{"lexicons": [{"name", "words"}], "tests": [{"capability", "type", "perturbation",
/// "templates"}], "maxCases", "seed"}</c>, names in any case), read against that shape: the first thing that does not fit
/// is named by where it is (<c>tests[2].templates is null</c>), so nothing of the wrong shape reaches the expansion.
/// <c>lexicons</c> may be left out (no lexicon), <c>perturbation</c> for an MFT, <c>maxCases</c> and <c>seed</c> (the
/// lab's 30 and 42); a field the suite does not have is refused rather than ignored.
/// </summary>
public static class ChecklistSuiteJson
{
    private static readonly string[] SuiteFields = ["lexicons", "tests", "maxCases", "seed"];
    private static readonly string[] LexiconFields = ["name", "words"];
    private static readonly string[] TestFields = ["capability", "type", "perturbation", "templates"];

    /// <summary>The suite <paramref name="json"/> describes, or the first problem with it.</summary>
    public static (ChecklistSuite? Suite, string? Problem) Read(string json)
    {
        JsonDocument document;
        try
        {
            document = JsonDocument.Parse(json, new JsonDocumentOptions { AllowTrailingCommas = true, CommentHandling = JsonCommentHandling.Skip });
        }
        catch (JsonException e)
        {
            return (null, $"is not JSON (line {e.LineNumber + 1}, byte {e.BytePositionInLine + 1})");
        }

        using (document)
        {
            try
            {
                return (Suite(document.RootElement), null);
            }
            catch (ShapeException e)
            {
                return (null, e.Message);
            }
        }
    }

    private static ChecklistSuite Suite(JsonElement root)
    {
        if (root.ValueKind != JsonValueKind.Object)
            throw new ShapeException($"holds {Kind(root)}, not a suite: write an object with \"tests\" (and \"lexicons\"), as `run checklist --json` documents");
        var fields = Fields(root, "the suite", SuiteFields);
        var lexicons = fields.TryGetValue("lexicons", out var l) ? List(l, "lexicons", Lexicon) : [];
        var tests = fields.TryGetValue("tests", out var t) ? List(t, "tests", Test) : throw new ShapeException("tests is missing: give at least one test");
        var maxCases = fields.TryGetValue("maxCases", out var m) ? MaxCases(m) : ChecklistSuite.DefaultMaxCases;
        var seed = fields.TryGetValue("seed", out var s) ? Seed(s) : ChecklistSuite.Default.Seed;
        return new ChecklistSuite(lexicons, tests, maxCases, seed);
    }

    private static Lexicon Lexicon(JsonElement element, string where)
    {
        var fields = Fields(element, where, LexiconFields);
        return new Lexicon(Text(fields, "name", where), List(Required(fields, "words", where), $"{where}.words", Text));
    }

    private static ChecklistTest Test(JsonElement element, string where)
    {
        var fields = Fields(element, where, TestFields);
        var type = Type(Required(fields, "type", where), $"{where}.type");
        var perturbation = fields.TryGetValue("perturbation", out var p) && p.ValueKind != JsonValueKind.Null ? Text(p, $"{where}.perturbation") : "";
        return new ChecklistTest(Text(fields, "capability", where), type, perturbation, List(Required(fields, "templates", where), $"{where}.templates", Text));
    }

    private static ChecklistTestType Type(JsonElement element, string where)
    {
        if (element.ValueKind == JsonValueKind.String && Enum.TryParse<ChecklistTestType>(element.GetString(), ignoreCase: true, out var type)
            && Enum.IsDefined(type) && !int.TryParse(element.GetString(), out _))
            return type;
        throw new ShapeException($"{where} is {element.GetRawText()}: use MFT, INV or DIR.");
    }

    private static int MaxCases(JsonElement element) =>
        element.ValueKind == JsonValueKind.Number && element.TryGetInt32(out var value)
            ? value
            : throw new ShapeException($"maxCases is {element.GetRawText()}: give a whole number from 1 to {ChecklistSuite.LargestMaxCases}");

    private static ulong Seed(JsonElement element) =>
        element.ValueKind == JsonValueKind.Number && element.TryGetUInt64(out var value)
            ? value
            : throw new ShapeException($"seed is {element.GetRawText()}: give a whole number from 0 to {ulong.MaxValue.ToString(CultureInfo.InvariantCulture)}");

    private static IReadOnlyList<T> List<T>(JsonElement element, string where, Func<JsonElement, string, T> item)
    {
        if (element.ValueKind == JsonValueKind.Null)
            throw new ShapeException($"{where} is null");
        if (element.ValueKind != JsonValueKind.Array)
            throw new ShapeException($"{where} is {Kind(element)}: give a list, [ … ]");
        return element.EnumerateArray().Select((e, i) => e.ValueKind == JsonValueKind.Null
            ? throw new ShapeException($"{where}[{i}] is null")
            : item(e, $"{where}[{i}]")).ToArray();
    }

    private static string Text(IReadOnlyDictionary<string, JsonElement> fields, string name, string where) =>
        Text(Required(fields, name, where), $"{where}.{name}");

    private static string Text(JsonElement element, string where) => element.ValueKind switch
    {
        JsonValueKind.String => element.GetString()!,
        JsonValueKind.Null => throw new ShapeException($"{where} is null"),
        _ => throw new ShapeException($"{where} is {Kind(element)}: give a text in quotes"),
    };

    private static JsonElement Required(IReadOnlyDictionary<string, JsonElement> fields, string name, string where) =>
        fields.TryGetValue(name, out var value)
            ? value.ValueKind == JsonValueKind.Null ? throw new ShapeException($"{where}.{name} is null") : value
            : throw new ShapeException($"{where}.{name} is missing");

    // The object's fields by their names as the suite spells them; an unknown one is refused with the nearest known name.
    private static Dictionary<string, JsonElement> Fields(JsonElement element, string where, string[] known)
    {
        if (element.ValueKind != JsonValueKind.Object)
            throw new ShapeException($"{where} is {Kind(element)}: give an object, {{ … }}");
        var fields = new Dictionary<string, JsonElement>(StringComparer.Ordinal);
        foreach (var property in element.EnumerateObject())
        {
            var name = known.FirstOrDefault(k => k.Equals(property.Name, StringComparison.OrdinalIgnoreCase))
                ?? throw new ShapeException($"{where} has no field \"{property.Name}\"{DidYouMean(property.Name, known)}: its fields are {string.Join(", ", known)}");
            fields[name] = property.Value;
        }

        return fields;
    }

    private static string DidYouMean(string name, string[] known)
    {
        var nearest = known.Select(k => (Name: k, Distance: EditDistance(name.ToLowerInvariant(), k.ToLowerInvariant()))).MinBy(k => k.Distance);
        return nearest.Distance <= Math.Max(2, nearest.Name.Length / 3) ? $" (did you mean {nearest.Name}?)" : "";
    }

    private static string Kind(JsonElement element) => element.ValueKind switch
    {
        JsonValueKind.Array => "an array",
        JsonValueKind.Object => "an object",
        JsonValueKind.String => $"the text {element.GetRawText()}",
        JsonValueKind.Number => $"the number {element.GetRawText()}",
        JsonValueKind.True or JsonValueKind.False => element.GetRawText(),
        _ => "null",
    };

    /// <summary>Levenshtein distance, for naming the nearest known word to a mistyped one (the command line's too).</summary>
    public static int EditDistance(string a, string b)
    {
        var previous = Enumerable.Range(0, b.Length + 1).ToArray();
        for (var i = 1; i <= a.Length; i++)
        {
            var current = new int[b.Length + 1];
            current[0] = i;
            for (var j = 1; j <= b.Length; j++)
                current[j] = Math.Min(Math.Min(current[j - 1], previous[j]) + 1, previous[j - 1] + (a[i - 1] == b[j - 1] ? 0 : 1));
            previous = current;
        }

        return previous[b.Length];
    }

    private sealed class ShapeException(string message) : Exception(message);
}
