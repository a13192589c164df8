using Bunit;
using LabApp.Components.Pages.Compare;
using LabApp.Components.Pages.Supervised;
using LabApp.Components.Pages.ZeroShot;
using LabApp.Core.Experiments;
using LabApp.Core.Models;
using LabApp.Core.Runners;
using LabApp.Core.Storage;

namespace LabApp.Tests.Pages;

/// <summary>Selective prediction and calibration on the model pages, and the paired comparison of two logged runs.</summary>
public sealed class ReliabilityPageTests : PageTests
{
    [Fact]
    public async Task The_supervised_page_puts_both_classifiers_on_one_risk_coverage_chart_and_toggles_the_temperature()
    {
        var page = RenderAt<SupervisedPage>("supervised?train=500&test=200");

        page.WaitForAssertion(() => Assert.Equal(2, page.FindAll(".selective-table tbody tr").Count), Patience);
        var settings = new ExperimentSettings(TrainSize: 500, TestSize: 200);
        var calibrated = await SharedModel.Lab.RunSupervisedCalibratedAsync(settings);
        var centroid = RunReliability.Of(await SharedModel.Lab.RunCentroidAsync(settings));
        var regression = RunReliability.Of(calibrated.Run);
        Assert.Equal([regression.Selective!.Aurc.ToString("0.0000"), centroid.Selective!.Aurc.ToString("0.0000")], page.FindAll(".selective-table .aurc").Select(c => c.TextContent));
        Assert.Contains("the margin between the top two similarities", page.Find(".selective-table").TextContent);
        Assert.Equal(regression.Selective.CoverageAtRisk(0.1).ToString("0.0%"), page.Find(".coverage-at-risk").TextContent);
        // Only the logistic regression has probabilities: one row of calibration, its ECE as it is.
        Assert.Equal([calibrated.Before.Ece.ToString("0.0000")], page.FindAll(".calibration-table .ece").Select(c => c.TextContent));
        Assert.Contains($"T = {calibrated.Temperature:0.000}, fitted on the validation split", page.Find(".temperature-toggle").TextContent);

        await page.InvokeAsync(() => page.Find(".temperature-toggle input").Change(true));

        page.WaitForAssertion(() => Assert.Equal(calibrated.After.Ece.ToString("0.0000"), page.Find(".calibration-table .ece").TextContent));
        Assert.Equal(calibrated.After.Brier.ToString("0.0000"), page.Find(".calibration-table .brier").TextContent);

        await page.InvokeAsync(() => page.Find(".target-risk input").Input("0.3"));

        page.WaitForAssertion(() => Assert.Equal(regression.Selective.CoverageAtRisk(0.3).ToString("0.0%"), page.Find(".coverage-at-risk").TextContent));
    }

    [Fact]
    public void Zero_shot_has_a_margin_to_abstain_by_but_no_probabilities_to_calibrate()
    {
        var page = RenderAt<ZeroShotPage>("zero-shot");

        page.WaitForAssertion(() => Assert.Single(page.FindAll(".selective-table tbody tr")), Patience);
        Assert.Matches(@"^0\.\d{4}$", page.Find(".selective-table .aurc").TextContent);
        Assert.Empty(page.FindAll(".calibration-table"));
    }

    [Fact]
    public async Task An_address_naming_two_logged_runs_makes_them_again_and_compares_them_review_by_review_on_open()
    {
        var a = Log.Add(TestRuns.Supervised(train: 500, test: 200));
        var b = Log.Add(TestRuns.Supervised(train: 500, test: 200, method: "centroid"));
        var settings = new ExperimentSettings(TrainSize: 500, TestSize: 200);
        var expected = PairedComparison.Of(await SharedModel.Lab.RunSupervisedAsync(settings), await SharedModel.Lab.RunCentroidAsync(settings), 42);

        var page = RenderAt<ComparePage>($"compare?a={a.Id}&b={b.Id}");

        page.WaitForAssertion(() => Assert.NotEmpty(page.FindAll(".agreement-table")), Patience);
        Assert.Equal(
            [expected.BothRight.ToString(), expected.OnlyA.ToString(), expected.OnlyB.ToString(), expected.BothWrong.ToString()],
            new[] { ".both-right", ".only-a", ".only-b", ".both-wrong" }.Select(c => page.Find(c).TextContent));
        Assert.Equal(expected.McNemar.ExactP.ToString("G4"), page.Find(".mcnemar-p").TextContent);
        Assert.Contains($"[{BookFormat.Signed(expected.Difference.Low, 4)}, {BookFormat.Signed(expected.Difference.High, 4)}]", page.Find(".accuracy-difference").TextContent);
        Assert.Contains($"The {expected.Disagreements.Count} reviews they disagree on", page.Markup);
        Assert.Equal(Math.Min(10, expected.Disagreements.Count), page.FindAll(".disagreements tbody tr").Count);
        Assert.Contains(SharedData.Load("test").Texts[expected.Disagreements[0].Index], page.Find(".disagreements tbody tr").TextContent);
    }

    [Fact]
    public void Runs_on_different_test_reviews_are_refused_with_what_to_do()
    {
        var a = Log.Add(TestRuns.Supervised(train: 500, test: 200));
        var b = Log.Add(TestRuns.Supervised(train: 500, test: 200, seed: 7, method: "centroid"));

        var page = RenderAt<ComparePage>($"compare?a={a.Id}&b={b.Id}");

        page.WaitForAssertion(() => Assert.Contains("different test reviews", page.Markup), Patience);
        Assert.Empty(page.FindAll(".agreement-table"));
    }

    [Fact]
    public void With_nothing_comparable_logged_the_page_says_which_pages_make_comparable_runs_and_why_the_others_are_absent()
    {
        Log.Add(TestRuns.Of("llm", "llm", new LlmParameters("gpt-4o-mini", "api.openai.com", "Positive? [DOCUMENT]", 20, 42), model: "gpt-4o-mini"));
        Log.Add(TestRuns.CustomLabels("a moving film", "a dull film"));
        Log.Add(TestRuns.CustomLabels("a gripping film", "a dull film"));

        var page = RenderAt<ComparePage>("compare");

        Assert.Contains("Your run log has no run that can be compared yet", page.Find(".no-runs").TextContent);
        Assert.True(page.Find("button.compare").HasAttribute("disabled"));
        Assert.Equal(
            ["2 custom-labels runs: its reviews are your own and have no true labels.", "1 llm run: making it again would send the reviews to the chat model again, and may cost money."],
            page.FindAll(".absent-kind").Select(s => s.TextContent.Trim()));
    }

    [Fact]
    public async Task Only_runs_that_can_be_made_again_are_offered()
    {
        var supervised = Log.Add(TestRuns.Supervised(train: 500, test: 200));
        var limited = Log.Add(TestRuns.Of("limited-data", "supervised", new LimitedDataParameters(ModelCatalog.MiniLmId, 100, 300, 42)));
        Log.Add(TestRuns.CustomLabels("a moving film", "a dull film"));
        Log.Add(TestRuns.Of("checklist", "centroid", new ChecklistParameters(ModelCatalog.MiniLmId, 11, 6, 42)));

        var page = RenderAt<ComparePage>("compare");
        await page.InvokeAsync(() => page.Find(".run-a .mud-select-input").MouseDown());

        var offered = Popovers.WaitForElements(".mud-popover-open .mud-list-item").Select(i => i.TextContent.Trim()).ToArray();
        Assert.Equal([$"#{limited.Id} · supervised · model=minilm train=100 test=300 seed=42 max_iter=1000 · accuracy 0.8000", $"#{supervised.Id} · supervised · model=minilm train=500 test=200 seed=42 · accuracy 0.8000"], offered);
        Assert.Equal(2, page.FindAll(".absent-kind").Count);
        Assert.Contains("1 checklist run: it tested made-up sentences, not the test split.", page.Find(".absent-runs").TextContent);
    }
}
