using System.Text.Json;
using LabApp.Core.Inference;
using LabApp.Core.Models;

namespace LabApp.Tests.Inference;

/// <summary>
/// The generative classifier's real encoder/decoder loop, run in ONNX Runtime on a tiny T5-shaped pair: the tiny
/// decoder answers "negative" when the input holds "nothing", "neutral" when it holds "drama", "positive" otherwise,
/// and only if the loop starts from &lt;pad&gt;, feeds its own argmax back and passes the right encoder mask
/// (tools/reference/make_tiny_t5_fixtures.py).
/// </summary>
public sealed class GenerativeClassifierTests
{
    private static readonly InferenceDevice Cpu = new("CPU", "tests");

    private static readonly string[] Reviews =
    [
        "a gorgeous , witty , seductive movie .",
        "there is nothing here",
        "an engrossing drama that never lets up , and nothing less",
        "funny",
        "nothing",
        "the acting , costumes , music , cinematography and sound are all astounding given the production's austere locales .",
        "a family drama",
    ];

    private static readonly string[] Expected = ["positive", "negative", "neutral", "positive", "negative", "positive", "neutral"];

    [Fact]
    public void The_fixture_scripts_are_the_three_answers()
    {
        using var expected = JsonDocument.Parse(File.ReadAllText(RepositoryPaths.Fixture("tiny-t5-expected.json")));
        var scripts = expected.RootElement.GetProperty("scripts").EnumerateArray().Select(s => s.GetProperty("text").GetString()!).ToArray();

        Assert.Equal(["positive", "negative", "neutral"], scripts);
    }

    [Theory]
    [InlineData(1)]
    [InlineData(3)]
    [InlineData(16)]
    public async Task Greedy_decoding_writes_each_reviews_answer_in_the_callers_order(int batchSize)
    {
        using var folder = TinyModelFolder.FlanT5();
        using var classifier = GenerativeClassifier.Open(folder.Path, Cpu, SharedModel.Scheduler);

        var answers = await classifier.ClassifyAsync(Reviews, batchSize: batchSize);

        Assert.Equal(Expected, answers.Select(a => a.Text));
    }

    [Fact]
    public async Task The_prompt_is_put_before_each_review()
    {
        using var folder = TinyModelFolder.FlanT5();
        using var classifier = GenerativeClassifier.Open(folder.Path, Cpu, SharedModel.Scheduler);

        var answers = await classifier.ClassifyAsync(["a gorgeous movie", "funny"], prompt: "Is this drama positive or negative? ");

        Assert.All(answers, a => Assert.Equal("neutral", a.Text));
    }

    [Fact]
    public async Task Decoding_stops_at_the_new_token_cap()
    {
        using var folder = TinyModelFolder.FlanT5();
        using var classifier = GenerativeClassifier.Open(folder.Path, Cpu, SharedModel.Scheduler);

        // "positive" is the pieces "▁" "po" "s" "i" "tive" then </s>: two tokens make "po".
        var answers = await classifier.ClassifyAsync(["funny", "nothing"], maxNewTokens: 2);

        Assert.Equal(["po", "ne"], answers.Select(a => a.Text));
    }

    [Fact]
    public async Task Progress_counts_reviews_after_each_batch()
    {
        var reported = new List<int>();
        using var folder = TinyModelFolder.FlanT5();
        using var classifier = GenerativeClassifier.Open(folder.Path, Cpu, SharedModel.Scheduler);

        await classifier.ClassifyAsync(Reviews, progress: new SynchronousProgress(reported), batchSize: 3);

        Assert.Equal([3, 6, 7], reported);
    }

    [Theory]
    [InlineData("negative", 0, 0)]
    [InlineData("positive", 1, 1)]
    [InlineData(" Negative ", 1, 0)]
    [InlineData("POSITIVE", 1, 1)]
    [InlineData("neutral", 1, null)]
    [InlineData("negative.", 1, null)]
    [InlineData("", 1, null)]
    public void The_books_mapping_calls_everything_but_negative_positive_the_strict_one_leaves_it_unparsed(string text, int book, int? strict)
    {
        var answer = new GeneratedAnswer(text);

        Assert.Equal(book, answer.BookLabel);
        Assert.Equal(strict, answer.StrictLabel);
        Assert.Equal(strict is null, answer.IsUnparsed);
    }

    [Fact]
    public async Task Unparsed_answers_are_counted()
    {
        using var folder = TinyModelFolder.FlanT5();
        using var classifier = GenerativeClassifier.Open(folder.Path, Cpu, SharedModel.Scheduler);

        var answers = await classifier.ClassifyAsync(Reviews);

        Assert.Equal(2, GeneratedAnswer.CountUnparsed(answers));
        Assert.Equal([1, 0, 1, 1, 0, 1, 1], answers.Select(a => a.BookLabel));
        Assert.Equal([1, 0, null, 1, 0, 1, null], answers.Select(a => a.StrictLabel));
    }

    [Fact]
    public void A_missing_model_folder_names_the_model_the_files_and_the_folder()
    {
        var folder = Path.Combine(Path.GetTempPath(), "labapp-tests", "no-such-flan-t5");

        var error = Assert.Throws<FileNotFoundException>(() => GenerativeClassifier.Open(folder, Cpu, SharedModel.Scheduler));

        Assert.Equal(
            $"The model {ModelCatalog.FlanT5SmallId} is not on this machine: the folder {folder} does not exist. " +
            "Download onnx/encoder_model.onnx (saved as encoder_model.onnx), onnx/decoder_model.onnx (saved as decoder_model.onnx) and spiece.model " +
            "from https://huggingface.co/Xenova/flan-t5-small into it.",
            error.Message);
    }

    [Fact]
    public void A_decoder_that_is_not_the_one_without_past_is_refused_naming_the_right_file()
    {
        using var folder = TinyModelFolder.FlanT5();
        folder.Copy("tiny-roberta-sentiment.onnx", "decoder_model.onnx");

        var error = Assert.Throws<InvalidDataException>(() => GenerativeClassifier.Open(folder.Path, Cpu, SharedModel.Scheduler));

        Assert.Contains("onnx/decoder_model.onnx (not decoder_with_past_model.onnx or decoder_model_merged.onnx)", error.Message);
    }

    [Fact]
    public async Task A_cap_below_one_token_is_refused()
    {
        using var folder = TinyModelFolder.FlanT5();
        using var classifier = GenerativeClassifier.Open(folder.Path, Cpu, SharedModel.Scheduler);

        var error = await Assert.ThrowsAsync<ArgumentOutOfRangeException>(() => classifier.ClassifyAsync(["a"], maxNewTokens: 0));

        Assert.Contains("at least 1 new token", error.Message);
    }
}
