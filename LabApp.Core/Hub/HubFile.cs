using System.Text.RegularExpressions;

namespace LabApp.Core.Hub;

/// <summary>Whether a hub repository holds a model or a dataset: the two live under different URLs and cache folders.</summary>
public enum RepoType
{
    Model,
    Dataset,
}

/// <summary>
/// One file of a Hugging Face hub repository at a revision, e.g. <c>onnx/model.onnx</c> of the model
/// <c>sentence-transformers/all-mpnet-base-v2</c> at <c>main</c>.
/// </summary>
public sealed partial record HubFile
{
    public HubFile(RepoType repoType, string repoId, string pathInRepo, string revision = "main")
    {
        // The parts become URL and cache path segments, so anything that could climb out of them is refused here.
        if (!RepoIdPattern().IsMatch(repoId) || repoId.Contains(".."))
            throw new ArgumentException($"'{repoId}' is not a hub repo id: write it as owner/name, e.g. sentence-transformers/all-mpnet-base-v2.", nameof(repoId));
        if (!IsRelativePath(pathInRepo))
            throw new ArgumentException($"'{pathInRepo}' is not a path inside a repo: write it relative, with '/' between folders, e.g. onnx/model.onnx.", nameof(pathInRepo));
        if (!IsRelativePath(revision))
            throw new ArgumentException($"'{revision}' is not a revision: use a branch, a tag or a commit hash, e.g. main.", nameof(revision));
        RepoType = repoType;
        RepoId = repoId;
        PathInRepo = pathInRepo;
        Revision = revision;
    }

    public RepoType RepoType { get; }

    /// <summary>owner/name, e.g. <c>cornell-movie-review-data/rotten_tomatoes</c>.</summary>
    public string RepoId { get; }

    /// <summary>The file's path inside the repo with '/' separators, e.g. <c>onnx/model.onnx</c>.</summary>
    public string PathInRepo { get; }

    /// <summary>A branch, tag or commit hash; branches may contain '/' (<c>refs/convert/parquet</c>).</summary>
    public string Revision { get; }

    /// <summary>How error messages name the file: what, in which repo, at which revision.</summary>
    public override string ToString() =>
        $"'{PathInRepo}' of {(RepoType == RepoType.Dataset ? "dataset" : "model")} '{RepoId}' at revision '{Revision}'";

    /// <summary>Whether <paramref name="text"/> is a full commit hash, which names one snapshot for ever.</summary>
    internal static bool LooksLikeCommitHash(string text) => CommitHashPattern().IsMatch(text);

    private static bool IsRelativePath(string path) =>
        path.Length > 0 && path.Split('/').All(part => part is not ("" or "." or "..") && !part.Contains('\\'));

    [GeneratedRegex("^[A-Za-z0-9_.-]+(/[A-Za-z0-9_.-]+)?$")]
    private static partial Regex RepoIdPattern();

    [GeneratedRegex("^[0-9a-f]{40}$")]
    private static partial Regex CommitHashPattern();
}
