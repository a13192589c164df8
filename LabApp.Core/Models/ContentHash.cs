using System.Collections.Concurrent;
using System.Security.Cryptography;

namespace LabApp.Core.Models;

/// <summary>
/// The SHA-256 of a model file, read once per process per file: model.onnx is about 90 MB, and both the embedded
/// model's check and the embedding cache's key need it. A file rewritten since (another length or write time) is hashed again.
/// </summary>
public static class ContentHash
{
    // Keyed by the model files' full paths: a handful per models folder, so the dictionary stays small.
    private static readonly ConcurrentDictionary<string, (long Length, DateTime Written, string Hash)> Known = new();

    /// <summary>The lower-case hexadecimal SHA-256 of the file at <paramref name="path"/>, or of the file a link there points to.</summary>
    public static string Of(string path)
    {
        var file = Resolve(new FileInfo(Path.GetFullPath(path)));
        if (Known.TryGetValue(file.FullName, out var known) && known.Length == file.Length && known.Written == file.LastWriteTimeUtc)
            return known.Hash;

        string hash;
        using (var stream = file.OpenRead())
            hash = Of(stream);
        Known[file.FullName] = (file.Length, file.LastWriteTimeUtc, hash);
        return hash;
    }

    public static string Of(Stream stream) => Convert.ToHexStringLower(SHA256.HashData(stream));

    // A models folder shared from another disk may hold links: the target's bytes and time are what count.
    private static FileInfo Resolve(FileInfo file) =>
        file.LinkTarget is null ? file : (FileInfo?)file.ResolveLinkTarget(returnFinalTarget: true) ?? file;
}
