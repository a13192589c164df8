using System.Text.Json;
using LabApp.Core.Experiments;

namespace LabApp.Tests.Headless;

/// <summary>
/// <c>run limited-data</c> and <c>run failure-analysis</c> against an independent computation of the notebook's cells:
/// scikit-learn's LogisticRegression(random_state=42, max_iter=1000) on the same seeded subsets
/// (tools/reference/make_medium_tasks_24_fixture.py), to 3 decimals; counts, indices and labels exactly.
/// </summary>
public sealed class MediumTaskCommandTests
{
    private const double ThreeDecimals = 5e-4;

    private static readonly string DataDir = RepositoryPaths.SharedData;

    private static readonly JsonElement Reference = JsonDocument.Parse(File.ReadAllText(RepositoryPaths.Fixture("medium-tasks-2-4.json"))).RootElement;

    [Fact]
    public async Task Limited_data_with_no_options_is_the_books_table_as_scikit_learn_computes_it()
    {
        var (code, output, _) = await HeadlessRunnerTests.Run("run", "limited-data", "--json", "--data-dir", DataDir);

        Assert.Equal(0, code);
        var result = JsonDocument.Parse(output).RootElement;
        Assert.Equal(["test_size", "seed", "rows"], result.EnumerateObject().Select(p => p.Name));
        Assert.Equal(300, result.GetProperty("test_size").GetInt32());
        Assert.Equal(42, result.GetProperty("seed").GetInt32());
        var rows = result.GetProperty("rows").EnumerateArray().ToArray();
        var expected = Reference.GetProperty("limited_data_rows").EnumerateArray().ToArray();
        Assert.Equal(expected.Select(r => r.GetProperty("train_size").GetInt32()), rows.Select(r => r.GetProperty("train_size").GetInt32()));
        for (var i = 0; i < rows.Length; i++)
        {
            Assert.Equal(["train_size", "task_f1", "task_f1_source", "embedding_f1", "winner"], rows[i].EnumerateObject().Select(p => p.Name));
            Assert.Equal(expected[i].GetProperty("embedding_f1").GetDouble(), rows[i].GetProperty("embedding_f1").GetDouble(), ThreeDecimals);
            // The task-specific model is not on this machine: the book's 300 test reviews compare with its printed 0.7709.
            Assert.Equal("book", rows[i].GetProperty("task_f1_source").GetString());
            Assert.Equal(0.7709, rows[i].GetProperty("task_f1").GetDouble());
            Assert.Equal(rows[i].GetProperty("embedding_f1").GetDouble() > 0.7709 ? "Embed" : "Task", rows[i].GetProperty("winner").GetString());
        }
    }

    [Fact]
    public async Task Limited_data_prints_the_notebooks_cell_per_size_and_fills_its_table()
    {
        var (code, output, _) = await HeadlessRunnerTests.Run("run", "limited-data", "--train-size", "500", "2000", "--data-dir", DataDir);

        Assert.Equal(0, code);
        var rows = Reference.GetProperty("limited_data_rows").EnumerateArray().Where(r => r.GetProperty("train_size").GetInt32() is 500 or 2000).ToArray();
        var lines = output.Split('\n');
        Assert.Equal(["EXPERIMENT: Training Size = 500", "EXPERIMENT: Training Size = 2000"], lines.Where(l => l.StartsWith("EXPERIMENT:")));
        var f1 = lines.Where(l => l.StartsWith("✓ Embedding Classifier F1: ")).Select(l => double.Parse(l[^6..], System.Globalization.CultureInfo.InvariantCulture)).ToArray();
        Assert.Equal(2, f1.Length);
        for (var i = 0; i < 2; i++)
            Assert.Equal(rows[i].GetProperty("embedding_f1").GetDouble(), f1[i], ThreeDecimals);
        Assert.Equal(2, lines.Count(l => l == "1. 'unpretentious , charming , quirky , original...'"));
        var truth = Reference.GetProperty("limited_data").GetProperty("first_five_true").EnumerateArray().Select(t => BookFormat.Sentiment(t.GetInt32()));
        Assert.Equal(truth.Concat(truth), lines.Where(l => l.StartsWith("   True: ")).Select(l => l["   True: ".Length..]));
        var predicted = rows.SelectMany(r => r.GetProperty("first_five_predicted").EnumerateArray().Select(p => BookFormat.Sentiment(p.GetInt32())));
        Assert.Equal(predicted, lines.Where(l => l.StartsWith("   Embedding:     ")).Select(l => l.Split(' ', StringSplitOptions.RemoveEmptyEntries)[1]));
        var table = lines.SkipWhile(l => l != "YOUR EXPERIMENT RESULTS").Skip(2).ToArray();
        Assert.Equal("| Train Size | Task F1 | Embedding F1 | Winner      |", table[0]);
        Assert.Equal("|------------|---------|--------------|-------------|", table[1]);
        // The task-specific model is not here: the book's printed F1 on these 300 reviews is the comparison, starred.
        Assert.Matches(@"^\| 500        \| 0\.7709\* \| 0\.\d{4}       \| (Embed|Task) +\|$", table[2]);
        Assert.StartsWith("| 2000       | 0.7709* | ", table[3]);
        Assert.Equal(table[0].Length, table[2].Length);
        Assert.Equal("* book's twitter-roberta F1 on these 300 reviews: the model is not on this machine, so the book's printed figure is the comparison.", table[4]);
    }

    [Fact]
    public async Task Failure_analysis_with_no_options_is_the_books_cell_as_scikit_learn_computes_it()
    {
        var (code, output, _) = await HeadlessRunnerTests.Run("run", "failure-analysis", "--json", "--data-dir", DataDir);

        Assert.Equal(0, code);
        var result = JsonDocument.Parse(output).RootElement;
        var expected = Reference.GetProperty("failure_analysis");
        Assert.Equal(
            ["train_size", "test_size", "accuracy", "false_positives", "false_negatives", "high_confidence_errors", "avg_error_words", "avg_correct_words", "edge_cases", "edge_accuracy"],
            result.EnumerateObject().Select(p => p.Name));
        foreach (var count in new[] { "train_size", "test_size", "false_positives", "false_negatives" })
            Assert.Equal(expected.GetProperty(count).GetInt32(), result.GetProperty(count).GetInt32());
        foreach (var share in new[] { "accuracy", "avg_error_words", "avg_correct_words", "edge_accuracy" })
            Assert.Equal(expected.GetProperty(share).GetDouble(), result.GetProperty(share).GetDouble(), ThreeDecimals);

        var errors = result.GetProperty("high_confidence_errors").EnumerateArray().ToArray();
        var expectedErrors = Reference.GetProperty("high_confidence_errors").EnumerateArray().ToArray();
        Assert.Equal(expectedErrors.Select(e => e.GetProperty("index").GetInt32()), errors.Select(e => e.GetProperty("index").GetInt32()));
        for (var i = 0; i < errors.Length; i++)
        {
            foreach (var field in new[] { "text", "true", "predicted", "words" })
                Assert.Equal(expectedErrors[i].GetProperty(field).ToString(), errors[i].GetProperty(field).ToString());
            Assert.Equal(expectedErrors[i].GetProperty("confidence").GetDouble(), errors[i].GetProperty("confidence").GetDouble(), ThreeDecimals);
            Assert.True(errors[i].GetProperty("confidence").GetDouble() > 0.7);
        }

        var cases = result.GetProperty("edge_cases").EnumerateArray().ToArray();
        var expectedCases = Reference.GetProperty("edge_cases").EnumerateArray().ToArray();
        Assert.Equal(6, cases.Length);
        for (var i = 0; i < cases.Length; i++)
        {
            foreach (var field in new[] { "category", "text", "expected", "predicted" })
                Assert.Equal(expectedCases[i].GetProperty(field).ToString(), cases[i].GetProperty(field).ToString());
            Assert.Equal(expectedCases[i].GetProperty("confidence").GetDouble(), cases[i].GetProperty("confidence").GetDouble(), ThreeDecimals);
        }
    }

    [Fact]
    public async Task Failure_analysis_prints_the_notebooks_cell()
    {
        var (code, output, _) = await HeadlessRunnerTests.Run("run", "failure-analysis", "--data-dir", DataDir);

        Assert.Equal(0, code);
        var expected = Reference.GetProperty("failure_analysis");
        var accuracy = expected.GetProperty("accuracy").GetDouble();
        var (fp, fn) = (expected.GetProperty("false_positives").GetInt32(), expected.GetProperty("false_negatives").GetInt32());
        var errors = Reference.GetProperty("high_confidence_errors").EnumerateArray().ToArray();
        var edge = expected.GetProperty("edge_accuracy").GetDouble();
        var lines = output.Split('\n');
        Assert.Equal("Training classifier on 1000 movie reviews...", lines[0]);
        Assert.Contains($"  Correct: {200 - fp - fn}/200 ({BookFormat.Percent(accuracy, 1)})", lines);
        Assert.Contains($"  Errors:  {fp + fn}/200 ({BookFormat.Percent((fp + fn) / 200.0, 1)})", lines);
        Assert.Contains($"  False Positives: {fp} (predicted positive, actually negative)", lines);
        Assert.Contains("HIGH-CONFIDENCE ERRORS (confidence > 0.7)", lines);
        // The first five in test order, as the book lists them, each with its confidence and length.
        Assert.Equal(errors.Take(5).Select((e, i) => $"{i + 1}. '{e.GetProperty("text").GetString()}'"), lines.Where(l => l.Length > 3 && char.IsDigit(l[0]) && l[1..4] == ". '"));
        Assert.Equal(errors.Take(5).Select(e => $"   Length: {e.GetProperty("words").GetInt32()} words"), lines.Where(l => l.StartsWith("   Length: ")));
        Assert.Contains($"Average length of ERROR reviews: {BookFormat.Fixed(expected.GetProperty("avg_error_words").GetDouble(), 1)} words", lines);
        Assert.Contains($"Edge Case Accuracy: {(int)Math.Round(edge * 6)}/6 ({BookFormat.Percent(edge, 1)})", lines);
        Assert.Contains($"Regular Test Accuracy: {BookFormat.Percent(accuracy, 1)}", lines);
        Assert.Contains($"Difference: {BookFormat.SignedPercent(accuracy - edge, 1)}", lines);
        var failing = Reference.GetProperty("edge_cases").EnumerateArray().Where(c => c.GetProperty("expected").GetInt32() != c.GetProperty("predicted").GetInt32()).Select(c => c.GetProperty("category").GetString());
        Assert.Contains($"   The classifier struggles with: {string.Join(", ", failing)}", lines);
        Assert.Contains($"   Found {errors.Length} high-confidence errors", lines);
        Assert.Equal(fp == fn ? 0 : 1, lines.Count(l => l.EndsWith(" BIAS")));
    }

    [Fact]
    public async Task Failure_analysis_reads_the_students_edge_cases_from_a_file()
    {
        var file = Path.Combine(TestFolders.Create("edge-cases"), "cases.tsv");
        File.WriteAllLines(file, ["# category, expected, text", "Irony\t0\tWhat a treat, said no one ever.", "", "Praise\t1\tA warm, funny and wise film."]);

        var (code, output, _) = await HeadlessRunnerTests.Run("run", "failure-analysis", "--edge-cases-file", file, "--json", "--data-dir", DataDir);

        Assert.Equal(0, code);
        var cases = JsonDocument.Parse(output).RootElement.GetProperty("edge_cases").EnumerateArray().ToArray();
        Assert.Equal([("Irony", "What a treat, said no one ever.", 0), ("Praise", "A warm, funny and wise film.", 1)],
            cases.Select(c => (c.GetProperty("category").GetString(), c.GetProperty("text").GetString(), c.GetProperty("expected").GetInt32())));
    }

    [Theory]
    [InlineData("--train-size must be from 1 to 8530 (the train split), got 0.", "limited-data", "--train-size", "100", "0")]
    [InlineData("--train-size must be from 1 to 8530 (the train split), got 9000.", "limited-data", "--train-size", "9000")]
    [InlineData("--test-size must be from 1 to 1066 (the test split), got 2000.", "limited-data", "--test-size", "2000")]
    [InlineData("Unknown embedding model 'bert-large'", "failure-analysis", "--model", "bert-large")]
    public async Task Bad_options_exit_2_with_one_line_that_says_what_to_do(string expected, params string[] args)
    {
        var (code, output, error) = await HeadlessRunnerTests.Run(["run", .. args, "--data-dir", DataDir]);

        Assert.Equal(2, code);
        Assert.Equal("", output);
        Assert.Contains(expected, Assert.Single(error.Split('\n', StringSplitOptions.RemoveEmptyEntries)));
    }

    [Theory]
    [InlineData("Irony\t0", "--edge-cases-file {file} line 1 has 2 tab-separated fields, not 3 (each line: category<TAB>0 or 1<TAB>text).")]
    [InlineData("Irony\tnegative\tWhat a treat.", "--edge-cases-file {file} line 1: the expected label is 'negative', not 0 or 1 (each line: category<TAB>0 or 1<TAB>text).")]
    [InlineData("# nothing but a comment", "--edge-cases-file {file} holds no edge case (each line: category<TAB>0 or 1<TAB>text).")]
    [InlineData("Irony\t0\tWhat a treat.\n\t1\tGood.", "--edge-cases-file {file} line 2 has no category (each line: category<TAB>0 or 1<TAB>text).")]
    public async Task A_bad_edge_cases_file_exits_2_with_the_line_at_fault(string content, string expected)
    {
        var file = Path.Combine(TestFolders.Create("edge-cases"), "cases.tsv");
        File.WriteAllText(file, content);

        var (code, output, error) = await HeadlessRunnerTests.Run("run", "failure-analysis", "--edge-cases-file", file, "--data-dir", DataDir);

        Assert.Equal(2, code);
        Assert.Equal("", output);
        Assert.Equal($"error: {expected.Replace("{file}", file)}", Assert.Single(error.Split('\n', StringSplitOptions.RemoveEmptyEntries)));
    }

    [Fact]
    public async Task A_missing_edge_cases_file_exits_2_naming_it()
    {
        var missing = Path.Combine(TestFolders.Create("edge-cases"), "none.tsv");

        var (code, _, error) = await HeadlessRunnerTests.Run("run", "failure-analysis", "--edge-cases-file", missing, "--data-dir", DataDir);

        Assert.Equal(2, code);
        Assert.Contains(missing, Assert.Single(error.Split('\n', StringSplitOptions.RemoveEmptyEntries)));
    }
}
