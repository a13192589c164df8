using System.Text.Json;
using LabApp.Core.Inference;
using LabApp.Core.Models;

namespace LabApp.Tests.Inference;

/// <summary>The sentiment model's real loading, batching and softmax code, run in ONNX Runtime on a tiny RoBERTa-shaped graph.</summary>
public sealed class SentimentModelTests
{
    private const float Tolerance = 1e-5f;
    private static readonly InferenceDevice Cpu = new("CPU", "tests");

    private static (string[] Texts, float[][] Scores) Reference()
    {
        using var expected = JsonDocument.Parse(File.ReadAllText(RepositoryPaths.Fixture("tiny-roberta-expected.json")));
        var cases = expected.RootElement.GetProperty("cases").EnumerateArray().ToArray();
        return (cases.Select(c => c.GetProperty("text").GetString()!).ToArray(),
                cases.Select(c => c.GetProperty("scores").EnumerateArray().Select(e => e.GetSingle()).ToArray()).ToArray());
    }

    [Fact]
    public async Task Scores_every_review_of_padded_length_sorted_batches_as_the_reference_does_alone()
    {
        var (texts, expected) = Reference();
        using var folder = TinyModelFolder.Sentiment();
        using var model = SentimentModel.Open(folder.Path, Cpu, SharedModel.Scheduler);

        var scores = await model.ScoreAsync(texts, batchSize: 3);

        Assert.Equal(texts.Length, scores.Count);
        for (var i = 0; i < texts.Length; i++)
        {
            Assert.Equal(expected[i][0], scores[i].Negative, Tolerance);
            Assert.Equal(expected[i][1], scores[i].Neutral, Tolerance);
            Assert.Equal(expected[i][2], scores[i].Positive, Tolerance);
        }
    }

    [Fact]
    public async Task Keeps_the_callers_order_whatever_the_batch_size()
    {
        var (texts, _) = Reference();
        var reversed = texts.Reverse().ToArray();
        using var folder = TinyModelFolder.Sentiment();
        using var model = SentimentModel.Open(folder.Path, Cpu, SharedModel.Scheduler);

        var one = await model.ScoreAsync(texts, batchSize: 1);
        var all = await model.ScoreAsync(reversed, batchSize: 64);

        for (var i = 0; i < texts.Length; i++)
        {
            var other = all[texts.Length - 1 - i];
            Assert.Equal(one[i].Negative, other.Negative, Tolerance);
            Assert.Equal(one[i].Neutral, other.Neutral, Tolerance);
            Assert.Equal(one[i].Positive, other.Positive, Tolerance);
        }
    }

    [Fact]
    public async Task Scores_of_a_review_sum_to_one_and_progress_counts_reviews()
    {
        var (texts, _) = Reference();
        var reported = new List<int>();
        using var folder = TinyModelFolder.Sentiment();
        using var model = SentimentModel.Open(folder.Path, Cpu, SharedModel.Scheduler);

        var scores = await model.ScoreAsync(texts, new SynchronousProgress(reported), batchSize: 5);

        Assert.All(scores, s => Assert.Equal(1f, s.Negative + s.Neutral + s.Positive, Tolerance));
        Assert.Equal([5, 10, texts.Length], reported);
    }

    [Fact]
    public async Task Reads_the_label_order_from_config_json()
    {
        var (texts, expected) = Reference();
        using var folder = TinyModelFolder.Sentiment();
        folder.Write("config.json", """{"id2label": {"0": "Positive", "1": "neutral", "2": "negative"}}""");
        using var model = SentimentModel.Open(folder.Path, Cpu, SharedModel.Scheduler);

        var scores = await model.ScoreAsync(texts[..2]);

        Assert.Equal(expected[0][0], scores[0].Positive, Tolerance);
        Assert.Equal(expected[0][2], scores[0].Negative, Tolerance);
    }

    [Fact]
    public async Task Without_config_json_assumes_negative_neutral_positive()
    {
        var (texts, expected) = Reference();
        using var folder = TinyModelFolder.Sentiment(withConfig: false);
        using var model = SentimentModel.Open(folder.Path, Cpu, SharedModel.Scheduler);

        var scores = await model.ScoreAsync(texts[..1]);

        Assert.Equal(expected[0][0], scores[0].Negative, Tolerance);
    }

    [Fact]
    public void A_config_without_the_three_sentiments_is_refused_naming_its_labels()
    {
        using var folder = TinyModelFolder.Sentiment();
        folder.Write("config.json", """{"id2label": {"0": "LABEL_0", "1": "LABEL_1", "2": "LABEL_2"}}""");

        var error = Assert.Throws<InvalidDataException>(() => SentimentModel.Open(folder.Path, Cpu, SharedModel.Scheduler));

        Assert.Contains("0: label_0", error.Message);
        Assert.Contains("negative, neutral and positive", error.Message);
        Assert.Contains(folder.PathOf("config.json"), error.Message);
    }

    [Fact]
    public async Task The_binary_decision_ignores_neutral_even_when_it_is_the_largest_score()
    {
        var (texts, expected) = Reference();
        using var folder = TinyModelFolder.Sentiment();
        using var model = SentimentModel.Open(folder.Path, Cpu, SharedModel.Scheduler);

        // "the movie is neither good nor bad …": the tiny model scores it mostly neutral, a little more negative than positive.
        var scores = (await model.ScoreAsync([texts[2]]))[0];

        Assert.True(expected[2][1] > 0.5f && expected[2][0] > expected[2][2]);
        Assert.True(scores.Neutral > scores.Negative && scores.Neutral > scores.Positive);
        Assert.Equal(0, scores.BinaryLabel);
    }

    [Theory]
    [InlineData(0.1f, 0.6f, 0.3f, 1)]
    [InlineData(0.3f, 0.6f, 0.1f, 0)]
    [InlineData(0.05f, 0.05f, 0.9f, 1)]
    [InlineData(0.9f, 0.05f, 0.05f, 0)]
    [InlineData(0.2f, 0.6f, 0.2f, 0)]
    public void The_binary_decision_is_argmax_over_negative_and_positive(float negative, float neutral, float positive, int expected)
    {
        Assert.Equal(expected, new SentimentScores(negative, neutral, positive).BinaryLabel);
    }

    [Fact]
    public void Softmax_rows_sum_to_one_even_for_large_logits()
    {
        float[] probabilities = new float[3];

        SentimentModel.Softmax([1000f, 999f, -5f], probabilities);

        Assert.Equal(1f, probabilities.Sum(), Tolerance);
        Assert.Equal(1f / (1f + MathF.Exp(-1f)), probabilities[0], Tolerance);
    }

    [Fact]
    public void A_missing_model_folder_names_the_model_the_files_and_the_folder()
    {
        var folder = Path.Combine(Path.GetTempPath(), "labapp-tests", "no-such-model");

        var error = Assert.Throws<FileNotFoundException>(() => SentimentModel.Open(folder, Cpu, SharedModel.Scheduler));

        Assert.Contains(ModelCatalog.TwitterRobertaId, error.Message);
        Assert.Contains(folder, error.Message);
        Assert.Contains(
            "Download onnx/model.onnx (saved as model.onnx) from https://huggingface.co/Xenova/twitter-roberta-base-sentiment-latest "
            + "and vocab.json and merges.txt from https://huggingface.co/cardiffnlp/twitter-roberta-base-sentiment-latest into it.",
            error.Message);
    }

    [Fact]
    public void A_missing_file_is_named_alone()
    {
        using var folder = TinyModelFolder.Sentiment();
        folder.Delete("merges.txt");

        var error = Assert.Throws<FileNotFoundException>(() => SentimentModel.Open(folder.Path, Cpu, SharedModel.Scheduler));

        Assert.Equal($"The model {ModelCatalog.TwitterRobertaId} is missing merges.txt in {folder.Path}. Download merges.txt from https://huggingface.co/cardiffnlp/twitter-roberta-base-sentiment-latest into that folder.", error.Message);
    }

    [Fact]
    public async Task A_batch_size_below_one_is_refused()
    {
        using var folder = TinyModelFolder.Sentiment();
        using var model = SentimentModel.Open(folder.Path, Cpu, SharedModel.Scheduler);

        var error = await Assert.ThrowsAsync<ArgumentOutOfRangeException>(() => model.ScoreAsync(["a"], batchSize: 0));

        Assert.Contains("at least 1 review", error.Message);
    }
}
