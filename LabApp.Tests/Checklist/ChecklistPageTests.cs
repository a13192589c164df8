using Bunit;
using LabApp.Components.Pages.Checklist;
using LabApp.Core.Experiments;
using LabApp.Core.Models;
using LabApp.Core.Runners;
using LabApp.Core.Storage;
using LabApp.Tests.Pages;

namespace LabApp.Tests.Checklist;

/// <summary>The behavioural tests' page, a student's links and state as every page keeps them, over the real model and data.</summary>
public sealed class ChecklistPageTests : PageTests
{
    [Fact]
    public async Task The_matrix_shows_every_capability_for_each_classifier_present_and_a_cell_opens_its_cases()
    {
        var page = RenderAt<ChecklistPage>("checklist?cases=6");

        page.WaitForAssertion(() => Assert.NotEmpty(page.FindAll(".checklist-matrix .failure-rate")), Patience);
        var capabilities = ChecklistSuite.Default.Tests.Select(t => t.Capability).ToArray();
        Assert.Equal([.. capabilities, "all cases"], page.FindAll(".checklist-matrix tbody tr").Select(r => r.QuerySelector("td")!.TextContent));
        Assert.Equal(["capability", "type", "supervised", "centroid", "zero-shot"], page.FindAll(".checklist-matrix th").Select(h => h.TextContent));
        Assert.Equal(2, page.FindAll(".not-tested").Count);
        Assert.All(page.FindAll(".failure-rate"), cell => Assert.Matches(@"^\d+\.\d% \(\d/6\)$", cell.TextContent.Trim()));

        // The cell of the book's edge cases for logistic regression lists its cases; with "failing only" off, all six.
        var row = page.FindAll(".checklist-matrix tbody tr").Single(r => r.QuerySelector("td")!.TextContent == ChecklistSuite.BookEdgeCasesCapability);
        await page.InvokeAsync(() => row.QuerySelectorAll(".failure-rate")[0].Click());
        page.WaitForAssertion(() => Assert.Contains($"{ChecklistSuite.BookEdgeCasesCapability} (MFT) · supervised", page.Find(".checklist-cases").TextContent));
        await page.InvokeAsync(() => page.Find(".failing-only input").Change(false));
        page.WaitForAssertion(() => Assert.Equal(FailureAnalysisExperiment.BookEdgeCases.Select(c => c.Text), page.FindAll(".checklist-cases td.case-text").Select(c => c.TextContent)));

        var runs = await RecordedAsync(3);
        Assert.Equal(3, runs.Count);
        Assert.Equal(["centroid", "supervised", "zero-shot"], runs.Select(r => r.Method).Order());
        Assert.All(runs, r => Assert.Equal(("checklist", "checklist"), (r.Page, r.Kind)));
        Assert.All(runs, r => Assert.Equal(new ChecklistParameters(ModelCatalog.MiniLmId, 11, 6, 42), r.Parameters));
        var cases = ChecklistExpansion.Expand(ChecklistSuite.Default with { MaxCases = 6 }).Sum(t => t.Cases.Count);
        Assert.All(runs, r => Assert.Equal(cases, Assert.IsType<ChecklistHeadline>(r.Headline).Cases));
        Assert.All(runs, r => Assert.Contains($"model=minilm tests=11 max_cases=6 seed=42 cases={cases} failure_rate=", r.Description));
        // The run log's scores are over the labelled (MFT) sentences.
        Assert.All(runs, r => Assert.Equal(36, r.Scores!.Reviews));
    }

    [Fact]
    public async Task A_template_with_an_unknown_placeholder_is_named_and_the_tests_cannot_run()
    {
        var page = RenderAt<ChecklistPage>("checklist?cases=2");
        page.WaitForAssertion(() => Assert.NotEmpty(page.FindAll(".checklist-matrix .failure-rate")), Patience);

        await page.InvokeAsync(() => page.FindAll(".templates textarea")[0].Change("negative: The {film} was not good."));

        page.WaitForAssertion(() => Assert.Contains("Test 1 (Negation): \"The {film} was not good.\"", page.Find(".field-problem").TextContent));
        Assert.Contains("uses {film}, which no lexicon defines", page.Find(".field-problem").TextContent);
        Assert.True(page.Find("button.run").HasAttribute("disabled"));
    }

    [Fact]
    public async Task An_edited_template_comes_back_from_the_workbook_in_a_new_circuit()
    {
        const string Edited = "negative: The {thing} was hardly {pos_adj}.";
        await using (var first = new SameBrowser(Workbooks))
        {
            var page = first.Open<ChecklistPage>("checklist?cases=2");
            await page.InvokeAsync(() => page.FindAll(".templates textarea")[0].Change(Edited));
        }

        await using var again = new SameBrowser(Workbooks);
        var reopened = again.Open<ChecklistPage>("checklist");

        Assert.Equal(Edited, reopened.FindAll(".templates textarea")[0].TextContent);
        Assert.Equal("2", reopened.Find(".max-cases input").GetAttribute("value"));
    }
}
