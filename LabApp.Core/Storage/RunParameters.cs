using System.Globalization;
using System.Reflection;
using System.Text.Json;
using System.Text.Json.Serialization;
using LabApp.Core.Classifiers.Llm;
using LabApp.Core.Experiments;
using LabApp.Core.Models;

namespace LabApp.Core.Storage;

/// <summary>
/// Everything that decides a logged run's numbers, one sealed record per kind of run, stored as JSON (its <c>kind</c>
/// first). The run log's text for it is <see cref="Describe"/>, made when shown, never stored.
/// </summary>
[JsonPolymorphic(TypeDiscriminatorPropertyName = "kind")]
[JsonDerivedType(typeof(SupervisedParameters), "supervised")]
[JsonDerivedType(typeof(ZeroShotParameters), "zero-shot")]
[JsonDerivedType(typeof(TaskSpecificParameters), "task-specific")]
[JsonDerivedType(typeof(GenerativeParameters), "generative")]
[JsonDerivedType(typeof(LlmParameters), "llm")]
[JsonDerivedType(typeof(CustomLabelsParameters), "custom-labels")]
[JsonDerivedType(typeof(LimitedDataParameters), "limited-data")]
[JsonDerivedType(typeof(SeedBandParameters), "seed-band")]
[JsonDerivedType(typeof(ConfidenceParameters), "confidence")]
[JsonDerivedType(typeof(FailureAnalysisParameters), "failure-analysis")]
[JsonDerivedType(typeof(ChecklistParameters), "checklist")]
[JsonDerivedType(typeof(EarlierParameters), "earlier")]
public abstract record RunParameters
{
    private static readonly Dictionary<Type, string> Kinds = RunJson.KindsOf(typeof(RunParameters));

    /// <summary>The kind of run, as its JSON and the log's <c>kind</c> column name it.</summary>
    [JsonIgnore]
    public string Kind => Kinds[GetType()];

    /// <summary>The parameters as the run log shows them, e.g. <c>model=minilm train=all test=300 seed=42</c>.</summary>
    public abstract string Describe();

    // A row's model id is written by the lab, but an old row may name a model the catalog no longer has.
    private protected static string ShortModel(string modelId) =>
        ModelCatalog.All.FirstOrDefault(m => m.Id == modelId) is { } card ? ModelCatalog.ShortName(card) : modelId;

    private protected static string Size(int? size) => size?.ToString(CultureInfo.InvariantCulture) ?? "all";

    private protected static string Quoted(IEnumerable<string> labels) => string.Join(" | ", labels.Select(l => $"\"{l}\""));

    private protected static bool Same<T>(IReadOnlyList<T> a, IReadOnlyList<T> b) => a.SequenceEqual(b);

    private protected static int HashOf<T>(IReadOnlyList<T> items) => items.Aggregate(items.Count, (hash, item) => HashCode.Combine(hash, item));
}

/// <summary>The embeddings + classifier page: logistic regression or the class centroids (the run's method) on the seeded subsets.</summary>
public sealed record SupervisedParameters(string Model, int? TrainSize, int? TestSize, ulong Seed) : RunParameters
{
    public static SupervisedParameters Of(ExperimentSettings settings) => new(settings.ModelId, settings.TrainSize, settings.TestSize, settings.Seed);

    public ExperimentSettings Settings => new(Model, TrainSize, TestSize, Seed);

    public override string Describe() => $"model={ShortModel(Model)} train={Size(TrainSize)} test={Size(TestSize)} seed={Seed}";
}

/// <summary>Zero-shot: the label descriptions compared with the (seeded subset of the) test reviews.</summary>
public sealed record ZeroShotParameters(string Model, IReadOnlyList<string> Labels, int? TestSize = null, ulong Seed = 42) : RunParameters
{
    public ExperimentSettings Settings => new(Model, TestSize: TestSize, Seed: Seed);

    public override string Describe() => $"model={ShortModel(Model)} test={Size(TestSize)} labels={Quoted(Labels)}";

    public bool Equals(ZeroShotParameters? other) =>
        other is not null && base.Equals(other) && (Model, TestSize, Seed) == (other.Model, other.TestSize, other.Seed) && Same(Labels, other.Labels);

    public override int GetHashCode() => HashCode.Combine(Model, TestSize, Seed, HashOf(Labels));
}

/// <summary>The task-specific sentiment model on <c>test.shuffle(seed).select(range(TestSize))</c> (all of it when null).</summary>
public sealed record TaskSpecificParameters(int? TestSize, ulong Seed) : RunParameters
{
    public override string Describe() => $"test={Size(TestSize)} seed={Seed}";
}

/// <summary>Flan-T5 answering a prompt for each review of the seeded test subset.</summary>
public sealed record GenerativeParameters(string Prompt, int? TestSize, ulong Seed) : RunParameters
{
    public override string Describe() => $"test={Size(TestSize)} seed={Seed} prompt \"{Prompt}\"";
}

/// <summary>
/// A chat model over the seeded test subset. The endpoint is kept as its host only (with its port): never a path's
/// token, a password or a key.
/// </summary>
public sealed record LlmParameters(string Model, string EndpointHost, string Prompt, int TestSize, ulong Seed) : RunParameters
{
    public override string Describe()
    {
        var prompt = Prompt == PromptTemplate.Book.Text ? "the book's prompt" : $"prompt \"{Prompt.ReplaceLineEndings(" ")}\"";
        return $"model={Model} test={TestSize} seed={Seed} endpoint={EndpointHost}, {prompt}";
    }
}

/// <summary>Medium Task 1: a student's own label set over their own reviews, which have no true labels.</summary>
public sealed record CustomLabelsParameters(string Model, IReadOnlyList<string> Labels) : RunParameters
{
    public override string Describe() => $"model={ShortModel(Model)} labels={Quoted(Labels)}";

    public bool Equals(CustomLabelsParameters? other) => other is not null && base.Equals(other) && Model == other.Model && Same(Labels, other.Labels);

    public override int GetHashCode() => HashCode.Combine(Model, HashOf(Labels));
}

/// <summary>Medium Task 2: the embedding classifier (max_iter=1000) trained on one seeded training size.</summary>
public sealed record LimitedDataParameters(string Model, int TrainSize, int TestSize, ulong Seed) : RunParameters
{
    public static LimitedDataParameters Of(LimitedDataSettings settings) => new(settings.ModelId, settings.TrainSize, settings.TestSize, settings.Seed);

    public override string Describe() => $"model={ShortModel(Model)} train={TrainSize} test={TestSize} seed={Seed}";
}

/// <summary>One size and seed of Task 2's seed band: a limited-data run made as one of <see cref="Seeds"/>.</summary>
public sealed record SeedBandParameters(string Model, int TrainSize, int TestSize, ulong Seed, IReadOnlyList<ulong> Seeds) : RunParameters
{
    public override string Describe() =>
        $"model={ShortModel(Model)} train={TrainSize} test={TestSize} seed={Seed} band_seeds={string.Join(',', Seeds)}";

    public bool Equals(SeedBandParameters? other) => other is not null && base.Equals(other)
        && (Model, TrainSize, TestSize, Seed) == (other.Model, other.TrainSize, other.TestSize, other.Seed) && Same(Seeds, other.Seeds);

    public override int GetHashCode() => HashCode.Combine(Model, TrainSize, TestSize, Seed, HashOf(Seeds));
}

/// <summary>Medium Task 3: zero-shot on the student's labelled reviews, predicting only at or above the threshold.</summary>
public sealed record ConfidenceParameters(string Model, IReadOnlyList<string> Labels, ConfidenceMeasure Measure, double Threshold) : RunParameters
{
    public override string Describe() => string.Create(CultureInfo.InvariantCulture,
        $"model={ShortModel(Model)} measure={ConfidenceExperiment.NameOf(Measure)} threshold={Threshold:0.00###} labels={Quoted(Labels)}");

    public bool Equals(ConfidenceParameters? other) => other is not null && base.Equals(other)
        && (Model, Measure, Threshold) == (other.Model, other.Measure, other.Threshold) && Same(Labels, other.Labels);

    public override int GetHashCode() => HashCode.Combine(Model, Measure, Threshold, HashOf(Labels));
}

/// <summary>Medium Task 4: the classifier trained on the seeded train subset, tested on the test subset and the student's edge cases.</summary>
public sealed record FailureAnalysisParameters(string Model, int TrainSize, int TestSize, ulong Seed, int EdgeCases) : RunParameters
{
    public override string Describe() => $"model={ShortModel(Model)} train={TrainSize} test={TestSize} seed={Seed} edge_cases={EdgeCases}";
}

/// <summary>The behavioural test suite against one classifier (the run's method), on the chosen embedding model.</summary>
public sealed record ChecklistParameters(string Model, int Tests, int MaxCases, ulong Seed) : RunParameters
{
    public override string Describe() => $"model={ShortModel(Model)} tests={Tests} max_cases={MaxCases} seed={Seed}";
}

/// <summary>A run logged before runs kept typed parameters, whose text the migration could not read: the text as it was.</summary>
public sealed record EarlierParameters(string Text) : RunParameters
{
    public override string Describe() => Text;
}

/// <summary>
/// A medium task's own numbers beside the run log's scores (or in place of them, where there is nothing to score),
/// stored as JSON; <see cref="Describe"/> is made when shown.
/// </summary>
[JsonPolymorphic(TypeDiscriminatorPropertyName = "kind")]
[JsonDerivedType(typeof(CustomLabelsHeadline), "custom-labels")]
[JsonDerivedType(typeof(LimitedDataHeadline), "limited-data")]
[JsonDerivedType(typeof(ConfidenceHeadline), "confidence")]
[JsonDerivedType(typeof(FailureAnalysisHeadline), "failure-analysis")]
[JsonDerivedType(typeof(ChecklistHeadline), "checklist")]
public abstract record RunHeadline
{
    public abstract string Describe();

    private protected static string Fixed(double? value, int decimals) => value is { } v ? BookFormat.Fixed(v, decimals) : "—";
}

/// <param name="Uncertain">Reviews whose margin is below the uncertain cut (the very uncertain included).</param>
/// <param name="MeanMargin">The mean margin between each review's two best labels; null for a run logged before it was kept.</param>
public sealed record CustomLabelsHeadline(int Reviews, int Uncertain, double? MeanMargin) : RunHeadline
{
    public static CustomLabelsHeadline Of(CustomLabelsResult result) => new(
        result.Choices.Count,
        result.Choices.Count(c => c.Certainty != Certainty.Confident),
        result.Choices.Count == 0 ? null : result.Choices.Average(c => c.Margin));

    public override string Describe() => $"reviews={Reviews} uncertain={Uncertain} mean_margin={Fixed(MeanMargin, 3)}";
}

/// <param name="EmbeddingF1">The embedding classifier's weighted F1, the book table's embed_f1.</param>
/// <param name="TaskF1">The task-specific model's weighted F1 on the same test reviews, when its files are present.</param>
public sealed record LimitedDataHeadline(double EmbeddingF1, double? TaskF1) : RunHeadline
{
    public override string Describe() => $"embedding_f1={Fixed(EmbeddingF1, 4)} task_f1={Fixed(TaskF1, 4)}";
}

/// <param name="AccuracyOnPredicted">Of the reviews predicted, the share right; null when none was predicted.</param>
public sealed record ConfidenceHeadline(double Coverage, double? AccuracyOnPredicted, int Predicted, int Total) : RunHeadline
{
    public static ConfidenceHeadline Of(ThresholdOutcome outcome) => new(outcome.Coverage, outcome.AccuracyOnPredicted, outcome.Predicted, outcome.Total);

    public override string Describe() =>
        $"predicted={Predicted}/{Total} coverage={Fixed(Coverage, 3)} accuracy_on_predicted={Fixed(AccuracyOnPredicted, 3)}";
}

/// <param name="FalsePositives">Null, as <paramref name="FalseNegatives"/>, for a run logged before they were kept.</param>
public sealed record FailureAnalysisHeadline(double Accuracy, int? FalsePositives, int? FalseNegatives, double EdgeCaseAccuracy) : RunHeadline
{
    public override string Describe() =>
        $"accuracy={Fixed(Accuracy, 3)} false_positives={FalsePositives?.ToString(CultureInfo.InvariantCulture) ?? "—"} " +
        $"false_negatives={FalseNegatives?.ToString(CultureInfo.InvariantCulture) ?? "—"} edge_accuracy={Fixed(EdgeCaseAccuracy, 3)}";
}

/// <param name="Cases">The cases the classifier was tested on, over all tests.</param>
/// <param name="FailureRate">The share of those cases it failed.</param>
public sealed record ChecklistHeadline(int Cases, double FailureRate) : RunHeadline
{
    public override string Describe() => $"cases={Cases} failure_rate={Fixed(FailureRate, 3)}";
}

/// <summary>How the run log writes and reads its typed columns.</summary>
public static class RunJson
{
    /// <summary>snake_case names and enum names, compact; a <c>kind</c> read wherever it stands in the object.</summary>
    public static JsonSerializerOptions Options { get; } = new()
    {
        PropertyNamingPolicy = JsonNamingPolicy.SnakeCaseLower,
        Converters = { new JsonStringEnumConverter(JsonNamingPolicy.SnakeCaseLower) },
        AllowOutOfOrderMetadataProperties = true,
    };

    public static string Write(RunParameters parameters) => JsonSerializer.Serialize(parameters, Options);

    public static string Write(RunHeadline headline) => JsonSerializer.Serialize(headline, Options);

    public static RunParameters ReadParameters(string json) =>
        JsonSerializer.Deserialize<RunParameters>(json, Options) ?? throw new JsonException("A run's parameters are null.");

    public static RunHeadline ReadHeadline(string json) =>
        JsonSerializer.Deserialize<RunHeadline>(json, Options) ?? throw new JsonException("A run's headline is null.");

    // The kinds are the discriminators the attributes give: written once, there.
    internal static Dictionary<Type, string> KindsOf(Type root) => root.GetCustomAttributes<JsonDerivedTypeAttribute>()
        .ToDictionary(a => a.DerivedType, a => (string)a.TypeDiscriminator!);
}
