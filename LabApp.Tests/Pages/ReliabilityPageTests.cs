using Bunit;
using LabApp.Components.Pages.Compare;
using LabApp.Components.Pages.Supervised;
using LabApp.Components.Pages.ZeroShot;
using LabApp.Core.Experiments;
using LabApp.Core.Models;
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
    public async Task Two_logged_runs_are_made_again_and_compared_review_by_review()
    {
        var a = Log.Add(Record("supervised", "model=minilm train=500 test=200 seed=42"));
        var b = Log.Add(Record("centroid", "model=minilm train=500 test=200 seed=42"));
        var settings = new ExperimentSettings(TrainSize: 500, TestSize: 200);
        var expected = PairedComparison.Of(await SharedModel.Lab.RunSupervisedAsync(settings), await SharedModel.Lab.RunCentroidAsync(settings), 42);

        var page = RenderAt<ComparePage>($"compare?a={a.Id}&b={b.Id}");
        await page.InvokeAsync(() => page.Find("button.compare").Click());

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
    public async Task Runs_on_different_test_reviews_are_refused_with_what_to_do()
    {
        var a = Log.Add(Record("supervised", "model=minilm train=500 test=200 seed=42"));
        var b = Log.Add(Record("centroid", "model=minilm train=500 test=200 seed=7"));

        var page = RenderAt<ComparePage>($"compare?a={a.Id}&b={b.Id}");
        await page.InvokeAsync(() => page.Find("button.compare").Click());

        page.WaitForAssertion(() => Assert.Contains("different test reviews", page.Markup), Patience);
        Assert.Empty(page.FindAll(".agreement-table"));
    }

    [Fact]
    public void With_nothing_logged_the_page_says_which_pages_make_comparable_runs()
    {
        Log.Add(Record("llm", "test=20", page: "llm"));

        var page = RenderAt<ComparePage>("compare");

        Assert.Contains("Your run log has no run that can be compared yet", page.Find(".no-runs").TextContent);
        Assert.True(page.Find("button.compare").HasAttribute("disabled"));
    }

    private static RunRecord Record(string method, string parameters, string page = "supervised") =>
        new(0, DateTimeOffset.UnixEpoch, page, method, ModelCatalog.MiniLmId, parameters, 0.5, 0.5, 0.5, 200, TimeSpan.FromSeconds(1));
}
