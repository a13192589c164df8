using System.Globalization;
using System.Text;
using System.Text.Json;
using System.Text.Json.Serialization;

namespace LabApp.Core.Storage;

/// <summary>
/// The run log as files to download: RFC 4180 CSV, safe to open in a spreadsheet, a Markdown table, and JSON with each
/// run's typed parameters and headline. A browser's own log has the run's columns (<see cref="Browser"/>); the class's
/// log puts the anonymised student first (<see cref="Class"/>). A run with nothing to score (a custom label set) shows
/// "—" for its scores in CSV and Markdown, and null in JSON: never a made-up 0.
/// </summary>
public sealed class RunLogExport
{
    private static readonly Column[] RunColumns =
    [
        new("id", r => r.Id.ToString(CultureInfo.InvariantCulture), IsText: false),
        new("time", r => r.Time.ToString("yyyy-MM-dd HH:mm:ss zzz", CultureInfo.InvariantCulture), IsText: false),
        new("page", r => r.Page, IsText: true),
        new("method", r => r.Method, IsText: true),
        new("model", r => r.ModelId, IsText: true),
        new("parameters", r => r.Description, IsText: true),
        new("accuracy", r => RunScores.Shown(r.Scores?.Accuracy), IsText: false),
        new("macro_f1", r => RunScores.Shown(r.Scores?.MacroF1), IsText: false),
        new("weighted_f1", r => RunScores.Shown(r.Scores?.WeightedF1), IsText: false),
        new("test_reviews", r => RunScores.Shown(r.Scores?.Reviews), IsText: false),
        new("seconds", r => r.Duration.TotalSeconds.ToString("F1", CultureInfo.InvariantCulture), IsText: false),
    ];

    private readonly Column[] _columns;

    private RunLogExport(Column[] columns) => _columns = columns;

    /// <summary>A browser's own runs.</summary>
    public static RunLogExport Browser { get; } = new(RunColumns);

    /// <summary>The whole class's runs, each with its anonymised student.</summary>
    public static RunLogExport Class { get; } = new([new("student", r => r.Student ?? "", IsText: true), .. RunColumns]);

    /// <summary>
    /// The records as RFC 4180 CSV: a field with a comma, quote or line break is quoted, its quotes doubled; a text
    /// field that a spreadsheet would read as a formula is neutralised first (see <see cref="Neutralise"/>).
    /// </summary>
    public string ToCsv(IEnumerable<RunRecord> records)
    {
        var text = new StringBuilder().AppendJoin(',', _columns.Select(c => c.Name)).Append("\r\n");
        foreach (var record in records)
            text.AppendJoin(',', _columns.Select(c => Quote(c.IsText ? Neutralise(c.Value(record)) : c.Value(record)))).Append("\r\n");
        return text.ToString();
    }

    /// <summary>The records as a Markdown table: pipes escaped and line breaks made spaces, so every run stays one row.</summary>
    public string ToMarkdown(IEnumerable<RunRecord> records)
    {
        var text = new StringBuilder()
            .Append("| ").AppendJoin(" | ", _columns.Select(c => c.Name)).Append(" |\n")
            .Append('|').AppendJoin("", _columns.Select(_ => " --- |")).Append('\n');
        foreach (var record in records)
            text.Append("| ").AppendJoin(" | ", _columns.Select(c => MarkdownCell(c.Value(record)))).Append(" |\n");
        return text.ToString();
    }

    /// <summary>The records as a JSON array: each run's kind, typed parameters and headline beside its scores and the text the log shows.</summary>
    public string ToJson(IEnumerable<RunRecord> records) => JsonSerializer.Serialize(
        records.Select(r => new JsonRun(_columns[0].Name == "student" ? r.Student ?? "" : null, r.Id, r.Time, r.Page, r.Method, r.ModelId, r.Kind,
            r.Parameters, r.Headline, r.Description, r.Scores?.Accuracy, r.Scores?.MacroF1, r.Scores?.WeightedF1, r.Scores?.Reviews, r.Duration.TotalSeconds)),
        JsonOptions);

    /// <summary>
    /// OWASP's defence against CSV injection: a cell starting with <c>=</c>, <c>+</c>, <c>-</c>, <c>@</c>, tab or carriage
    /// return gets a leading single quote, so a spreadsheet shows it as text instead of running it as a formula. Only
    /// text columns are neutralised: they carry what students type (labels, prompts, a model name). The numbers are
    /// written by the lab itself in invariant format (never a formula) and stay numbers a spreadsheet can sum.
    /// </summary>
    public static string Neutralise(string value) =>
        value.Length > 0 && value[0] is '=' or '+' or '-' or '@' or '\t' or '\r' ? "'" + value : value;

    private static string Quote(string value) =>
        value.IndexOfAny([',', '"', '\r', '\n']) < 0 ? value : $"\"{value.Replace("\"", "\"\"")}\"";

    private static string MarkdownCell(string value) => value.Replace("|", "\\|").ReplaceLineEndings(" ");

    private static readonly JsonSerializerOptions JsonOptions = new(RunJson.Options) { WriteIndented = true };

    private sealed record Column(string Name, Func<RunRecord, string> Value, bool IsText);

    private sealed record JsonRun(
        [property: JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)] string? Student,
        long Id,
        DateTimeOffset Time,
        string Page,
        string Method,
        string Model,
        string Kind,
        RunParameters Parameters,
        RunHeadline? Headline,
        string Description,
        double? Accuracy,
        double? MacroF1,
        double? WeightedF1,
        int? TestReviews,
        double Seconds);
}
