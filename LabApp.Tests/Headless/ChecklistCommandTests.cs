using System.Text.Json;
using LabApp.Core.Classifiers;
using LabApp.Core.Experiments;
using LabApp.Core.Models;

namespace LabApp.Tests.Headless;

/// <summary><c>run checklist</c> on the real data and the embedded MiniLM.</summary>
public sealed class ChecklistCommandTests
{
    private static readonly string DataDir = RepositoryPaths.SharedData;

    [Fact]
    public async Task The_json_holds_every_test_for_every_classifier_present_and_says_which_were_not_tested()
    {
        var (code, output, _) = await HeadlessRunnerTests.Run("run", "checklist", "--max-cases", "8", "--json", "--data-dir", DataDir);

        Assert.Equal(0, code);
        var root = JsonDocument.Parse(output).RootElement;
        var tests = root.GetProperty("tests").EnumerateArray().ToArray();
        var expanded = ChecklistExpansion.Expand(ChecklistSuite.Default with { MaxCases = 8 });
        var classifiers = tests.Select(t => t.GetProperty("classifier").GetString()).Distinct().ToArray();
        Assert.Equal(["supervised", "centroid", "zero-shot"], classifiers.Take(3));
        Assert.Equal(expanded.Count * classifiers.Length, tests.Length);
        // Without their files in models/, the task-specific and generative models are said to be untested, not silently left out.
        var notTested = root.GetProperty("not_tested").EnumerateArray().Select(n => n.GetString()!).ToArray();
        Assert.Equal(5, classifiers.Length + notTested.Length);
        foreach (var test in tests)
        {
            Assert.Equal(["capability", "type", "classifier", "total", "failed", "failure_rate", "cases"], test.EnumerateObject().Select(p => p.Name));
            var source = expanded.Single(e => e.Test.Capability == test.GetProperty("capability").GetString());
            Assert.Equal(source.Test.Type.ToString(), test.GetProperty("type").GetString());
            var cases = test.GetProperty("cases").EnumerateArray().ToArray();
            Assert.Equal(source.Cases.Select(c => c.Text), cases.Select(c => c.GetProperty("text").GetString()));
            Assert.Equal(cases.Length, test.GetProperty("total").GetInt32());
            Assert.Equal(cases.Count(c => !c.GetProperty("passed").GetBoolean()), test.GetProperty("failed").GetInt32());
            Assert.Equal(test.GetProperty("failed").GetInt32() / (double)cases.Length, test.GetProperty("failure_rate").GetDouble(), 12);
            foreach (var c in cases.Where(_ => source.Test.Type != ChecklistTestType.DIR))
                Assert.Equal(c.GetProperty("expected").GetString() == c.GetProperty("predicted").GetString(), c.GetProperty("passed").GetBoolean());
        }
    }

    [Fact]
    public async Task The_books_edge_cases_get_the_verdicts_of_the_chapters_logistic_regression_on_the_whole_train_split()
    {
        var (code, output, _) = await HeadlessRunnerTests.Run("run", "checklist", "--json", "--data-dir", DataDir);
        Assert.Equal(0, code);
        var book = JsonDocument.Parse(output).RootElement.GetProperty("tests").EnumerateArray()
            .Single(t => t.GetProperty("capability").GetString() == ChecklistSuite.BookEdgeCasesCapability && t.GetProperty("classifier").GetString() == "supervised");

        var train = await SharedModel.Lab.PrepareAsync(new ExperimentSettings(ModelCatalog.MiniLmId), "train", null);
        var model = LogisticRegression.Fit(train.Embeddings, train.Labels);
        var texts = FailureAnalysisExperiment.BookEdgeCases.Select(c => c.Text).ToArray();
        var predicted = model.Predict(await SharedModel.Lab.Embeddings.EmbedTextsAsync(ModelCatalog.MiniLm, texts));

        Assert.Equal(predicted.Select(ChecklistSuite.LabelName), book.GetProperty("cases").EnumerateArray().Select(c => c.GetProperty("predicted").GetString()));
        Assert.Equal(FailureAnalysisExperiment.BookEdgeCases.Select(c => ChecklistSuite.LabelName(c.Expected)), book.GetProperty("cases").EnumerateArray().Select(c => c.GetProperty("expected").GetString()));
    }

    [Fact]
    public async Task A_suite_that_cannot_be_expanded_exits_2_with_one_line()
    {
        var file = Path.Combine(TestFolders.Create("checklist-suite"), "suite.json");
        await File.WriteAllTextAsync(file, """{"lexicons": [], "tests": [{"capability": "Negation", "type": "MFT", "perturbation": "", "templates": ["not {good}"]}], "maxCases": 5, "seed": 1}""");

        var (code, output, error) = await HeadlessRunnerTests.Run("run", "checklist", "--suite-file", file, "--data-dir", DataDir);

        Assert.Equal(2, code);
        Assert.Equal("", output);
        Assert.Equal("error: Test 1 (Negation): \"not {good}\" needs its label: start it with positive: or negative:.", error.Trim());
    }
}
