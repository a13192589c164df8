namespace LabApp.Core.Models;

/// <summary>What a model of the catalog does in the lab.</summary>
public enum ModelTask
{
    SentenceEmbedding,
    SentimentClassification,
    TextGeneration,
    ChatCompletion,
}

/// <summary>
/// One file a model needs: where it is in a hub repository and its name in the local model folder. <see cref="Repo"/>
/// names another repository than the card's when the file lives elsewhere (an ONNX conversion without the tokenizer files).
/// </summary>
public sealed record ModelFile(string RepoPath, string LocalName, long? ApproximateBytes = null, string? Repo = null);

/// <summary>
/// A model of the lab: what it is for, what files it needs and where they come from.
/// <see cref="SourceRepo"/> is the hub repository the files are fetched from (it can differ from <see cref="Id"/>
/// when the hub's ONNX conversion lives in another repository).
/// </summary>
public sealed record ModelCard(
    string Id,
    ModelTask Task,
    string Title,
    string Licence,
    string SourceRepo,
    string Revision,
    IReadOnlyList<ModelFile> Files,
    int MaxSequenceLength = 512,
    bool IsEmbedded = false,
    bool IsRemoteApi = false)
{
    public long ApproximateBytes => Files.Sum(f => f.ApproximateBytes ?? 0);

    /// <summary>The hub repository <paramref name="file"/> is fetched from.</summary>
    public string RepoOf(ModelFile file) => file.Repo ?? SourceRepo;

    /// <summary>The model's folder below the models directory: <c>owner/name</c>.</summary>
    public string LocalFolder => Id.Replace('/', Path.DirectorySeparatorChar);
}
