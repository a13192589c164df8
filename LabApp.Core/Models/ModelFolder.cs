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

        var message = Directory.Exists(folder)
            ? $"The model {card.Id} is missing {Join(missing.Select(f => f.LocalName))} in {folder}. Download {Describe(card, missing)} into that folder."
            : $"The model {card.Id} is not on this machine: the folder {folder} does not exist. Download {Describe(card, needed)} into it.";
        throw new FileNotFoundException(message, Path.Combine(folder, missing[0].LocalName));
    }

    // Grouped by repository: an ONNX conversion may live in another repository than the tokenizer files.
    private static string Describe(ModelCard card, IEnumerable<ModelFile> files) =>
        Join(files.GroupBy(card.RepoOf).Select(group =>
            $"{Join(group.Select(f => f.RepoPath == f.LocalName ? f.RepoPath : $"{f.RepoPath} (saved as {f.LocalName})"))} from https://huggingface.co/{group.Key}"));

    private static string Join(IEnumerable<string> items)
    {
        var list = items.ToArray();
        return list.Length == 1 ? list[0] : $"{string.Join(", ", list[..^1])} and {list[^1]}";
    }
}
