using BenchmarkDotNet.Attributes;
using BenchmarkDotNet.Engines;
using LabApp.Core;
using LabApp.Core.Classifiers;
using LabApp.Core.Data;
using LabApp.Core.Hub;
using LabApp.Core.Inference;
using LabApp.Core.Models;
using Microsoft.Extensions.DependencyInjection;

namespace LabApp.Benchmarks;

/// <summary>
/// The two costs a student waits for: embedding the 1066 test reviews with the embedded MiniLM (no disk cache; its
/// tokenization measured on its own too), and fitting the logistic regression on the 8530 training embeddings. Reads the real data from LAB_DATA_DIR
/// (default ../shared/data beside the checkout). The embedder runs through the lab's own scheduler and session options
/// (<see cref="InferenceDevice.CreateSessionOptions"/>), so these are the lab's numbers.
/// </summary>
[SimpleJob(RunStrategy.Monitoring, launchCount: 1, warmupCount: 1, iterationCount: 5)]
[MemoryDiagnoser]
public class LabBenchmarks
{
    private SentenceEmbedder _embedder = default!;
    private SentenceTokenizer _tokenizer = default!;
    private IReadOnlyList<string> _testTexts = default!;
    private EmbeddingMatrix _trainEmbeddings = default!;
    private IReadOnlyList<int> _trainLabels = default!;

    /// <summary>
    /// The threads of one run: 1 is the lab's choice (one run per core side by side), 2 one run on both cores, as the lab
    /// ran before; the scheduler holds as many runs at once as the cores hold.
    /// </summary>
    [Params(1, 2)]
    public int ThreadsPerRun { get; set; }

    [GlobalSetup]
    public void Setup()
    {
        var settings = LabSettings.FromEnvironment(Environment.GetEnvironmentVariable("LAB_DATA_DIR") ?? FindSharedData());
        var hub = new HubClient(new HttpClient(), settings.Hub);
        var dataset = new RottenTomatoes(settings, hub);
        var folder = new ModelStore(settings.ModelsDir).EnsureEmbeddedExtracted(ModelCatalog.MiniLm);
        _tokenizer = SentenceTokenizer.For(ModelCatalog.MiniLm, folder);
        var device = InferenceDevice.Current with { ThreadsPerRun = ThreadsPerRun };
        _embedder = new SentenceEmbedder(Path.Combine(folder, "model.onnx"), _tokenizer, 256, device, InferenceScheduler.For(device));
        _testTexts = dataset.LoadAsync("test").GetAwaiter().GetResult().Texts;

        // The training embeddings come through the lab's own service and its disk cache, so setup stays short after a first run.
        using var services = new ServiceCollection().AddLabCore(settings).BuildServiceProvider();
        _trainEmbeddings = services.GetRequiredService<EmbeddingService>().EmbedSplitAsync(ModelCatalog.MiniLm, "train").GetAwaiter().GetResult();
        _trainLabels = dataset.LoadAsync("train").GetAwaiter().GetResult().Labels;
    }

    /// <summary>Sentences per second = 1066 / the mean time of one operation.</summary>
    [Benchmark(Description = "Embed the 1066 test reviews (MiniLM, batch 32)")]
    public EmbeddingMatrix EmbedTestSplit() => _embedder.EmbedAsync(_testTexts).GetAwaiter().GetResult();

    /// <summary>
    /// The same reviews in the split's own order, 32 at a time: each call is one batch padded to its longest review,
    /// which is what batching without length grouping costs. The calls go at once, so the scheduler runs as many side
    /// by side as for the benchmark above; against it this measures the grouping alone.
    /// </summary>
    [Benchmark(Description = "Embed the 1066 test reviews in split order (batches of 32, no length grouping)")]
    public int EmbedTestSplitInSplitOrder()
    {
        var batches = _testTexts.Chunk(SentenceEmbedder.DefaultBatchSize).Select(batch => _embedder.EmbedAsync(batch));
        return Task.WhenAll(batches).GetAwaiter().GetResult().Sum(m => m.Count);
    }

    /// <summary>The WordPiece part of embedding: Hugging Face's normalization, pre-tokenization and pieces of every test review.</summary>
    [Benchmark(Description = "Tokenize the 1066 test reviews (MiniLM WordPiece, 256 pieces)")]
    public int TokenizeTestSplit()
    {
        var ids = 0;
        foreach (var text in _testTexts)
            ids += _tokenizer.Encode(text, 256).Length;
        return ids;
    }

    [Benchmark(Description = "Fit logistic regression on 8530 x 384 train embeddings")]
    public LogisticRegressionModel FitLogisticRegression() => LogisticRegression.Fit(_trainEmbeddings, _trainLabels);

    [GlobalCleanup]
    public void Cleanup() => _embedder.Dispose();

    private static string FindSharedData()
    {
        for (var dir = new DirectoryInfo(AppContext.BaseDirectory); dir is not null; dir = dir.Parent)
        {
            if (File.Exists(Path.Combine(dir.FullName, "LabApp.sln")))
                return Path.Combine(dir.FullName, "..", "shared", "data");
        }

        throw new InvalidOperationException("Set LAB_DATA_DIR to the folder holding rotten_tomatoes/*.parquet.");
    }
}
