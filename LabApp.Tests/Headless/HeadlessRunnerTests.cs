using System.Text.Json;
using LabApp.Headless;

namespace LabApp.Tests.Headless;

public sealed class HeadlessRunnerTests
{
    private static readonly string DataDir = RepositoryPaths.SharedData;

    internal static Task<(int Code, string Output, string Error)> Run(params string[] args) => RunWithInput("", args);

    internal static async Task<(int Code, string Output, string Error)> RunWithInput(string input, params string[] args)
    {
        var output = new StringWriter();
        var error = new StringWriter();
        var code = await HeadlessRunner.RunAsync(args, new StringReader(input), output, error);
        return (code, output.ToString(), error.ToString());
    }

    [Fact]
    public async Task Sample_prints_the_books_seeded_rows_as_json()
    {
        var (code, output, _) = await Run("sample", "--split", "test", "--seed", "42", "--take", "3", "--json", "--data-dir", DataDir);
        Assert.Equal(0, code);
        var rows = JsonDocument.Parse(output).RootElement.EnumerateArray().ToArray();
        Assert.Equal([426, 877, 480], rows.Select(r => r.GetProperty("index").GetInt32()));
        Assert.Equal([1, 0, 1], rows.Select(r => r.GetProperty("label").GetInt32()));
        Assert.Equal("unpretentious , charming , quirky , original", rows[0].GetProperty("text").GetString());
    }

    [Fact]
    public async Task Info_gives_the_splits_every_model_with_its_status_and_the_provider()
    {
        var empty = TestFolders.Create("info-models");
        var (code, output, _) = await Run("info", "--data-dir", DataDir, "--models-dir", empty, "--hub-endpoint", "http://127.0.0.1:9");

        Assert.Equal(0, code);
        Assert.Contains("train      8530 reviews (4265 positive, 4265 negative)", output);
        Assert.Contains("test       1066 reviews (533 positive, 533 negative)", output);
        Assert.Matches(@"sentence-transformers/all-MiniLM-L6-v2 +embedded ", output);
        Assert.Matches(@"sentence-transformers/all-mpnet-base-v2 +missing ", output);
        Assert.Matches(@"cardiffnlp/twitter-roberta-base-sentiment-latest +missing ", output);
        Assert.Matches(@"google/flan-t5-small +missing ", output);
        Assert.Matches(@"openai-compatible-chat +remoteapi ", output);
        Assert.Contains($"{Path.Combine(empty, "google", "flan-t5-small", "spiece.model")}", output);
        Assert.Matches(@"execution provider: (CPU|CUDA) \(.+\)", output);
    }

    [Theory]
    [InlineData(true, "info")]
    [InlineData(true, "--data-dir", "../shared/data", "run", "centroid")]
    [InlineData(true, "--help")]
    [InlineData(false)]
    [InlineData(false, "--data-dir", "../shared/data")]
    [InlineData(false, "--data-dir", "info")]
    [InlineData(false, "--urls", "http://127.0.0.1:5000")]
    public void A_command_anywhere_after_the_global_options_runs_headless_else_the_web_app_starts(bool headless, params string[] args)
    {
        Assert.Equal(headless, HeadlessRunner.Handles(args));
    }

    [Fact]
    public async Task Sample_as_text_has_one_line_per_review()
    {
        var (code, output, _) = await Run("sample", "--split", "train", "--take", "2", "--data-dir", DataDir);
        Assert.Equal(0, code);
        var lines = output.Split('\n', StringSplitOptions.RemoveEmptyEntries);
        Assert.Equal(2, lines.Length);
        Assert.StartsWith(" 6141  ", lines[0]);
    }

    [Theory]
    [InlineData("Unknown split 'dev': use train, validation or test.", "sample", "--split", "dev", "--take", "3")]
    [InlineData("--take must be at least 1, got 0.", "sample", "--split", "test", "--take", "0")]
    [InlineData("--take must be at least 1, got -5.", "sample", "--split", "test", "--take", "-5")]
    [InlineData("Unknown embedding model 'bert-large'", "run", "zero-shot", "--model", "bert-large")]
    [InlineData("--test-size must be at least 1, got 0.", "run", "centroid", "--test-size", "0")]
    [InlineData("Unknown method 'lasso': use supervised, centroid, zero-shot, task-specific, generative, llm, custom-labels, limited-data, confidence, failure-analysis, checklist.", "run", "lasso")]
    [InlineData("--take", "sample", "--split", "test")]
    public async Task Bad_arguments_exit_2_with_one_line_that_says_what_to_do(string expected, params string[] args)
    {
        var (code, output, error) = await Run([.. args, "--data-dir", DataDir]);
        Assert.Equal(2, code);
        Assert.Equal("", output);
        var line = Assert.Single(error.Split('\n', StringSplitOptions.RemoveEmptyEntries));
        Assert.Contains(expected, line);
        Assert.Contains("--help", line);
    }

    [Theory]
    [InlineData("cannot be taken: choose a size from 1 to 1066", "sample", "--split", "test", "--take", "1067")]
    [InlineData("cannot be taken: choose a size from 1 to 8530", "run", "centroid", "--train-size", "9000")]
    public async Task Sizes_larger_than_the_split_exit_2_with_the_valid_range(string expected, params string[] args)
    {
        var (code, output, error) = await Run([.. args, "--data-dir", DataDir]);
        Assert.Equal(2, code);
        Assert.Equal("", output);
        Assert.Contains(expected, Assert.Single(error.Split('\n', StringSplitOptions.RemoveEmptyEntries)));
    }

    [Fact]
    public async Task Missing_data_exits_1_naming_the_folder_and_the_fix()
    {
        var empty = TestFolders.Create("no-data");
        var (code, output, error) = await Run("sample", "--split", "test", "--take", "3", "--data-dir", empty);
        Assert.Equal(1, code);
        Assert.Equal("", output);
        var line = Assert.Single(error.Split('\n', StringSplitOptions.RemoveEmptyEntries));
        Assert.Contains(empty, line);
        Assert.Contains("--data-dir", line);
    }

    [Fact]
    public async Task A_malformed_hub_endpoint_exits_2_with_one_line_naming_the_option_not_the_variable()
    {
        var (code, output, error) = await Run("sample", "--split", "test", "--take", "3", "--data-dir", DataDir, "--hub-endpoint", "127.0.0.1:8080");
        Assert.Equal(2, code);
        Assert.Equal("", output);
        var line = Assert.Single(error.Split('\n', StringSplitOptions.RemoveEmptyEntries));
        Assert.StartsWith("error: --hub-endpoint is '127.0.0.1:8080'", line);
        Assert.DoesNotContain("HF_ENDPOINT", line);
    }

    [Fact]
    public async Task Embed_writes_an_npy_file_numpy_can_read()
    {
        var path = Path.Combine(TestFolders.Create("npy"), "test.npy");
        var (code, _, _) = await Run("embed", "--split", "test", "--out", path, "--data-dir", DataDir);
        Assert.Equal(0, code);
        var bytes = File.ReadAllBytes(path);
        Assert.Equal(new byte[] { 0x93, (byte)'N', (byte)'U', (byte)'M', (byte)'P', (byte)'Y', 1, 0 }, bytes[..8]);
        var headerLength = BitConverter.ToUInt16(bytes, 8);
        Assert.Equal(0, (10 + headerLength) % 64);
        var header = System.Text.Encoding.ASCII.GetString(bytes, 10, headerLength);
        Assert.Contains("'descr': '<f4', 'fortran_order': False, 'shape': (1066, 384)", header);
        Assert.Equal(10 + headerLength + 1066 * 384 * 4, bytes.Length);
        Assert.False(File.Exists(path + ".incomplete"));
    }

    [Fact]
    public async Task Zero_shot_with_the_books_labels_reaches_about_two_thirds_accuracy()
    {
        var (code, output, _) = await Run("run", "zero-shot", "--json", "--data-dir", DataDir);
        Assert.Equal(0, code);
        var result = JsonDocument.Parse(output).RootElement;
        Assert.Equal(0.666, result.GetProperty("accuracy").GetDouble(), 0.01);
        var predictions = result.GetProperty("predictions").EnumerateArray().ToArray();
        Assert.Equal(1066, predictions.Length);
        Assert.Equal(Enumerable.Range(0, 1066), predictions.Select(p => p.GetProperty("index").GetInt32()));
        Assert.Equal(2, predictions[0].GetProperty("scores").GetArrayLength());
    }

    [Fact]
    public async Task The_report_is_printed_in_scikit_learns_layout()
    {
        var (code, output, _) = await Run("run", "zero-shot", "--test-size", "300", "--data-dir", DataDir);
        Assert.Equal(0, code);
        var lines = output.Split('\n');
        Assert.Equal("                 precision    recall  f1-score   support", lines[0]);
        Assert.StartsWith("Negative Review       0.", lines[2]);
        Assert.StartsWith("Positive Review       0.", lines[3]);
        Assert.Matches(@"^       accuracy {27}0\.\d\d       300$", lines[5]);
        Assert.StartsWith("      macro avg       0.", lines[6]);
        Assert.StartsWith("   weighted avg       0.", lines[7]);
    }
}
