namespace LabApp.Core.Models;

/// <summary>The models of the chapter, the lab's embedded default first.</summary>
public static class ModelCatalog
{
    public const string MiniLmId = "sentence-transformers/all-MiniLM-L6-v2";
    public const string MpnetId = "sentence-transformers/all-mpnet-base-v2";
    public const string TwitterRobertaId = "cardiffnlp/twitter-roberta-base-sentiment-latest";
    public const string FlanT5SmallId = "google/flan-t5-small";
    public const string ChatModelId = "openai-compatible-chat";

    public static ModelCard MiniLm { get; } = new(
        MiniLmId, ModelTask.SentenceEmbedding, "all-MiniLM-L6-v2 sentence embeddings (384 dimensions)", "Apache-2.0",
        SourceRepo: MiniLmId, Revision: "main",
        Files: [new("onnx/model.onnx", "model.onnx", 90_893_304), new("vocab.txt", "vocab.txt", 262_030)],
        MaxSequenceLength: 256, IsEmbedded: true);

    public static ModelCard Mpnet { get; } = new(
        MpnetId, ModelTask.SentenceEmbedding, "all-mpnet-base-v2 sentence embeddings (768 dimensions), the book's embedding model", "Apache-2.0",
        SourceRepo: MpnetId, Revision: "main",
        Files: [new("onnx/model.onnx", "model.onnx", 438_000_000), new("vocab.txt", "vocab.txt", 231_536)],
        MaxSequenceLength: 384);

    public static ModelCard TwitterRoberta { get; } = new(
        TwitterRobertaId, ModelTask.SentimentClassification, "Twitter-roBERTa-base sentiment (negative / neutral / positive), ONNX conversion", "CC-BY-4.0",
        SourceRepo: "Xenova/twitter-roberta-base-sentiment-latest", Revision: "main",
        Files: [new("onnx/model.onnx", "model.onnx", 499_000_000), new("vocab.json", "vocab.json", 899_000, TwitterRobertaId), new("merges.txt", "merges.txt", 456_000, TwitterRobertaId), new("config.json", "config.json", 1_000, TwitterRobertaId)],
        MaxSequenceLength: 512);

    public static ModelCard FlanT5Small { get; } = new(
        FlanT5SmallId, ModelTask.TextGeneration, "Flan-T5 small, prompted as a generative classifier, ONNX conversion", "Apache-2.0",
        SourceRepo: "Xenova/flan-t5-small", Revision: "main",
        Files: [new("onnx/encoder_model.onnx", "encoder_model.onnx", 141_000_000), new("onnx/decoder_model.onnx", "decoder_model.onnx", 232_000_000), new("spiece.model", "spiece.model", 792_000)],
        MaxSequenceLength: 512);

    public static ModelCard Chat { get; } = new(
        ChatModelId, ModelTask.ChatCompletion, "An LLM through an OpenAI-compatible chat API (the book used gpt-3.5-turbo-0125)", "the provider's terms",
        SourceRepo: "", Revision: "", Files: [], IsRemoteApi: true);

    public static IReadOnlyList<ModelCard> All { get; } = [MiniLm, Mpnet, TwitterRoberta, FlanT5Small, Chat];

    public static IReadOnlyList<ModelCard> Embedders { get; } = All.Where(m => m.Task == ModelTask.SentenceEmbedding).ToArray();

    /// <summary>The card for <paramref name="id"/>; the short names <c>minilm</c> and <c>mpnet</c> are accepted too.</summary>
    public static ModelCard Find(string id)
    {
        var card = All.FirstOrDefault(m => string.Equals(m.Id, id, StringComparison.OrdinalIgnoreCase)
            || string.Equals(m.Id.Split('/')[^1], id, StringComparison.OrdinalIgnoreCase)
            || ShortName(m).Equals(id, StringComparison.OrdinalIgnoreCase));
        return card ?? throw new ArgumentException(
            $"Unknown model '{id}'. Use one of: {string.Join(", ", All.Select(m => m.Id))}.");
    }

    public static string ShortName(ModelCard card) => card.Id switch
    {
        MiniLmId => "minilm",
        MpnetId => "mpnet",
        TwitterRobertaId => "twitter-roberta",
        FlanT5SmallId => "flan-t5-small",
        _ => card.Id,
    };
}
