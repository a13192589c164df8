using Bunit;
using LabApp.Components.Pages.Supervised;
using LabApp.Core.Models;
using LabApp.Core.Storage;

namespace LabApp.Tests.Pages;

public sealed class SupervisedPageTests : PageTests
{
    [Theory]
    [InlineData(0)]
    [InlineData(9000)]
    public void A_train_size_outside_the_split_is_named_beside_the_input_and_nothing_runs(int size)
    {
        var page = RenderAt<SupervisedPage>($"supervised?train={size}");

        page.WaitForAssertion(() =>
            Assert.Contains($"a subset of {size} cannot be taken: choose a size from 1 to 8530", page.Find(".train-size").TextContent));
        Assert.True(page.Find("button.run").HasAttribute("disabled"));
        Assert.Empty(page.FindAll(".report-table"));
        Assert.Empty(Log.Find());
    }

    [Fact]
    public async Task Typing_a_test_size_larger_than_the_split_shows_the_valid_range()
    {
        var page = RenderAt<SupervisedPage>("supervised?train=0");
        page.WaitForAssertion(() => Assert.Contains("choose a size from 1 to 8530", page.Find(".train-size").TextContent));

        await page.InvokeAsync(() => page.Find(".test-size input").Input("2000"));

        page.WaitForAssertion(() => Assert.Contains("The test split has 1066 reviews, so a subset of 2000 cannot be taken", page.Find(".test-size").TextContent));
    }

    [Fact]
    public async Task Both_classifiers_report_side_by_side_and_each_run_is_logged()
    {
        var page = RenderAt<SupervisedPage>("supervised?train=500&test=200");

        page.WaitForAssertion(() => Assert.Equal(2, page.FindAll(".report-table").Count), Patience);
        Assert.Contains("Logistic regression", page.Markup);
        Assert.Contains("Class centroids", page.Markup);
        Assert.Contains("model=minilm train=500 test=200 seed=42", page.Find(".shown-settings").TextContent);
        Assert.Equal(2, page.FindAll(".report-accuracy").Count);
        Assert.All(page.FindAll(".report-accuracy"), cell => Assert.Matches(@"^0\.\d\d$", cell.TextContent));
        Assert.DoesNotContain("micro avg", page.Markup);
        Assert.Contains("Negative Review", page.Find(".sklearn-report").TextContent);
        Assert.Equal(2, page.FindAll(".prediction-table").Count);

        var runs = await RecordedAsync(2);
        // Each run settles on a timer of its own: the two land in either order.
        Assert.Equal(["centroid", "supervised"], runs.Select(r => r.Method).Order());
        Assert.All(runs, r => Assert.Equal(200, r.Scores!.Reviews));
        Assert.All(runs, r => Assert.Equal(new SupervisedParameters(ModelCatalog.MiniLmId, 500, 200, 42), r.Parameters));
    }

    [Fact]
    public async Task The_sizes_and_seed_come_back_from_the_workbook_in_a_new_circuit()
    {
        await using (var first = new SameBrowser(Workbooks))
        {
            // A train size the split refuses: nothing runs while the sizes are edited.
            var page = first.Open<SupervisedPage>("supervised?train=0");
            await page.InvokeAsync(() => page.Find(".test-size input").Input("200"));
            await page.InvokeAsync(() => page.Find(".seed input").Input("7"));
            await page.InvokeAsync(() => page.Find(".train-size input").Input("9000"));
            page.WaitForAssertion(() => Assert.Contains("a subset of 9000 cannot be taken", page.Find(".train-size").TextContent), Patience);
        }

        await using var again = new SameBrowser(Workbooks);
        var reopened = again.Open<SupervisedPage>("supervised");

        reopened.WaitForAssertion(() => Assert.Contains("a subset of 9000 cannot be taken", reopened.Find(".train-size").TextContent), Patience);
        Assert.Equal("9000", reopened.Find(".train-size input").GetAttribute("value"));
        Assert.Equal("200", reopened.Find(".test-size input").GetAttribute("value"));
        Assert.Equal("7", reopened.Find(".seed input").GetAttribute("value"));
        Assert.Contains("a subset of 9000 cannot be taken: choose a size from 1 to 8530", reopened.Find(".train-size").TextContent);
        Assert.EndsWith("supervised?model=minilm&train=9000&test=200&seed=7", again.Url);
    }
}
