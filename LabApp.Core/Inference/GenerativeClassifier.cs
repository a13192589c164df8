using System.Numerics.Tensors;
using LabApp.Core.Models;
using Microsoft.ML.OnnxRuntime;

namespace LabApp.Core.Inference;

/// <summary>
/// The book's generative classifier: google/flan-t5-small asked a question about each review (prompt + review, as the
/// book builds its input) and answering in words, decoded greedily as the <c>text2text-generation</c> pipeline does.
/// </summary>
/// <remarks>
/// The encoder runs once per batch; the decoder (Optimum's <c>decoder_model.onnx</c>, without past key values) reruns on
/// the whole answer so far at each step. That costs a little compute per step but keeps one simple graph, and the answers
/// are a few tokens long. Reviews are sorted by token length before batching, and come back in the caller's order.
/// Both sessions are shared by every caller: <c>InferenceSession.Run</c> is thread-safe. A batch's whole answer (the
/// encoder and every decoder step) is one bulk run of the lab's <see cref="InferenceScheduler"/>.
/// </remarks>
public sealed class GenerativeClassifier : IDisposable
{
    public const string DefaultPrompt = "Is the following sentence positive or negative? ";
    public const int DefaultMaxNewTokens = 10;
    public const int DefaultBatchSize = 16;

    private static readonly string[] DecoderInputs = ["input_ids", "encoder_attention_mask", "encoder_hidden_states"];

    private readonly InferenceSession _encoder;
    private readonly InferenceSession _decoder;
    private readonly SessionRuns _runs = new();
    private readonly T5Tokenizer _tokenizer;
    private readonly InferenceScheduler _scheduler;

    private GenerativeClassifier(InferenceSession encoder, InferenceSession decoder, T5Tokenizer tokenizer, int maxSequenceLength, InferenceScheduler scheduler)
    {
        _scheduler = scheduler;
        _encoder = encoder;
        _decoder = decoder;
        _tokenizer = tokenizer;
        MaxSequenceLength = maxSequenceLength;
    }

    public static ModelCard Card => ModelCatalog.FlanT5Small;

    public int MaxSequenceLength { get; }

    /// <summary>The model from its folder: <c>encoder_model.onnx</c>, <c>decoder_model.onnx</c> and <c>spiece.model</c>.</summary>
    public static GenerativeClassifier Open(string folder, InferenceDevice device, InferenceScheduler scheduler)
    {
        ModelFolder.RequireFiles(Card, folder, Card.Files);
        var tokenizer = T5Tokenizer.FromFile(Path.Combine(folder, "spiece.model"));
        var decoderPath = Path.Combine(folder, "decoder_model.onnx");
        var decoder = OpenSession(decoderPath, device);
        try
        {
            RequireDecoderWithoutPast(decoder, decoderPath);
            return new GenerativeClassifier(OpenSession(Path.Combine(folder, "encoder_model.onnx"), device), decoder, tokenizer, Card.MaxSequenceLength, scheduler);
        }
        catch
        {
            decoder.Dispose();
            throw;
        }
    }

    /// <summary>
    /// The model's answer to <paramref name="prompt"/> followed by each review, item <c>i</c> for review <c>i</c>, at most
    /// <paramref name="maxNewTokens"/> tokens long. Runs on the thread pool; <paramref name="progress"/> receives the
    /// number of reviews done after each batch.
    /// </summary>
    public async Task<IReadOnlyList<GeneratedAnswer>> ClassifyAsync(
        IReadOnlyList<string> reviews,
        string prompt = DefaultPrompt,
        int maxNewTokens = DefaultMaxNewTokens,
        IProgress<int>? progress = null,
        int batchSize = DefaultBatchSize,
        CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(prompt);
        if (maxNewTokens <= 0)
            throw new ArgumentOutOfRangeException(nameof(maxNewTokens), maxNewTokens, "Allow the answer at least 1 new token: the model writes it token by token.");
        if (batchSize <= 0)
            throw new ArgumentOutOfRangeException(nameof(batchSize), batchSize, "The batch size must be at least 1 review.");
        var tokenIds = await Task.Run(() => reviews.Select(review => _tokenizer.Encode(prompt + review, MaxSequenceLength)).ToArray(), cancellationToken).ConfigureAwait(false);
        var answers = new GeneratedAnswer[reviews.Count];
        await _scheduler.RunBulkAsync(PaddedBatch.LongestFirst(tokenIds, batchSize), batch =>
        {
            List<int>[] generated;
            using (_runs.Enter())
                generated = Generate(batch, tokenIds, maxNewTokens, cancellationToken);
            for (var b = 0; b < batch.Length; b++)
                answers[batch[b]] = new GeneratedAnswer(_tokenizer.Decode(generated[b]));
        }, progress, cancellationToken).ConfigureAwait(false);
        return answers;
    }

    /// <summary>Greedy decoding of one batch: per row, the generated ids without the start token and the final &lt;/s&gt;.</summary>
    private List<int>[] Generate(ReadOnlySpan<int> batch, int[][] tokenIds, int maxNewTokens, CancellationToken cancellationToken)
    {
        var (ids, mask, shape) = PaddedBatch.Build(batch, tokenIds, _tokenizer.PaddingId);
        using var idsValue = OrtValue.CreateTensorValueFromMemory(ids, shape);
        using var maskValue = OrtValue.CreateTensorValueFromMemory(mask, shape);
        using var runOptions = new RunOptions();
        using var encoderOutputs = _encoder.Run(runOptions, new Dictionary<string, OrtValue> { ["input_ids"] = idsValue, ["attention_mask"] = maskValue }, ["last_hidden_state"]);

        // Decoder input: the start token (<pad>) then every token chosen so far; a finished row is fed <pad>, as Hugging Face does.
        var rows = batch.Length;
        var decoderIds = new List<long>[rows];
        var generated = new List<int>[rows];
        var finished = new bool[rows];
        for (var b = 0; b < rows; b++)
        {
            decoderIds[b] = [_tokenizer.PaddingId];
            generated[b] = [];
        }

        for (var step = 0; step < maxNewTokens && finished.Contains(false); step++)
        {
            cancellationToken.ThrowIfCancellationRequested();
            var nextTokens = NextTokens(decoderIds, maskValue, encoderOutputs[0], runOptions);
            for (var b = 0; b < rows; b++)
            {
                if (finished[b])
                {
                    decoderIds[b].Add(_tokenizer.PaddingId);
                    continue;
                }
                decoderIds[b].Add(nextTokens[b]);
                if (nextTokens[b] == _tokenizer.EndOfSentenceId)
                    finished[b] = true;
                else
                    generated[b].Add(nextTokens[b]);
            }
        }
        return generated;
    }

    /// <summary>The most likely next token of each row: the argmax of the logits at the last decoder position.</summary>
    private int[] NextTokens(List<long>[] decoderIds, OrtValue encoderMask, OrtValue encoderHiddenStates, RunOptions runOptions)
    {
        var rows = decoderIds.Length;
        var length = decoderIds[0].Count;
        var ids = new long[rows * length];
        for (var b = 0; b < rows; b++)
            decoderIds[b].CopyTo(ids, b * length);

        using var idsValue = OrtValue.CreateTensorValueFromMemory(ids, [rows, length]);
        var inputs = new Dictionary<string, OrtValue>
        {
            ["input_ids"] = idsValue,
            ["encoder_attention_mask"] = encoderMask,
            ["encoder_hidden_states"] = encoderHiddenStates,
        };
        using var outputs = _decoder.Run(runOptions, inputs, ["logits"]);
        var logits = outputs[0].GetTensorDataAsSpan<float>();
        var vocabulary = logits.Length / (rows * length);
        var next = new int[rows];
        for (var b = 0; b < rows; b++)
            next[b] = TensorPrimitives.IndexOfMax(logits.Slice(((b * length) + length - 1) * vocabulary, vocabulary));
        return next;
    }

    private static InferenceSession OpenSession(string path, InferenceDevice device)
    {
        using var options = device.CreateSessionOptions();
        return new InferenceSession(path, options);
    }

    private static void RequireDecoderWithoutPast(InferenceSession decoder, string path)
    {
        var inputs = decoder.InputMetadata.Keys.ToHashSet();
        if (inputs.SetEquals(DecoderInputs) && decoder.OutputMetadata.ContainsKey("logits"))
            return;
        throw new InvalidDataException(
            $"{path} takes inputs {string.Join(", ", decoder.InputNames)}, but the generative classifier runs the decoder without past key values: " +
            $"inputs {string.Join(", ", DecoderInputs)} and output logits. Download onnx/decoder_model.onnx (not decoder_with_past_model.onnx or decoder_model_merged.onnx) from {Card.SourceRepo}.");
    }

    public void Dispose() => _runs.Close(_decoder, _encoder);
}
