using System.Globalization;
using System.Text.RegularExpressions;
using LabApp.Core.Classifiers.Llm;
using LabApp.Core.Experiments;
using LabApp.Core.Models;
using Microsoft.Data.Sqlite;

namespace LabApp.Core.Storage;

/// <summary>
/// Brings a run log written before runs were typed up to date, once, when it is opened: each run's free-text
/// parameters (<c>model=minilm train=all test=300 seed=42</c>) are read back here, the only place that still reads
/// them, into the typed record of the run's kind; a text that cannot be read is kept whole as <see cref="EarlierParameters"/>.
/// </summary>
internal static partial class RunLogMigration
{
    public static bool HasColumn(SqliteCommand command, string column)
    {
        command.CommandText = $"SELECT COUNT(*) FROM pragma_table_info('runs') WHERE name = '{column}'";
        return (long)command.ExecuteScalar()! != 0;
    }

    /// <summary>
    /// Fills kind, parameters_json and headline_json of every run from its old <c>parameters</c> text, then drops that
    /// column and makes the scores nullable, clearing those of runs that had nothing to score (custom labels, logged
    /// as accuracy 0). Does nothing to a log without the old column. Runs in the caller's transaction.
    /// </summary>
    public static void TypeFreeTextRuns(SqliteCommand command)
    {
        if (!HasColumn(command, "parameters"))
            return;

        var unscored = new List<long>();
        foreach (var run in OldRuns(command))
        {
            var (parameters, headline, scored) = Read(run);
            command.CommandText = "UPDATE runs SET kind = $kind, parameters_json = $parameters, headline_json = $headline WHERE id = $id";
            command.Parameters.AddWithValue("$kind", parameters.Kind);
            command.Parameters.AddWithValue("$parameters", RunJson.Write(parameters));
            command.Parameters.AddWithValue("$headline", headline is null ? DBNull.Value : (object)RunJson.Write(headline));
            command.Parameters.AddWithValue("$id", run.Id);
            command.ExecuteNonQuery();
            command.Parameters.Clear();
            if (!scored)
                unscored.Add(run.Id);
        }

        // SQLite cannot relax a NOT NULL constraint or drop a column the old schema declared NOT NULL in place: the table
        // is made again with this version's schema and the rows copied, ids, owners and identities as they were
        // (SQLite's documented way, https://www.sqlite.org/lang_altertable.html#otheralter).
        command.CommandText = $"""
            {RunLog.Schema.Replace("runs (", "runs_typed (", StringComparison.Ordinal)}
            INSERT INTO runs_typed (id, time, page, method, model, kind, parameters_json, headline_json, accuracy, macro_f1, weighted_f1, test_reviews, seconds, owner, identity)
                SELECT id, time, page, method, model, kind, parameters_json, headline_json, accuracy, macro_f1, weighted_f1, test_reviews, seconds, owner, identity FROM runs;
            DROP TABLE runs;
            ALTER TABLE runs_typed RENAME TO runs;
            """;
        command.ExecuteNonQuery();

        command.CommandText = "UPDATE runs SET accuracy = NULL, macro_f1 = NULL, weighted_f1 = NULL, test_reviews = NULL WHERE id = $id";
        var id = command.Parameters.Add("$id", SqliteType.Integer);
        foreach (var unscoredId in unscored)
        {
            id.Value = unscoredId;
            command.ExecuteNonQuery();
        }

        command.Parameters.Clear();
    }

    /// <summary>One run as the old log kept it: its page, method, model, free-text parameters and the two scores a kind's numbers come from.</summary>
    internal sealed record OldRun(long Id, string Page, string Method, string ModelId, string Parameters, double Accuracy, double WeightedF1);

    /// <summary>
    /// The typed parameters and headline of an old run, and whether it has scores (a custom label set's reviews have
    /// no true labels: its old accuracy 0 was no score). The page decides the kind, as it decided the text's format.
    /// </summary>
    internal static (RunParameters Parameters, RunHeadline? Headline, bool Scored) Read(OldRun run)
    {
        var scored = run.Page != "custom-labels";
        try
        {
            var text = new OldText(run.Parameters);
            return run.Page switch
            {
                "supervised" => (new SupervisedParameters(run.ModelId, text.Size("train"), text.Size("test"), text.Seed), null, scored),
                "zero-shot" => (new ZeroShotParameters(run.ModelId, text.Labels ?? ZeroShotExperiment.BookLabels, text.Size("test"), text.Seed), null, scored),
                "task-specific" => (new TaskSpecificParameters(text.Size("test"), text.Seed), null, scored),
                "generative" => (new GenerativeParameters(text.Prompt ?? throw new FormatException("no prompt"), text.Size("test"), text.Seed), null, scored),
                "llm" => (new LlmParameters(run.ModelId, EndpointText.HostOf(text.Value("endpoint")) ?? throw new FormatException("no endpoint"),
                    run.Parameters.EndsWith("the book's prompt", StringComparison.Ordinal) ? PromptTemplate.Book.Text : text.Prompt ?? throw new FormatException("no prompt"),
                    text.Int("test"), text.Seed), null, scored),
                "custom-labels" => (new CustomLabelsParameters(run.ModelId, text.Labels ?? throw new FormatException("no labels")),
                    new CustomLabelsHeadline(text.Int("reviews"), text.Int("uncertain") + text.Int("very_uncertain"), MeanMargin: null), scored),
                "limited-data" => (new LimitedDataParameters(run.ModelId, text.Int("train"), text.Int("test"), text.Seed),
                    new LimitedDataHeadline(run.WeightedF1, text.OptionalDouble("task_f1")), scored),
                "confidence" => Confidence(run, text),
                "failure-analysis" => (new FailureAnalysisParameters(run.ModelId, text.Int("train"), text.Int("test"), text.Seed, text.Int("edge_cases")),
                    new FailureAnalysisHeadline(run.Accuracy, FalsePositives: null, FalseNegatives: null, text.Double("edge_accuracy")), scored),
                "checklist" => (new ChecklistParameters(ModelCatalog.Find(text.Value("model")).Id, text.Int("tests"), text.Int("max_cases"), text.Seed),
                    new ChecklistHeadline(text.Int("cases"), text.Double("failure_rate")), scored),
                _ => (new EarlierParameters(run.Parameters), null, scored),
            };
        }
        catch (Exception e) when (e is FormatException or OverflowException or ArgumentException)
        {
            return (new EarlierParameters(run.Parameters), null, scored);
        }
    }

    // "predicted=5/8 coverage=0.625": the old accuracy column was the book's accuracy on the predicted reviews (0 when none).
    private static (RunParameters, RunHeadline?, bool) Confidence(OldRun run, OldText text)
    {
        var counts = text.Value("predicted").Split('/');
        var (predicted, total) = (Parse<int>(counts[0]), Parse<int>(counts.Length == 2 ? counts[1] : throw new FormatException("no total")));
        var measure = ConfidenceExperiment.MeasureNamed(text.Value("measure")) ?? throw new FormatException("no measure");
        return (new ConfidenceParameters(run.ModelId, text.Labels ?? throw new FormatException("no labels"), measure, text.Double("threshold")),
            new ConfidenceHeadline(text.Double("coverage"), predicted == 0 ? null : run.Accuracy, predicted, total), true);
    }

    private static IReadOnlyList<OldRun> OldRuns(SqliteCommand command)
    {
        command.CommandText = "SELECT id, page, method, model, parameters, accuracy, weighted_f1 FROM runs ORDER BY id";
        using var reader = command.ExecuteReader();
        var runs = new List<OldRun>();
        while (reader.Read())
            runs.Add(new OldRun(reader.GetInt64(0), reader.GetString(1), reader.GetString(2), reader.GetString(3), reader.GetString(4), reader.GetDouble(5), reader.GetDouble(6)));
        return runs;
    }

    private static T Parse<T>(string text) where T : ISpanParsable<T> => T.Parse(text, CultureInfo.InvariantCulture);

    /// <summary>
    /// The words of an old parameters text: <c>key=value</c> pairs separated by spaces (a trailing comma dropped, as
    /// in <c>seed=42, prompt "…"</c>), the labels as the pages quoted them (<c>labels="A" | "B"</c>, which may hold
    /// spaces, followed by more pairs or nothing), and a prompt at the end (<c>prompt "…"</c>).
    /// </summary>
    private sealed partial class OldText
    {
        private readonly Dictionary<string, string> _values;

        public OldText(string text)
        {
            var prompt = PromptPart().Match(text);
            Prompt = prompt.Success ? prompt.Groups["prompt"].Value : null;
            var words = prompt.Success ? text[..prompt.Index] : text;
            var labels = LabelsPart().Match(words);
            if (labels.Success)
            {
                var quoted = labels.Groups["labels"].Value;
                Labels = quoted[1..^1].Split("\" | \"");
                words = words.Remove(labels.Index, labels.Length);
            }

            _values = words.Split(' ', StringSplitOptions.RemoveEmptyEntries)
                .Select(word => word.TrimEnd(',').Split('=', 2))
                .Where(pair => pair.Length == 2)
                .GroupBy(pair => pair[0])
                .ToDictionary(g => g.Key, g => g.First()[1]);
        }

        public IReadOnlyList<string>? Labels { get; }

        public string? Prompt { get; }

        public ulong Seed => _values.TryGetValue("seed", out var seed) ? Parse<ulong>(seed) : 42UL;

        public string Value(string key) => _values.TryGetValue(key, out var value) ? value : throw new FormatException($"no {key}");

        /// <summary>A subset's size, null for "all" or when the text has none (the whole split).</summary>
        public int? Size(string key) => !_values.TryGetValue(key, out var text) || text == "all" ? null : Parse<int>(text);

        public int Int(string key) => Parse<int>(Value(key));

        public double Double(string key) => Parse<double>(Value(key));

        public double? OptionalDouble(string key) => Value(key) is "—" ? null : Double(key);

        // The labels end where the next key=value starts, or at the end of the text.
        [GeneratedRegex("""(?:^|\s)labels=(?<labels>".*?")(?=\s[a-z_]+=|$)""", RegexOptions.Singleline)]
        private static partial Regex LabelsPart();

        [GeneratedRegex("""(?:^|\s)prompt "(?<prompt>.*)"$""", RegexOptions.Singleline)]
        private static partial Regex PromptPart();
    }
}
