using System.Numerics.Tensors;
using Microsoft.ML.OnnxRuntime;

namespace LabApp.Core.Inference;

/// <summary>
/// Sentence embeddings as sentence-transformers' <c>encode(..., normalize_embeddings=True)</c> makes them:
/// mean pooling of the last hidden state over the attention mask, then L2 normalisation.
/// </summary>
/// <remarks>
/// One ONNX session per model, shared by every caller: <c>InferenceSession.Run</c> is thread-safe, so no pool is needed.
/// Texts are batched longest first (<see cref="PaddedBatch.LongestFirst"/>) and come back in the caller's order. Every
/// run goes through the lab's <see cref="InferenceScheduler"/>: a bulk job queues again for each batch, and a student's
/// few typed texts are batched with other students' (<see cref="EmbedTypedAsync"/>).
/// </remarks>
public sealed class SentenceEmbedder : IDisposable
{
    public const int DefaultBatchSize = 32;

    /// <summary>How long a student's typed texts wait for other students' to share their run: well under a frame.</summary>
    public static readonly TimeSpan TypedTextsDelay = TimeSpan.FromMilliseconds(2);

    private readonly InferenceSession _session;
    private readonly SessionRuns _runs = new();
    private readonly InferenceScheduler _scheduler;
    private readonly DynamicBatcher<string, float[]> _typedTexts;
    private readonly SentenceTokenizer _tokenizer;
    private readonly bool _needsTokenTypeIds;
    private readonly string _outputName;

    public SentenceEmbedder(string modelPath, SentenceTokenizer tokenizer, int maxSequenceLength, InferenceDevice device, InferenceScheduler scheduler, TimeProvider? time = null)
    {
        if (!File.Exists(modelPath))
            throw new FileNotFoundException($"The embedding model file is missing: {modelPath}. Run 'dotnet run --project LabApp -- info' to see how to get it.", modelPath);

        using var options = device.CreateSessionOptions();
        try
        {
            _session = new InferenceSession(modelPath, options);
        }
        catch (OnnxRuntimeException e)
        {
            // ONNX Runtime's own words ("Protobuf parsing failed") say neither which file nor what to do.
            throw new InvalidDataException(
                $"{modelPath} is not a model ONNX Runtime can load (damaged or incomplete: {e.Message.Split('\n')[0].Trim()}). Download it again or place the model's file there again; 'dotnet run --project LabApp -- info' shows where it comes from.", e);
        }

        _tokenizer = tokenizer;
        MaxSequenceLength = maxSequenceLength;
        _needsTokenTypeIds = _session.InputMetadata.ContainsKey("token_type_ids");
        _outputName = _session.OutputMetadata.ContainsKey("last_hidden_state") ? "last_hidden_state" : _session.OutputNames[0];
        Dimension = (int)_session.OutputMetadata[_outputName].Dimensions[^1];
        _scheduler = scheduler;
        _typedTexts = new DynamicBatcher<string, float[]>(EmbedRows, scheduler, DefaultBatchSize, TypedTextsDelay, time ?? TimeProvider.System);
    }

    public int Dimension { get; }

    public int MaxSequenceLength { get; }

    /// <summary>Whether <paramref name="text"/> is longer than the model reads, so only its beginning is embedded.</summary>
    public bool Truncates(string text) => _tokenizer.CountWordPieces(text) + 2 > MaxSequenceLength;

    /// <summary>
    /// The embeddings of <paramref name="texts"/>, row <c>i</c> for text <c>i</c>, as a bulk job: each batch is one run
    /// of the scheduler's bulk queue (<see cref="InferenceScheduler.RunBulkAsync"/>). <paramref name="progress"/>
    /// receives the number of texts done after each batch.
    /// </summary>
    public async Task<EmbeddingMatrix> EmbedAsync(
        IReadOnlyList<string> texts,
        IProgress<int>? progress = null,
        int batchSize = DefaultBatchSize,
        CancellationToken cancellationToken = default)
    {
        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(batchSize);
        var tokenIds = await Task.Run(() => Tokenize(texts), cancellationToken).ConfigureAwait(false);
        var values = new float[texts.Count * Dimension];
        await _scheduler.RunBulkAsync(PaddedBatch.LongestFirst(tokenIds, batchSize), batch => RunBatch(batch, tokenIds, values), progress, cancellationToken).ConfigureAwait(false);
        return new EmbeddingMatrix(texts.Count, Dimension, values);
    }

    /// <summary>
    /// The embeddings of a few texts a student typed, row <c>i</c> for text <c>i</c>: an interactive run, shared with
    /// the texts other students typed at the same moment (<see cref="DynamicBatcher{TItem,TResult}"/>). Each row equals
    /// the one <see cref="EmbedAsync"/> gives to float rounding (well under 1e-5): only the padding of its batch differs, and the
    /// attention mask hides padding.
    /// </summary>
    public async Task<EmbeddingMatrix> EmbedTypedAsync(IReadOnlyList<string> texts, CancellationToken cancellationToken = default)
    {
        var rows = await _typedTexts.RunAsync(texts, cancellationToken).ConfigureAwait(false);
        var values = new float[texts.Count * Dimension];
        for (var i = 0; i < rows.Count; i++)
            rows[i].CopyTo(values, i * Dimension);
        return new EmbeddingMatrix(texts.Count, Dimension, values);
    }

    private int[][] Tokenize(IReadOnlyList<string> texts)
    {
        var tokenIds = new int[texts.Count][];
        for (var i = 0; i < texts.Count; i++)
            tokenIds[i] = _tokenizer.Encode(texts[i], MaxSequenceLength);
        return tokenIds;
    }

    // The run of one interactive batch, on the scheduler's slot: every text in it, in batches of the usual size.
    private IReadOnlyList<float[]> EmbedRows(IReadOnlyList<string> texts)
    {
        var tokenIds = Tokenize(texts);
        var values = new float[texts.Count * Dimension];
        foreach (var batch in PaddedBatch.LongestFirst(tokenIds, DefaultBatchSize))
            RunBatch(batch, tokenIds, values);
        return Enumerable.Range(0, texts.Count).Select(i => values.AsSpan(i * Dimension, Dimension).ToArray()).ToArray();
    }

    private void RunBatch(ReadOnlySpan<int> batch, int[][] tokenIds, float[] values)
    {
        using var run = _runs.Enter();
        var (ids, mask, shape) = PaddedBatch.Build(batch, tokenIds, _tokenizer.PaddingId);
        var length = (int)shape[1];
        using var idsValue = OrtValue.CreateTensorValueFromMemory(ids, shape);
        using var maskValue = OrtValue.CreateTensorValueFromMemory(mask, shape);
        using var typesValue = _needsTokenTypeIds ? OrtValue.CreateTensorValueFromMemory(new long[ids.Length], shape) : null;

        var inputs = new Dictionary<string, OrtValue> { ["input_ids"] = idsValue, ["attention_mask"] = maskValue };
        if (typesValue is not null)
            inputs["token_type_ids"] = typesValue;

        using var runOptions = new RunOptions();
        using var outputs = _session.Run(runOptions, inputs, [_outputName]);
        var hidden = outputs[0].GetTensorDataAsSpan<float>();
        for (var b = 0; b < batch.Length; b++)
        {
            var target = values.AsSpan(batch[b] * Dimension, Dimension);
            MeanPoolAndNormalise(hidden.Slice(b * length * Dimension, length * Dimension), tokenIds[batch[b]].Length, target);
        }
    }

    // The attention mask of a row is ones over its first tokenCount positions, so the masked mean is a plain mean of those.
    private void MeanPoolAndNormalise(ReadOnlySpan<float> tokens, int tokenCount, Span<float> target)
    {
        target.Clear();
        for (var t = 0; t < tokenCount; t++)
            TensorPrimitives.Add(target, tokens.Slice(t * Dimension, Dimension), target);
        TensorPrimitives.Divide(target, tokenCount, target);
        var norm = TensorPrimitives.Norm(target);
        TensorPrimitives.Divide(target, Math.Max(norm, 1e-12f), target);
    }

    public void Dispose() => _runs.Close(_session);
}
