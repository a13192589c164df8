using System.Globalization;
using System.Text;
using LabApp.Core.Experiments;
using Microsoft.Data.Sqlite;

namespace LabApp.Core.Storage;

/// <summary>One run a student made: where, with what, what it scored and when.</summary>
public sealed record RunRecord(
    long Id,
    DateTimeOffset Time,
    string Page,
    string Method,
    string ModelId,
    string Parameters,
    double Accuracy,
    double MacroF1,
    double WeightedF1,
    int TestReviews,
    TimeSpan Duration)
{
    /// <summary>The record of <paramref name="run"/>, not yet stored (its id is 0 until <see cref="RunLog.Add"/>).</summary>
    public static RunRecord Of(string page, string parameters, ClassificationRun run, TimeSpan duration, DateTimeOffset time) =>
        new(0, time, page, run.Method, run.ModelId, parameters, run.Report.Accuracy, run.Report.MacroAverage.F1,
            run.Report.WeightedAverage.F1, run.Report.Support, duration);

    /// <summary>Whether the record mentions <paramref name="text"/> in its page, method, model or parameters.</summary>
    public bool Mentions(string? text) => string.IsNullOrWhiteSpace(text)
        || new[] { Page, Method, ModelId, Parameters }.Any(s => s.Contains(text.Trim(), StringComparison.OrdinalIgnoreCase));
}

/// <summary>
/// Every run of the lab in a SQLite file, so the log survives a restart and the headless runner could share it.
/// One connection per call (no pooling), as the embedding cache does: the file is never held open between runs.
/// Pages subscribe with <see cref="NotifyOnChange"/> to see runs made in other tabs.
/// </summary>
public sealed class RunLog : IRunRecorder
{
    private static readonly string[] Columns =
        ["id", "time", "page", "method", "model", "parameters", "accuracy", "macro_f1", "weighted_f1", "test_reviews", "seconds"];

    private readonly SqliteFile _file;
    private event Action? Changed;

    public RunLog(string filePath)
    {
        _file = new SqliteFile(filePath, """
            CREATE TABLE IF NOT EXISTS runs (
                id INTEGER PRIMARY KEY AUTOINCREMENT,
                time TEXT NOT NULL,
                page TEXT NOT NULL,
                method TEXT NOT NULL,
                model TEXT NOT NULL,
                parameters TEXT NOT NULL,
                accuracy REAL NOT NULL,
                macro_f1 REAL NOT NULL,
                weighted_f1 REAL NOT NULL,
                test_reviews INTEGER NOT NULL,
                seconds REAL NOT NULL);
            """);
    }

    public string FilePath => _file.Path;

    /// <summary>Stores <paramref name="record"/> and returns it with its id.</summary>
    public RunRecord Add(RunRecord record)
    {
        long id;
        using (var connection = Open())
        using (var command = connection.CreateCommand())
        {
            command.CommandText = """
                INSERT INTO runs (time, page, method, model, parameters, accuracy, macro_f1, weighted_f1, test_reviews, seconds)
                VALUES ($time, $page, $method, $model, $parameters, $accuracy, $macro, $weighted, $test, $seconds)
                RETURNING id
                """;
            command.Parameters.AddWithValue("$time", record.Time.ToString("O", CultureInfo.InvariantCulture));
            command.Parameters.AddWithValue("$page", record.Page);
            command.Parameters.AddWithValue("$method", record.Method);
            command.Parameters.AddWithValue("$model", record.ModelId);
            command.Parameters.AddWithValue("$parameters", record.Parameters);
            command.Parameters.AddWithValue("$accuracy", record.Accuracy);
            command.Parameters.AddWithValue("$macro", record.MacroF1);
            command.Parameters.AddWithValue("$weighted", record.WeightedF1);
            command.Parameters.AddWithValue("$test", record.TestReviews);
            command.Parameters.AddWithValue("$seconds", record.Duration.TotalSeconds);
            id = (long)command.ExecuteScalar()!;
        }

        Changed?.Invoke();
        return record with { Id = id };
    }

    /// <summary>The runs that mention <paramref name="filter"/> (all when it is blank), newest first.</summary>
    public IReadOnlyList<RunRecord> Find(string? filter = null)
    {
        using var connection = Open();
        using var command = connection.CreateCommand();
        command.CommandText = $"SELECT {string.Join(", ", Columns)} FROM runs ORDER BY id DESC";
        using var reader = command.ExecuteReader();
        var records = new List<RunRecord>();
        while (reader.Read())
        {
            var record = new RunRecord(
                reader.GetInt64(0),
                DateTimeOffset.Parse(reader.GetString(1), CultureInfo.InvariantCulture),
                reader.GetString(2), reader.GetString(3), reader.GetString(4), reader.GetString(5),
                reader.GetDouble(6), reader.GetDouble(7), reader.GetDouble(8), reader.GetInt32(9),
                TimeSpan.FromSeconds(reader.GetDouble(10)));
            if (record.Mentions(filter))
                records.Add(record);
        }

        return records;
    }

    /// <summary>Calls <paramref name="callback"/> after every new run until the returned subscription is disposed.</summary>
    public IDisposable NotifyOnChange(Action callback)
    {
        Changed += callback;
        return new Subscription(() => Changed -= callback);
    }

    /// <summary>The records as RFC 4180 CSV: a field with a comma, quote or line break is quoted, its quotes doubled.</summary>
    public static string ToCsv(IEnumerable<RunRecord> records)
    {
        var text = new StringBuilder().AppendJoin(',', Columns).Append("\r\n");
        foreach (var record in records)
            text.AppendJoin(',', Fields(record).Select(CsvField)).Append("\r\n");
        return text.ToString();
    }

    /// <summary>The records as a Markdown table, pipes escaped so a parameter can never break a row.</summary>
    public static string ToMarkdown(IEnumerable<RunRecord> records)
    {
        var text = new StringBuilder()
            .Append("| ").AppendJoin(" | ", Columns).Append(" |\n")
            .Append('|').AppendJoin("", Columns.Select(_ => " --- |")).Append('\n');
        foreach (var record in records)
            text.Append("| ").AppendJoin(" | ", Fields(record).Select(MarkdownCell)).Append(" |\n");
        return text.ToString();
    }

    private static IEnumerable<string> Fields(RunRecord r) =>
    [
        r.Id.ToString(CultureInfo.InvariantCulture),
        r.Time.ToString("yyyy-MM-dd HH:mm:ss zzz", CultureInfo.InvariantCulture),
        r.Page, r.Method, r.ModelId, r.Parameters,
        r.Accuracy.ToString("F4", CultureInfo.InvariantCulture),
        r.MacroF1.ToString("F4", CultureInfo.InvariantCulture),
        r.WeightedF1.ToString("F4", CultureInfo.InvariantCulture),
        r.TestReviews.ToString(CultureInfo.InvariantCulture),
        r.Duration.TotalSeconds.ToString("F1", CultureInfo.InvariantCulture),
    ];

    private static string CsvField(string value) =>
        value.IndexOfAny([',', '"', '\r', '\n']) < 0 ? value : $"\"{value.Replace("\"", "\"\"")}\"";

    private static string MarkdownCell(string value) => value.Replace("|", "\\|").ReplaceLineEndings(" ");

    private SqliteConnection Open() => _file.Open();

    private sealed class Subscription(Action unsubscribe) : IDisposable
    {
        public void Dispose() => unsubscribe();
    }
}
