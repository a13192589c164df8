namespace LabApp.Core.Models;

/// <summary>
/// A downloaded model's local folder, checked before any session opens, so that a missing model gives one
/// message naming the model, the files and the folder instead of an ONNX Runtime error about the first file.
/// </summary>
internal static class ModelFolder
{
    /// <summary>Throws <see cref="FileNotFoundException"/> unless every file of <paramref name="needed"/> is in <paramref name="folder"/>.</summary>
    public static void RequireFiles(ModelCard card, string folder, IReadOnlyList<ModelFile> needed)
    {
        var missing = needed.Where(f => !File.Exists(Path.Combine(folder, f.LocalName))).ToArray();
        if (missing.Length == 0)
            return;

        var source = $"https://huggingface.co/{card.SourceRepo}";
        var message = Directory.Exists(folder)
            ? $"The model {card.Id} is missing {Join(missing.Select(f => f.LocalName))} in {folder}. Download {Describe(missing)} from {source} into that folder."
            : $"The model {card.Id} is not on this machine: the folder {folder} does not exist. Download {Describe(needed)} from {source} into it.";
        throw new FileNotFoundException(message, Path.Combine(folder, missing[0].LocalName));
    }

    private static string Describe(IEnumerable<ModelFile> files) =>
        Join(files.Select(f => f.RepoPath == f.LocalName ? f.RepoPath : $"{f.RepoPath} (saved as {f.LocalName})"));

    private static string Join(IEnumerable<string> items)
    {
        var list = items.ToArray();
        return list.Length == 1 ? list[0] : $"{string.Join(", ", list[..^1])} and {list[^1]}";
    }
}
