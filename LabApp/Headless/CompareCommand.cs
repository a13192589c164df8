using System.CommandLine;
using System.CommandLine.Parsing;
using System.Text.Json;
using System.Text.Json.Serialization;
using LabApp.Core;
using LabApp.Core.Experiments;
using LabApp.Core.Models;
using LabApp.Core.Runners;
using LabApp.Core.Storage;
using Microsoft.Extensions.DependencyInjection;

namespace LabApp.Headless;

/// <summary>
/// <c>compare --a "supervised --train-size 1000" --b "zero-shot"</c>: two runs on the same test reviews, review by
/// review. A side is a <c>run</c> method with its options, or the id of a run in the lab's run log, made again from its
/// logged parameters.
/// </summary>
internal static class CompareCommand
{
    public static Command Build(TextWriter output, TextWriter error, JsonSerializerOptions json)
    {
        var a = new Option<string>("--a") { Description = "Run A: a method with its options, as \"supervised --train-size 1000\", or a run-log id.", Required = true };
        var b = new Option<string>("--b") { Description = "Run B, the same way.", Required = true };
        var testSize = new Option<int?>("--test-size") { Description = "Both sides on test.shuffle(seed).select(range(N)) (default: the whole test split, or the logged runs' own)." };
        var seed = new Option<ulong>("--seed") { Description = "The shuffle seed of both sides, and the bootstrap's numpy default_rng seed (default 42).", DefaultValueFactory = _ => 42UL };
        var logPath = new Option<string?>("--log-path") { Description = "The run log file whose ids --a and --b may name (default: the class's database when LAB_DATABASE names one, else lab-runs.sqlite beside the models folder)." };
        logPath.Validators.Add(r =>
        {
            if (r.GetValueOrDefault<string?>() is not { } path)
                return;
            if (string.IsNullOrWhiteSpace(path) || path.Contains('\0'))
                r.AddError($"--log-path takes a file's path, got '{path}'.");
            else if (Directory.Exists(path))
                r.AddError($"--log-path {path} is a folder: name the run log file, as {Path.Combine(path, "lab-runs.sqlite")}.");
            else if (!File.Exists(path))
                r.AddError($"--log-path: there is no run log at {path}: name the lab's lab-runs.sqlite (the web app's --log-path).");
            else if (new Mono.Unix.UnixFileInfo(Path.GetFullPath(path)).FileType != Mono.Unix.FileTypes.RegularFile)
                r.AddError($"--log-path {path} is a device or a pipe, not a run log: name the lab's lab-runs.sqlite (the web app's --log-path).");
        });
        var asJson = new Option<bool>("--json") { Description = "Print JSON instead of text." };
        var command = new Command("compare", "Two runs on the same test reviews: the 2×2 table, McNemar's test and a bootstrap interval of the accuracy difference.")
        {
            a, b, testSize, seed, logPath, asJson,
        };
        command.SetAction(async (parsed, ct) =>
        {
            if (parsed.GetValue(logPath) is not null && !IsRunId(parsed.GetValue(a)!, out _) && !IsRunId(parsed.GetValue(b)!, out _))
            {
                await error.WriteLineAsync("error: --log-path is used only when --a or --b names a run of the log by its id: remove it, or give a run's id.");
                return 2;
            }

            using var services = HeadlessRunner.CreateServices(parsed, error);
            // Opened only when a side names a run, and never created: comparing runs writes no log. The class's database,
            // when the environment names one, is the log the web app writes; --log-path names a file all the same.
            var log = new Lazy<RunLog?>(() => parsed.GetValue(logPath) is { } path ? OpenLog(path)
                : HeadlessRunner.ClassDatabaseFromEnvironment() is { } shared ? new RunLog(shared)
                : OpenLog(services.GetRequiredService<LabSettings>().RunLogPath));
            var (runA, problemA) = Side(parsed.GetValue(a)!, "--a", parsed.GetValue(testSize), parsed.GetValue(seed), parsed.GetResult(seed) is { Implicit: false }, log);
            var (runB, problemB) = Side(parsed.GetValue(b)!, "--b", parsed.GetValue(testSize), parsed.GetValue(seed), parsed.GetResult(seed) is { Implicit: false }, log);
            if ((problemA ?? problemB) is { } problem)
            {
                await error.WriteLineAsync($"error: {problem}");
                return 2;
            }

            ComparisonResult result;
            try
            {
                result = await services.GetRequiredService<ComparisonRunner>().CompareAsync(runA!, runB!, parsed.GetValue(seed), null, ct);
            }
            catch (ArgumentException e)
            {
                await error.WriteLineAsync($"error: {e.Message}");
                return 2;
            }

            await output.WriteAsync(parsed.GetValue(asJson) ? JsonSerializer.Serialize(ComparisonJson.Of(result.Comparison), json) + Environment.NewLine : Text(result));
            return 0;
        });
        return command;
    }

    /// <summary>Whether a side names a run of the log (<c>12</c> or <c>#12</c>) rather than a method.</summary>
    private static bool IsRunId(string side, out long id) => long.TryParse(side.Trim().TrimStart('#'), out id);

    /// <summary>One side: a run-log id, or a method and its options parsed as <c>run</c> parses them.</summary>
    private static (ComparedRun? Run, string? Problem) Side(string text, string name, int? testSize, ulong seed, bool seedGiven, Lazy<RunLog?> log)
    {
        if (IsRunId(text, out var id))
        {
            if (log.Value?.Get(id) is not { } record)
                return (null, $"{name}: the run log has no run {id}.");
            var (logged, problem) = ComparedRun.FromLog(record);
            if (logged is null)
                return (null, $"{name}: {problem}");
            var settings = logged.Settings with { TestSize = testSize ?? logged.Settings.TestSize, Seed = seedGiven ? seed : logged.Settings.Seed };
            return (logged with { Settings = settings }, null);
        }

        var method = new Argument<string>("method") { Description = "The method." };
        var model = new Option<string?>("--model") { Description = "The embedding model." };
        var trainSize = new Option<int?>("--train-size") { Description = "The training size." };
        var labels = new Option<string[]>("--labels") { Description = "The two label descriptions, negative first.", AllowMultipleArgumentsPerToken = true };
        // Named after the option it is the value of, so that the run command's checks name it as the student typed it.
        var side = new Command(name) { method, model, trainSize, labels };
        OptionParsing.ReadNumbersFirst(side);
        var words = CommandLineParser.SplitCommandLine(text).ToArray();
        if (words.Length == 0 || words[0].StartsWith('-'))
            return (null, $"{name} \"{text}\": name a method first, as \"supervised --train-size 1000\", or give a run-log id.");
        var parsed = side.Parse(words);
        if (OptionParsing.Problem(parsed) is { } sideProblem)
            return (null, $"{name} \"{text}\": {sideProblem} (a side is a method with --model, --train-size or --labels, or a run-log id).");
        var chosen = parsed.GetValue(method)!;
        if (!ComparedRun.Methods.Contains(chosen))
            return (null, $"{name}: '{chosen}' cannot be compared: use {string.Join(", ", ComparedRun.Methods)}, or a run-log id.");
        // What a method does not use is refused, as `run` refuses it: the side would otherwise be another run than the one typed.
        if (parsed.GetResult(labels) is { Implicit: false } && chosen != ZeroShotExperiment.Method)
            return (null, $"{name} \"{text}\": --labels is not used by {chosen}: it is for zero-shot; remove it.");
        if (parsed.GetResult(trainSize) is { Implicit: false } && chosen is not (SupervisedExperiment.Method or CentroidExperiment.Method))
            return (null, $"{name} \"{text}\": --train-size is not used by {chosen}: it is for supervised and centroid; remove it.");
        if (parsed.GetResult(model) is { Implicit: false } && chosen == TaskSpecificExperiment.Method)
            return (null, $"{name} \"{text}\": --model is not used by {chosen}: it is for supervised, centroid and zero-shot; remove it.");
        var modelId = parsed.GetValue(model) ?? ModelCatalog.MiniLmId;
        if (!LabCommands.IsEmbeddingModel(modelId))
            return (null, $"{name}: unknown embedding model '{modelId}': use one of {string.Join(", ", ModelCatalog.Embedders.Select(m => m.Id))}.");
        if (parsed.GetValue(trainSize) is <= 0)
            return (null, $"{name}: --train-size must be at least 1.");
        if (testSize is <= 0)
            return (null, "--test-size must be at least 1.");
        var chosenLabels = parsed.GetValue(labels) is { Length: > 0 } given ? given : null;
        if (chosenLabels is not null && LabCommands.BinaryLabelsProblem(chosenLabels) is { } labelProblem)
            return (null, $"{name} --labels: {labelProblem}");
        return (new ComparedRun(chosen, new ExperimentSettings(ModelCatalog.Find(modelId).Id, parsed.GetValue(trainSize), testSize, seed), chosenLabels), null);
    }

    // The log at path, or null when there is none there; a file that is not a run log is a bad --log-path. A run log
    // another program holds, or on a full disk, is a good path at a bad moment: its own line, exit 1.
    private static RunLog? OpenLog(string path)
    {
        if (!File.Exists(path))
            return null;
        try
        {
            return new RunLog(path);
        }
        catch (StorageException e) when (e.Problem is not (StorageProblem.Busy or StorageProblem.Full))
        {
            throw new UsageException($"--log-path {path} is not a run log the lab can read: {e.Message}");
        }
    }

    private static string Text(ComparisonResult result)
    {
        var c = result.Comparison;
        var p = c.McNemar;
        return $"""
            A: {result.A.Describe()}  (accuracy {BookFormat.Fixed(result.RunA.Report.Accuracy, 4)})
            B: {result.B.Describe()}  (accuracy {BookFormat.Fixed(result.RunB.Report.Accuracy, 4)})
            {c.Reviews} test reviews
                          B right   B wrong
              A right   {c.BothRight,7}   {c.OnlyA,7}
              A wrong   {c.OnlyB,7}   {c.BothWrong,7}
            McNemar exact p = {p.ExactP:G6}; chi2 (continuity-corrected) = {(p.ChiSquared is { } chi ? chi.ToString("G6") : "—")}, p = {(p.ChiSquaredP is { } cp ? cp.ToString("G6") : "—")}
            accuracy A - B = {BookFormat.Signed(c.Difference.Difference, 4)}, bootstrap 95% interval [{BookFormat.Signed(c.Difference.Low, 4)}, {BookFormat.Signed(c.Difference.High, 4)}] ({c.Difference.Resamples} resamples, numpy default_rng({c.Difference.Seed}))

            """;
    }

    internal sealed record ComparisonJson(
        [property: JsonPropertyName("both_right")] int BothRight,
        [property: JsonPropertyName("only_a")] int OnlyA,
        [property: JsonPropertyName("only_b")] int OnlyB,
        [property: JsonPropertyName("both_wrong")] int BothWrong,
        [property: JsonPropertyName("mcnemar_p")] double McNemarP,
        [property: JsonPropertyName("chi2")] double? Chi2,
        [property: JsonPropertyName("chi2_p")] double? Chi2P,
        [property: JsonPropertyName("accuracy_difference")] double AccuracyDifference,
        [property: JsonPropertyName("ci_low")] double CiLow,
        [property: JsonPropertyName("ci_high")] double CiHigh,
        [property: JsonPropertyName("bootstrap_resamples")] int Resamples,
        [property: JsonPropertyName("bootstrap_seed")] ulong Seed,
        [property: JsonPropertyName("disagreements")] IReadOnlyList<DisagreementJson> Disagreements)
    {
        public static ComparisonJson Of(PairedComparison c) => new(
            c.BothRight, c.OnlyA, c.OnlyB, c.BothWrong, c.McNemar.ExactP, c.McNemar.ChiSquared, c.McNemar.ChiSquaredP,
            c.Difference.Difference, c.Difference.Low, c.Difference.High, c.Difference.Resamples, c.Difference.Seed,
            c.Disagreements.Select(d => new DisagreementJson(d.Index, d.True, d.PredictedA, d.PredictedB)).ToArray());
    }

    internal sealed record DisagreementJson(
        [property: JsonPropertyName("index")] int Index,
        [property: JsonPropertyName("true")] int True,
        [property: JsonPropertyName("a")] int A,
        [property: JsonPropertyName("b")] int B);
}
