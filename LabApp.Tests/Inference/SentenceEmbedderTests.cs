using System.Numerics.Tensors;
using LabApp.Core.Inference;

namespace LabApp.Tests.Inference;

public sealed class SentenceEmbedderTests
{
    private static readonly System.Text.Json.JsonElement Reference = Fixtures.Load("minilm-embeddings.json");

    private static string[] Sentences => Reference.GetProperty("sentences").EnumerateArray().Select(e => e.GetString()!).ToArray();

    [Fact]
    public async Task Embeddings_match_an_independent_numpy_run_of_the_model()
    {
        var embeddings = await SharedModel.Embedder.EmbedAsync(Sentences);
        var expected = Reference.GetProperty("embeddings").EnumerateArray().ToArray();
        Assert.Equal(expected.Length, embeddings.Count);
        Assert.Equal(384, embeddings.Dimension);
        for (var i = 0; i < expected.Length; i++)
        {
            var row = expected[i].EnumerateArray().Select(e => e.GetSingle()).ToArray();
            var maxDifference = row.Select((v, d) => Math.Abs(v - embeddings.Row(i)[d])).Max();
            Assert.True(maxDifference < 1e-5, $"sentence {i}: max |difference| {maxDifference}");
        }
    }

    [Theory]
    [InlineData(0, 1, 0.6660)]
    [InlineData(0, 2, 0.1046)]
    [InlineData(1, 2, 0.1411)]
    public async Task Cosine_similarities_match_the_sentence_transformers_readme(int a, int b, double expected)
    {
        var embeddings = await SharedModel.Embedder.EmbedAsync(Sentences);
        var cosine = TensorPrimitives.CosineSimilarity(embeddings.Row(a), embeddings.Row(b));
        Assert.Equal(expected, cosine, 1e-4);
        Assert.Equal(Reference.GetProperty("cosine")[a][b].GetDouble(), cosine, 1e-5);
    }

    [Fact]
    public async Task Rows_come_back_in_the_callers_order_whatever_the_batching()
    {
        var texts = SharedData.Load("test").Texts.Take(70).ToArray();
        var batched = await SharedModel.Embedder.EmbedAsync(texts, batchSize: 8);
        var one = await SharedModel.Embedder.EmbedAsync([texts[37]]);
        var maxDifference = TensorPrimitives.MaxMagnitude(Difference(batched.Row(37), one.Row(0)));
        Assert.True(maxDifference < 1e-5, $"max |difference| {maxDifference}");
        Assert.Equal(1.0f, TensorPrimitives.Norm(batched.Row(5)), 1e-5f);
    }

    [Fact]
    public async Task Progress_counts_every_text_once()
    {
        var reports = new List<int>();
        var texts = SharedData.Load("validation").Texts.Take(50).ToArray();
        await SharedModel.Embedder.EmbedAsync(texts, new SyncProgress(reports.Add), batchSize: 16);
        Assert.Equal([16, 32, 48, 50], reports);
    }

    [Fact]
    public async Task The_test_split_embeds_to_the_numbers_the_lab_computed_before_its_runs_were_scheduled()
    {
        var regression = Fixtures.Load("minilm-test-split-rows.json");
        var embeddings = await SharedModel.Embedder.EmbedAsync(SharedData.Load("test").Texts);
        var rows = regression.GetProperty("rows").EnumerateArray().Select(e => e.GetInt32()).ToArray();
        var expected = regression.GetProperty("embeddings").EnumerateArray().ToArray();
        Assert.Equal(26, rows.Length);
        for (var i = 0; i < rows.Length; i++)
        {
            var row = expected[i].EnumerateArray().Select(e => e.GetSingle()).ToArray();
            var maxDifference = TensorPrimitives.MaxMagnitude(Difference(row, embeddings.Row(rows[i])));
            Assert.True(maxDifference < 1e-5, $"test review {rows[i]}: max |difference| {maxDifference}");
        }
    }

    [Fact]
    public void A_missing_model_file_names_its_path()
    {
        var path = Path.Combine(Path.GetTempPath(), "no-such-model", "model.onnx");
        var e = Assert.Throws<FileNotFoundException>(() => new SentenceEmbedder(path, SharedModel.Tokenizer, 256, InferenceDevice.Current, SharedModel.Scheduler));
        Assert.Contains(path, e.Message);
    }

    private static float[] Difference(ReadOnlySpan<float> a, ReadOnlySpan<float> b)
    {
        var result = new float[a.Length];
        TensorPrimitives.Subtract(a, b, result);
        return result;
    }

    private sealed class SyncProgress(Action<int> report) : IProgress<int>
    {
        public void Report(int value) => report(value);
    }
}
