using LabApp.Core;
using LabApp.Core.Experiments;
using LabApp.Core.Hub;
using LabApp.Core.Inference;
using LabApp.Core.Models;
using LabApp.Core.Runners;
using Microsoft.Extensions.DependencyInjection;

namespace LabApp.Tests;

/// <summary>
/// The real all-MiniLM-L6-v2, extracted once into the tests' model cache (TestModelsFolder) and loaded once for the whole run,
/// and the lab's services over the real data: loading the model and embedding the splits are the expensive parts.
/// </summary>
public static class SharedModel
{
    private static readonly Lazy<ServiceProvider> LazyServices = new(() =>
        new ServiceCollection().AddLabCore(SharedData.Settings).BuildServiceProvider());

    private static readonly Lazy<string> LazyFolder = new(() =>
        new ModelStore(SharedData.Settings.ModelsDir).EnsureEmbeddedExtracted(ModelCatalog.MiniLm));

    private static readonly Lazy<SentenceEmbedder> LazyEmbedder = new(() => new SentenceEmbedder(
        Path.Combine(Folder, "model.onnx"), SentenceTokenizer.Bert(Path.Combine(Folder, "vocab.txt")), 256, InferenceDevice.Current, Scheduler));

    public static IServiceProvider Services => LazyServices.Value;

    /// <summary>The lab's one queue of model runs, as the services use it.</summary>
    public static InferenceScheduler Scheduler => Services.GetRequiredService<InferenceScheduler>();

    public static ClassificationLab Lab => Services.GetRequiredService<ClassificationLab>();

    public static string Folder => LazyFolder.Value;

    /// <summary>The model without the disk cache: tests of the embedder itself must run the network.</summary>
    public static SentenceEmbedder Embedder => LazyEmbedder.Value;

    public static SentenceTokenizer Tokenizer { get; } = SentenceTokenizer.Bert(Path.Combine(Folder, "vocab.txt"));
}
