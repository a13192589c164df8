using System.Globalization;
using System.Text.Json;
using LabApp.Core.Experiments;

namespace LabApp.Tests.Headless;

/// <summary>
/// <c>run custom-labels</c> and <c>run confidence</c> against an independent computation of the book's cells:
/// tools/reference/make_medium_tasks_13_fixture.py embeds the same inputs with a numpy interpreter of MiniLM's graph and
/// runs the notebook's code with scikit-learn. Numbers agree to 3 decimals (the book prints 3), labels and flags exactly.
/// </summary>
public sealed class MediumTasks13CommandTests
{
    private const double ThreeDecimals = 5e-4;

    private static readonly JsonElement Reference = Fixtures.Load("medium-tasks-1-3.json");

    private static async Task<JsonElement> RunJsonAsync(params string[] args)
    {
        var (code, output, error) = await HeadlessRunnerTests.Run([.. args, "--json", "--data-dir", RepositoryPaths.SharedData]);
        Assert.True(code == 0, error);
        return JsonDocument.Parse(output).RootElement;
    }

    [Fact]
    public async Task Custom_labels_with_no_options_gives_the_books_five_levels_as_the_notebook_computes_them()
    {
        AssertCustomLabels(Reference.GetProperty("custom_labels")[0], await RunJsonAsync("run", "custom-labels"));
    }

    [Fact]
    public async Task Custom_labels_with_the_books_sixth_level_gives_the_notebooks_after()
    {
        AssertCustomLabels(Reference.GetProperty("custom_labels")[1], await RunJsonAsync(["run", "custom-labels", "--labels", .. BookInputs.SixLevels]));
    }

    [Fact]
    public async Task Confidence_with_no_options_gives_the_books_cell_at_its_threshold()
    {
        AssertConfidence(Reference.GetProperty("confidence")[0], await RunJsonAsync("run", "confidence"));
    }

    [Theory]
    [InlineData(1, "0.15")]
    [InlineData(2, "-0.15")]
    public async Task Confidence_with_the_books_other_measure_gives_the_notebooks_alternative(int reference, string threshold)
    {
        AssertConfidence(Reference.GetProperty("confidence")[reference], await RunJsonAsync("run", "confidence", "--measure", "max", "--threshold", threshold));
    }

    [Fact]
    public async Task Custom_labels_prints_the_notebooks_lines_with_its_numbers()
    {
        var (code, output, _) = await HeadlessRunnerTests.Run("run", "custom-labels", "--data-dir", RepositoryPaths.SharedData);

        Assert.Equal(0, code);
        var lines = output.Split('\n');
        Assert.Equal([BookFormat.Rule, "MULTI-CLASS CLASSIFICATION (5 categories)", BookFormat.Rule, ""], lines[..4]);
        var reviews = Reference.GetProperty("custom_labels")[0].GetProperty("reviews").EnumerateArray().ToArray();
        for (var i = 0; i < reviews.Length; i++)
        {
            var r = reviews[i];
            var at = Array.IndexOf(lines, $"Review {i + 1}: '{r.GetProperty("text").GetString()}...'");
            Assert.True(at > 0, $"review {i + 1}");
            Assert.Equal($"  1st: {r.GetProperty("first").GetString(),-30} ({F3(r, "first_score")})", lines[at + 1]);
            Assert.Equal($"  2nd: {r.GetProperty("second").GetString(),-30} ({F3(r, "second_score")})", lines[at + 2]);
            var flag = r.GetProperty("flag").GetString() switch
            {
                "very uncertain" => " ⚠️  VERY UNCERTAIN - almost tied!",
                "uncertain" => " ⚠️  Uncertain",
                _ => " ✓ Confident",
            };
            Assert.Equal($"  Margin: {F3(r, "margin")}{flag}", lines[at + 3]);
        }

        var header = Array.IndexOf(lines, $"{"Category Pair",-60} {"Similarity",-12}");
        Assert.Equal(new string('-', 75), lines[header + 1]);
        var pairs = Reference.GetProperty("custom_labels")[0].GetProperty("label_pairs").EnumerateArray().ToArray();
        Assert.Equal(10, pairs.Length);
        for (var i = 0; i < pairs.Length; i++)
        {
            var p = pairs[i];
            var marker = p.GetProperty("similarity").GetDouble() > 0.7 ? "⚠️ " : "";
            Assert.Equal($"{marker}{$"{p.GetProperty("a").GetString()} <-> {p.GetProperty("b").GetString()}",-60} {F3(p, "similarity")}", lines[header + 2 + i]);
        }
    }

    [Fact]
    public async Task Confidence_prints_the_notebooks_analysis_and_fills_its_experiment_log()
    {
        var (code, output, _) = await HeadlessRunnerTests.Run("run", "confidence", "--data-dir", RepositoryPaths.SharedData);

        Assert.Equal(0, code);
        var reference = Reference.GetProperty("confidence")[0];
        var lines = output.Split('\n');
        Assert.Equal([BookFormat.Rule, "CONFIDENCE-BASED CLASSIFICATION (threshold=0.15)", BookFormat.Rule, "", "1. 'Absolutely fantastic! Best movie ever!'"], lines[..5]);
        var reviews = reference.GetProperty("reviews").EnumerateArray().ToArray();
        var predicted = reviews.Count(r => r.GetProperty("status").GetString() == "PREDICTED");
        var correct = reviews.Count(r => r.GetProperty("predicted").ValueKind == JsonValueKind.Number && r.GetProperty("predicted").GetInt32() == r.GetProperty("true").GetInt32());
        Assert.Contains($"Coverage: {predicted}/8 = {Percent(reference.GetProperty("coverage").GetDouble())}", lines);
        Assert.Contains($"Accuracy (on predictions made): {correct}/{predicted} = {Percent(reference.GetProperty("accuracy").GetDouble())}", lines);
        Assert.Contains("UNCERTAIN CASES (margin < 0.15):", lines);
        foreach (var r in reviews.Where(r => r.GetProperty("status").GetString() == "UNCERTAIN"))
        {
            var at = Array.LastIndexOf(lines, $"  • '{r.GetProperty("text").GetString()}'");
            Assert.Equal($"    Margin: {F3(r, "confidence")} (too close to call)", lines[at + 1]);
        }

        var log = reference.GetProperty("log").EnumerateArray().ToArray();
        var table = Array.IndexOf(lines, "| Threshold | Coverage | Accuracy | Notes                    |");
        for (var i = 0; i < 4; i++)
        {
            var row = log[i];
            Assert.Equal($"| {row.GetProperty("threshold").GetDouble().ToString("F2", CultureInfo.InvariantCulture),-9} | {Percent(row.GetProperty("coverage").GetDouble()),-8} | {Percent(row.GetProperty("accuracy").GetDouble()),-8} | {"",-24} |",
                lines[table + 2 + i]);
        }

        Assert.Equal($"Current:    | 0.15      | {Fixed(reference.GetProperty("coverage").GetDouble() * 100, 1),5}%    | {Fixed(reference.GetProperty("accuracy").GetDouble() * 100, 1),5}%    |", lines[table + 7]);
    }

    [Fact]
    public async Task Reviews_come_from_a_file_one_per_line_and_for_confidence_after_their_true_label_and_a_tab()
    {
        var folder = TestFolders.Create("reviews-file");
        var plain = Path.Combine(folder, "reviews.txt");
        await File.WriteAllTextAsync(plain, "A radiant, generous film\n\nA dreary slog\r\n");
        var labelled = Path.Combine(folder, "labelled.tsv");
        await File.WriteAllTextAsync(labelled, "1\tA radiant, generous film\n0\tA dreary slog\n");

        var custom = await RunJsonAsync("run", "custom-labels", "--reviews-file", plain, "--labels", "A positive review", "A negative review");
        var confidence = await RunJsonAsync("run", "confidence", "--reviews-file", labelled, "--threshold", "0");

        Assert.Equal(["A radiant, generous film", "A dreary slog"], custom.GetProperty("reviews").EnumerateArray().Select(r => r.GetProperty("text").GetString()));
        Assert.Equal(["A positive review", "A negative review"], custom.GetProperty("reviews").EnumerateArray().Select(r => r.GetProperty("first").GetString()));
        Assert.Equal([1, 0], confidence.GetProperty("reviews").EnumerateArray().Select(r => r.GetProperty("true").GetInt32()));
        Assert.Equal([1, 0], confidence.GetProperty("reviews").EnumerateArray().Select(r => r.GetProperty("predicted").GetInt32()));
        Assert.Equal(1.0, confidence.GetProperty("accuracy").GetDouble());
    }

    [Theory]
    [InlineData("--reviews-file {folder}/missing.txt: no such file", "run", "custom-labels", "--reviews-file", "{folder}/missing.txt")]
    [InlineData("--reviews-file {folder}/empty.txt has no reviews", "run", "custom-labels", "--reviews-file", "{folder}/empty.txt")]
    [InlineData("--reviews-file {folder}/plain.txt, line 1: expected 0 or 1 (the true label), a tab, then the review", "run", "confidence", "--reviews-file", "{folder}/plain.txt")]
    [InlineData("--labels: Give exactly two label descriptions, the negative one first (there are 3).", "run", "confidence", "--labels", "bad", "fine", "good")]
    [InlineData("--labels: Give at least two label descriptions (there is one).", "run", "custom-labels", "--labels", "positive")]
    [InlineData("Unknown measure 'median': use margin or max.", "run", "confidence", "--measure", "median")]
    [InlineData("Unknown embedding model 'bert'", "run", "confidence", "--model", "bert")]
    public async Task A_bad_file_or_option_exits_2_with_one_line(string expected, params string[] args)
    {
        var folder = TestFolders.Create("bad-reviews-file");
        await File.WriteAllTextAsync(Path.Combine(folder, "empty.txt"), "\n  \n");
        await File.WriteAllTextAsync(Path.Combine(folder, "plain.txt"), "A fine film\n");

        var (code, output, error) = await HeadlessRunnerTests.Run([.. args.Select(a => a.Replace("{folder}", folder)), "--data-dir", RepositoryPaths.SharedData]);

        Assert.Equal(2, code);
        Assert.Equal("", output);
        var line = Assert.Single(error.Split('\n', StringSplitOptions.RemoveEmptyEntries));
        Assert.Contains(expected.Replace("{folder}", folder), line);
        Assert.Contains($"'dotnet run --project LabApp -- {string.Join(' ', args.TakeWhile(a => !a.StartsWith("--")).Take(2))} --help'", line);
    }

    [Fact]
    public async Task An_unknown_method_names_the_medium_tasks_too()
    {
        var (code, _, error) = await HeadlessRunnerTests.Run("run", "lasso", "--data-dir", RepositoryPaths.SharedData);

        Assert.Equal(2, code);
        Assert.Contains("Unknown method 'lasso': use supervised, centroid, zero-shot, task-specific, generative, llm", error);
        Assert.Contains(", custom-labels", error);
        Assert.Contains(", confidence", error);
    }

    private static void AssertCustomLabels(JsonElement expected, JsonElement actual)
    {
        Assert.Equal(Strings(expected.GetProperty("labels")), Strings(actual.GetProperty("labels")));
        var reviews = Pairs(expected.GetProperty("reviews"), actual.GetProperty("reviews"));
        foreach (var (e, a) in reviews)
        {
            foreach (var name in new[] { "text", "first", "second", "flag" })
                Assert.Equal(e.GetProperty(name).GetString(), a.GetProperty(name).GetString());
            foreach (var name in new[] { "first_score", "second_score", "margin" })
                Assert.Equal(e.GetProperty(name).GetDouble(), a.GetProperty(name).GetDouble(), ThreeDecimals);
        }

        foreach (var (e, a) in Pairs(expected.GetProperty("label_pairs"), actual.GetProperty("label_pairs")))
        {
            Assert.Equal((e.GetProperty("a").GetString(), e.GetProperty("b").GetString()), (a.GetProperty("a").GetString(), a.GetProperty("b").GetString()));
            Assert.Equal(e.GetProperty("similarity").GetDouble(), a.GetProperty("similarity").GetDouble(), ThreeDecimals);
        }
    }

    private static void AssertConfidence(JsonElement expected, JsonElement actual)
    {
        Assert.Equal(Strings(expected.GetProperty("labels")), Strings(actual.GetProperty("labels")));
        Assert.Equal(expected.GetProperty("measure").GetString(), actual.GetProperty("measure").GetString());
        Assert.Equal(expected.GetProperty("threshold").GetDouble(), actual.GetProperty("threshold").GetDouble());
        foreach (var (e, a) in Pairs(expected.GetProperty("reviews"), actual.GetProperty("reviews")))
        {
            Assert.Equal(e.GetProperty("text").GetString(), a.GetProperty("text").GetString());
            Assert.Equal(e.GetProperty("status").GetString(), a.GetProperty("status").GetString());
            Assert.Equal(e.GetProperty("true").GetInt32(), a.GetProperty("true").GetInt32());
            Assert.Equal(e.GetProperty("predicted").ToString(), a.GetProperty("predicted").ToString());
            foreach (var name in new[] { "top", "margin", "confidence" })
                Assert.Equal(e.GetProperty(name).GetDouble(), a.GetProperty(name).GetDouble(), ThreeDecimals);
        }

        Assert.Equal(expected.GetProperty("coverage").GetDouble(), actual.GetProperty("coverage").GetDouble(), 12);
        Assert.Equal(expected.GetProperty("accuracy").GetDouble(), actual.GetProperty("accuracy").GetDouble(), 12);
        foreach (var (e, a) in Pairs(expected.GetProperty("log"), actual.GetProperty("log")))
        {
            foreach (var name in new[] { "threshold", "coverage", "accuracy" })
                Assert.Equal(e.GetProperty(name).GetDouble(), a.GetProperty(name).GetDouble(), 12);
        }
    }

    private static (JsonElement Expected, JsonElement Actual)[] Pairs(JsonElement expected, JsonElement actual)
    {
        Assert.Equal(expected.GetArrayLength(), actual.GetArrayLength());
        return expected.EnumerateArray().Zip(actual.EnumerateArray()).ToArray();
    }

    private static string?[] Strings(JsonElement array) => array.EnumerateArray().Select(e => e.GetString()).ToArray();

    private static string F3(JsonElement element, string name) => Fixed(element.GetProperty(name).GetDouble(), 3);

    private static string Fixed(double value, int decimals) => value.ToString("F" + decimals, CultureInfo.InvariantCulture);

    private static string Percent(double share) => Fixed(share * 100, 1) + "%";
}
