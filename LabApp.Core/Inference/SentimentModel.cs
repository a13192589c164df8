using System.Numerics.Tensors;
using System.Text.Json;
using LabApp.Core.Models;
using Microsoft.ML.OnnxRuntime;

namespace LabApp.Core.Inference;

/// <summary>
/// The book's task-specific classifier: cardiffnlp/twitter-roberta-base-sentiment-latest through ONNX Runtime,
/// scoring each review negative / neutral / positive as the <c>text-classification</c> pipeline with all scores does.
/// </summary>
/// <remarks>
/// One session shared by every caller: <c>InferenceSession.Run</c> is thread-safe. Reviews are sorted by token
/// length before batching so a batch pads only to its own longest review; the results come back in the caller's order.
/// Each batch is one bulk run of the lab's <see cref="InferenceScheduler"/>.
/// </remarks>
public sealed class SentimentModel : IDisposable
{
    public const int DefaultBatchSize = 32;

    private const string ConfigFile = "config.json";
    private static readonly string[] LabelNames = ["negative", "neutral", "positive"];

    private readonly InferenceSession _session;
    private readonly SessionRuns _runs = new();
    private readonly RobertaTokenizer _tokenizer;
    private readonly int[] _logitOfLabel;
    private readonly InferenceScheduler _scheduler;

    private SentimentModel(InferenceSession session, RobertaTokenizer tokenizer, int[] logitOfLabel, int maxSequenceLength, InferenceScheduler scheduler)
    {
        _session = session;
        _scheduler = scheduler;
        _tokenizer = tokenizer;
        _logitOfLabel = logitOfLabel;
        MaxSequenceLength = maxSequenceLength;
    }

    public static ModelCard Card => ModelCatalog.TwitterRoberta;

    public int MaxSequenceLength { get; }

    /// <summary>
    /// The model from its folder (<c>model.onnx</c>, <c>vocab.json</c>, <c>merges.txt</c>, and <c>config.json</c> when its
    /// label order should be read rather than assumed to be negative, neutral, positive).
    /// </summary>
    public static SentimentModel Open(string folder, InferenceDevice device, InferenceScheduler scheduler)
    {
        ModelFolder.RequireFiles(Card, folder, Card.Files.Where(f => f.LocalName != ConfigFile).ToArray());
        var configPath = Path.Combine(folder, ConfigFile);
        var logitOfLabel = File.Exists(configPath) ? LogitOfLabel(File.ReadAllText(configPath), configPath) : [0, 1, 2];
        var tokenizer = RobertaTokenizer.FromFiles(Path.Combine(folder, "vocab.json"), Path.Combine(folder, "merges.txt"));

        var modelPath = Path.Combine(folder, "model.onnx");
        using var options = device.CreateSessionOptions();
        var session = new InferenceSession(modelPath, options);
        try
        {
            RequireSentimentGraph(session, modelPath);
            return new SentimentModel(session, tokenizer, logitOfLabel, Card.MaxSequenceLength, scheduler);
        }
        catch
        {
            session.Dispose();
            throw;
        }
    }

    /// <summary>
    /// The scores of <paramref name="reviews"/>, item <c>i</c> for review <c>i</c>. Runs on the thread pool;
    /// <paramref name="progress"/> receives the number of reviews done after each batch.
    /// </summary>
    public async Task<IReadOnlyList<SentimentScores>> ScoreAsync(
        IReadOnlyList<string> reviews,
        IProgress<int>? progress = null,
        int batchSize = DefaultBatchSize,
        CancellationToken cancellationToken = default)
    {
        if (batchSize <= 0)
            throw new ArgumentOutOfRangeException(nameof(batchSize), batchSize, "The batch size must be at least 1 review.");
        var tokenIds = await Task.Run(() => reviews.Select(review => _tokenizer.Encode(review, MaxSequenceLength)).ToArray(), cancellationToken).ConfigureAwait(false);
        var scores = new SentimentScores[reviews.Count];
        await _scheduler.RunBulkAsync(PaddedBatch.LongestFirst(tokenIds, batchSize), batch => RunBatch(batch, tokenIds, scores), progress, cancellationToken).ConfigureAwait(false);
        return scores;
    }

    /// <summary>Softmax of one row of logits, shifted by its maximum so that large logits cannot overflow.</summary>
    public static void Softmax(ReadOnlySpan<float> logits, Span<float> probabilities)
    {
        TensorPrimitives.Subtract(logits, TensorPrimitives.Max(logits), probabilities);
        TensorPrimitives.Exp(probabilities, probabilities);
        TensorPrimitives.Divide(probabilities, TensorPrimitives.Sum(probabilities), probabilities);
    }

    private void RunBatch(ReadOnlySpan<int> batch, int[][] tokenIds, SentimentScores[] scores)
    {
        using var run = _runs.Enter();
        var (ids, mask, shape) = PaddedBatch.Build(batch, tokenIds, _tokenizer.PaddingId);
        using var idsValue = OrtValue.CreateTensorValueFromMemory(ids, shape);
        using var maskValue = OrtValue.CreateTensorValueFromMemory(mask, shape);
        var inputs = new Dictionary<string, OrtValue> { ["input_ids"] = idsValue, ["attention_mask"] = maskValue };

        using var runOptions = new RunOptions();
        using var outputs = _session.Run(runOptions, inputs, ["logits"]);
        var logits = outputs[0].GetTensorDataAsSpan<float>();
        Span<float> probabilities = stackalloc float[LabelNames.Length];
        for (var b = 0; b < batch.Length; b++)
        {
            Softmax(logits.Slice(b * LabelNames.Length, LabelNames.Length), probabilities);
            scores[batch[b]] = new SentimentScores(
                probabilities[_logitOfLabel[0]], probabilities[_logitOfLabel[1]], probabilities[_logitOfLabel[2]]);
        }
    }

    /// <summary>For negative, neutral and positive, the index of its logit, read from config.json's <c>id2label</c>.</summary>
    private static int[] LogitOfLabel(string configJson, string configPath)
    {
        Dictionary<string, string> id2Label;
        try
        {
            using var config = JsonDocument.Parse(configJson);
            if (!config.RootElement.TryGetProperty("id2label", out var labels))
                return [0, 1, 2];
            id2Label = labels.EnumerateObject().ToDictionary(p => p.Name, p => p.Value.GetString()?.Trim().ToLowerInvariant() ?? "");
        }
        catch (Exception e) when (e is JsonException or InvalidOperationException or ArgumentException)
        {
            throw new InvalidDataException($"{configPath} is not a model configuration ({e.Message}). Download the config.json of {Card.Id} again, or delete it to assume the order negative, neutral, positive.", e);
        }

        var ids = LabelNames.Select(name => int.TryParse(id2Label.FirstOrDefault(p => p.Value == name).Key, out var id) ? id : -1).ToArray();
        if (id2Label.Count != LabelNames.Length || !ids.Order().SequenceEqual([0, 1, 2]))
        {
            throw new InvalidDataException(
                $"{configPath} labels the model's outputs {string.Join(", ", id2Label.Select(p => $"{p.Key}: {p.Value}"))}; the sentiment model needs 0, 1 and 2 to be negative, neutral and positive in some order. " +
                $"Use the config.json of {Card.Id}, or delete it to assume that order.");
        }
        return ids;
    }

    private static void RequireSentimentGraph(InferenceSession session, string modelPath)
    {
        var hasInputs = session.InputMetadata.ContainsKey("input_ids") && session.InputMetadata.ContainsKey("attention_mask");
        var hasLogits = session.OutputMetadata.TryGetValue("logits", out var logits) && logits.Dimensions[^1] == LabelNames.Length;
        if (!hasInputs || !hasLogits)
        {
            throw new InvalidDataException(
                $"{modelPath} is not a three-way sentiment classifier: it needs inputs input_ids and attention_mask and an output logits of 3 values per review " +
                $"(it has inputs {string.Join(", ", session.InputNames)} and outputs {string.Join(", ", session.OutputNames)}). Download onnx/model.onnx from {Card.SourceRepo}.");
        }
    }

    public void Dispose() => _runs.Close(_session);
}
