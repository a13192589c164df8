using LabApp.Core.Models;

namespace LabApp.Services;

/// <summary>The sentence-embedding models a page can run on, by the short names the address and the run log write.</summary>
public static class EmbeddingModels
{
    public static IReadOnlyList<string> Names { get; } = ModelCatalog.Embedders.Select(ModelCatalog.ShortName).ToArray();

    /// <summary>The lab's embedded all-MiniLM-L6-v2.</summary>
    public static string Default { get; } = ModelCatalog.ShortName(ModelCatalog.MiniLm);
}
