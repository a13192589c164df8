using System.Text.Json;
using LabApp.Tests.Hub;
using LabApp.Tests.Inference;
using LabApp.Tests.Llm;

namespace LabApp.Tests.Headless;

/// <summary>
/// <c>run task-specific|generative|llm</c> end to end: the tiny stand-in models laid out in a models folder exactly as a
/// download leaves them, and a local OpenAI-compatible server for the LLM.
/// </summary>
public sealed class OtherClassifiersCommandTests
{
    private static readonly string DataDir = RepositoryPaths.SharedData;

    [Fact]
    public async Task Task_specific_runs_the_sentiment_model_found_in_the_models_folder()
    {
        using var models = ModelsFolderWith("cardiffnlp/twitter-roberta-base-sentiment-latest", TinyModelFolder.Sentiment());
        var (code, output, _) = await HeadlessRunnerTests.Run("run", "task-specific", "--test-size", "40", "--json", "--data-dir", DataDir, "--models-dir", models.Path);

        Assert.Equal(0, code);
        var result = JsonDocument.Parse(output).RootElement;
        var predictions = result.GetProperty("predictions").EnumerateArray().ToArray();
        Assert.Equal(40, predictions.Length);
        Assert.Equal(426, predictions[0].GetProperty("index").GetInt32());
        var scores = predictions[0].GetProperty("scores").EnumerateArray().Select(s => s.GetDouble()).ToArray();
        Assert.Equal(3, scores.Length);
        Assert.Equal(1.0, scores.Sum(), 1e-5);
        Assert.Equal(scores[2] > scores[0] ? 1 : 0, predictions[0].GetProperty("predicted").GetInt32());
        // Its confidence and calibration set neutral aside, as its decision does: negative and positive renormalised.
        Assert.Equal("predicted_probability", result.GetProperty("confidence").GetString());
        var positive = predictions.Select(p => p.GetProperty("scores").EnumerateArray().Select(s => s.GetDouble()).ToArray()).Select(s => s[2] / (s[0] + s[2])).ToArray();
        var truth = predictions.Select(p => p.GetProperty("true").GetInt32()).ToArray();
        Assert.Equal(positive.Zip(truth).Average(pair => (pair.Second - pair.First) * (pair.Second - pair.First)), result.GetProperty("calibration").GetProperty("brier").GetDouble(), 1e-12);
        Assert.Equal(40, result.GetProperty("calibration").GetProperty("bins").EnumerateArray().Sum(b => b.GetProperty("count").GetInt32()));
        Assert.Equal(40, result.GetProperty("selective").GetProperty("curve").GetArrayLength());
    }

    [Fact]
    public async Task Generative_lists_answers_that_are_neither_positive_nor_negative()
    {
        using var models = ModelsFolderWith("google/flan-t5-small", TinyModelFolder.FlanT5());
        var (code, output, error) = await HeadlessRunnerTests.Run("run", "generative", "--test-size", "30", "--json", "--data-dir", DataDir, "--models-dir", models.Path);

        Assert.Equal(0, code);
        var result = JsonDocument.Parse(output).RootElement;
        Assert.Equal(30, result.GetProperty("predictions").GetArrayLength());
        var unparsed = result.GetProperty("unparsed").EnumerateArray().ToArray();
        // The stand-in decoder answers "neutral" for reviews that mention drama: the book maps those to positive.
        Assert.All(unparsed, u => Assert.Equal("neutral", u.GetProperty("answer").GetString()));
        Assert.Equal(unparsed.Length, error.Split('\n').Count(l => l.StartsWith("unparsed answer")));
        // An answer in words has no confidence to abstain by, nor probabilities to calibrate.
        Assert.Equal("none", result.GetProperty("confidence").GetString());
        Assert.False(result.TryGetProperty("selective", out _));
        Assert.False(result.TryGetProperty("calibration", out _));
    }

    [Fact]
    public async Task A_model_that_is_missing_and_cannot_be_downloaded_says_where_to_put_it()
    {
        var empty = TestFolders.Create("no-models");
        var (code, output, error) = await HeadlessRunnerTests.Run("run", "task-specific", "--test-size", "5", "--data-dir", DataDir, "--models-dir", empty, "--hub-endpoint", "http://127.0.0.1:9");

        Assert.Equal(1, code);
        Assert.Equal("", output);
        var line = Assert.Single(error.Split('\n', StringSplitOptions.RemoveEmptyEntries));
        Assert.Contains("cannot be reached", line);
        Assert.Contains(Path.Combine(empty, "cardiffnlp", "twitter-roberta-base-sentiment-latest"), line);
    }

    [Fact]
    public async Task A_missing_model_is_downloaded_from_the_hub_with_progress_then_used()
    {
        await using var hub = LocalHub.Start();
        hub.AddLfsFile("/Xenova/twitter-roberta-base-sentiment-latest/resolve/main/onnx/model.onnx", File.ReadAllBytes(RepositoryPaths.Fixture("tiny-roberta-sentiment.onnx")));
        hub.AddLfsFile("/cardiffnlp/twitter-roberta-base-sentiment-latest/resolve/main/vocab.json", File.ReadAllBytes(RepositoryPaths.Fixture("tiny-roberta-vocab.json")));
        hub.AddLfsFile("/cardiffnlp/twitter-roberta-base-sentiment-latest/resolve/main/merges.txt", File.ReadAllBytes(RepositoryPaths.Fixture("tiny-roberta-merges.txt")));
        hub.AddLfsFile("/cardiffnlp/twitter-roberta-base-sentiment-latest/resolve/main/config.json", """{"id2label": {"0": "negative", "1": "neutral", "2": "positive"}}"""u8.ToArray());
        var models = TestFolders.Create("download-models");

        var (code, output, error) = await HeadlessRunnerTests.Run(
            "run", "task-specific", "--test-size", "10", "--data-dir", DataDir, "--models-dir", models, "--hub-endpoint", hub.Endpoint.AbsoluteUri);

        Assert.Equal(0, code);
        Assert.Contains("accuracy", output);
        Assert.Contains("downloading onnx/model.onnx: ", error);
        var folder = Path.Combine(models, "cardiffnlp", "twitter-roberta-base-sentiment-latest");
        Assert.Equal(File.ReadAllBytes(RepositoryPaths.Fixture("tiny-roberta-sentiment.onnx")), File.ReadAllBytes(Path.Combine(folder, "model.onnx")));
        Assert.Empty(Directory.GetFiles(folder, "*.incomplete"));
    }

    [Fact]
    public async Task Llm_estimates_first_and_runs_only_when_confirmed()
    {
        await using var server = await FakeChatServer.StartAsync(FakeChatServer.ByReview);
        var models = TestFolders.Create("llm");
        string[] common = ["run", "llm", "--test-size", "12", "--base-url", server.BaseUrl, "--api-key", "sk-local-test-key", "--data-dir", DataDir, "--models-dir", models];

        var (refused, refusedOutput, refusedError) = await HeadlessRunnerTests.Run(common);
        Assert.Equal(1, refused);
        Assert.Equal("", refusedOutput);
        Assert.Contains("12 requests", refusedError);
        Assert.Contains("add --yes", refusedError);
        Assert.Equal(0, server.RequestCount);

        var (code, output, error) = await HeadlessRunnerTests.Run([.. common, "--yes", "--json"]);
        Assert.Equal(0, code);
        Assert.Equal(12, server.RequestCount);
        Assert.Equal(12, JsonDocument.Parse(output).RootElement.GetProperty("predictions").GetArrayLength());
        Assert.DoesNotContain("sk-local-test-key", output + error);

        var (again, _, againError) = await HeadlessRunnerTests.Run([.. common, "--yes"]);
        Assert.Equal(0, again);
        Assert.Equal(12, server.RequestCount);
        Assert.Contains("12 answered from the cache, 0 requests", againError);
    }

    private static ModelsFolder ModelsFolderWith(string modelId, TinyModelFolder model)
    {
        var root = TestFolders.Create("models");
        var target = Path.Combine(root, modelId.Replace('/', Path.DirectorySeparatorChar));
        Directory.CreateDirectory(Path.GetDirectoryName(target)!);
        Directory.Move(model.Path, target);
        return new ModelsFolder(root);
    }

    private sealed record ModelsFolder(string Path) : IDisposable
    {
        public void Dispose() => Directory.Delete(Path, recursive: true);
    }
}
