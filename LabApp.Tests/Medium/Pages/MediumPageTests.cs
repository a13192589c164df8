using AngleSharp.Dom;
using LabApp.Core.Experiments;
using Bunit;
using LabApp.Components.Pages.Medium;
using LabApp.Services;
using Microsoft.AspNetCore.Components;
using Microsoft.Extensions.DependencyInjection;

namespace LabApp.Tests.Medium.Pages;

public sealed class MediumPageTests : MediumPageContext
{
    [Fact]
    public void The_confidence_page_opens_in_the_state_its_query_string_names()
    {
        var page = RenderPage<Confidence>("/medium/confidence?threshold=0.3&measure=max");

        page.WaitForAssertion(() => Assert.Contains("Per review at threshold 0.30", page.Markup), Patience);
        Assert.Contains("Confidence (max similarity − 0.5)", page.Markup);
        page.WaitForAssertion(() => Assert.Contains("The same on the real test split (1066 reviews)", page.Markup), Patience);
        Assert.Contains("0.30 (current)", page.Markup);
    }

    [Fact]
    public void The_confidence_page_predicts_everything_at_threshold_0_with_the_margin()
    {
        var page = RenderPage<Confidence>("/medium/confidence?threshold=0&measure=margin");

        page.WaitForAssertion(() => Assert.Contains("Per review at threshold 0.00", page.Markup), Patience);
        Assert.All(page.FindAll(".confidence-reviews tbody td:last-child"), status => Assert.StartsWith("PREDICTED", status.TextContent.Trim()));
        Assert.Contains("8 / 8", page.Markup);
    }

    [Fact]
    public async Task Choosing_another_measure_puts_it_in_the_address()
    {
        var page = RenderPage<Confidence>("/medium/confidence?threshold=0.3&measure=margin");
        page.WaitForAssertion(() => Assert.Contains("Per review at threshold 0.30", page.Markup), Patience);

        // Find and click in one dispatch: the page may re-render in between while its test-split analysis arrives.
        await page.InvokeAsync(() => page.FindAll("input[type=radio]")[1].Click());

        page.WaitForAssertion(() =>
        {
            Assert.Contains("measure=max", Address);
            Assert.Contains("threshold=0.3&", Address);
            Assert.Contains("Confidence (max similarity − 0.5)", page.Markup);
        }, Patience);
    }

    [Fact]
    public void Settings_the_address_gets_wrong_are_explained_beside_their_fields()
    {
        var page = RenderPage<Confidence>("/medium/confidence?threshold=7&measure=median&model=bert");

        page.WaitForAssertion(() => Assert.Contains("Per review at threshold 0.15", page.Markup), Patience);
        Assert.Contains("threshold=\"7\" is not a number from 0 to 0.5; 0.15 is used.", page.Markup);
        Assert.Contains("measure=\"median\" is neither margin nor max; margin is used.", page.Markup);
        Assert.Contains("model=\"bert\" is not an embedding model of the lab (minilm, mpnet); minilm is used.", page.Markup);
    }

    [Fact]
    public void Reviews_and_their_true_labels_come_from_the_address()
    {
        var page = RenderPage<Confidence>("/medium/confidence?threshold=0&review=A%20radiant%20film&truth=1&review=A%20dreary%20slog&truth=0");

        page.WaitForAssertion(() => Assert.Contains("2 / 2", page.Markup), Patience);
        Assert.Equal(["A radiant film", "A dreary slog"], page.FindAll("table tbody tr td:first-child").Select(td => td.TextContent).Take(2));
    }

    [Fact]
    public async Task Removing_labels_down_to_one_explains_the_problem_beside_the_labels()
    {
        var page = RenderPage<CustomLabels>();
        page.WaitForAssertion(() => Assert.Contains("Each review's best and second-best label", page.Markup), Patience);

        // Each find and click in one dispatch: the page re-renders between removals as it re-evaluates the labels.
        for (var remaining = 5; remaining > 1; remaining--)
            await page.InvokeAsync(() => page.FindAll("button[aria-label='Remove label']")[0].Click());

        page.WaitForAssertion(() => Assert.Contains("Give at least two label descriptions (there is one).", page.Markup), Patience);
    }

    [Fact]
    public async Task Moving_a_label_down_reorders_the_label_set_and_the_last_cannot_move_further()
    {
        var page = RenderPage<CustomLabels>();
        page.WaitForAssertion(() => Assert.Contains("Each review's best and second-best label", page.Markup), Patience);

        await page.InvokeAsync(() => page.FindAll("button[aria-label='Move down']")[0].Click());

        page.WaitForAssertion(() =>
        {
            var labels = page.FindAll("input").Select(i => i.GetAttribute("value") ?? "").Where(v => v.EndsWith("sentiment")).ToArray();
            Assert.Equal(["somewhat negative sentiment", "extremely negative sentiment", "neutral sentiment", "somewhat positive sentiment", "extremely positive sentiment"], labels);
        }, Patience);
        Assert.True(page.FindAll("button[aria-label='Move down']")[^1].HasAttribute("disabled"));
    }

    [Fact]
    public async Task A_snapshot_can_be_compared_after_adding_a_category()
    {
        var page = RenderPage<CustomLabels>();
        page.WaitForAssertion(() => Assert.Contains("Each review's best and second-best label", page.Markup), Patience);

        await page.InvokeAsync(() => ButtonWithText(page, "Save snapshot").Click());
        await page.InvokeAsync(() => ButtonWithText(page, "Book: 6 levels").Click());

        page.WaitForAssertion(() => Assert.Contains("Added: \"very positive sentiment\"", page.Markup), Patience);
        Assert.Contains("\"Snapshot 1 (5 labels)\" → now:", page.Markup);
    }

    [Fact]
    public async Task A_50000_character_review_is_classified_and_said_to_be_truncated()
    {
        var page = RenderPage<CustomLabels>();
        page.WaitForAssertion(() => Assert.Contains("Each review's best and second-best label", page.Markup), Patience);
        var longReview = string.Concat(Enumerable.Repeat("A slow, muddled and overlong film. ", 1500))[..50_000];

        await page.InvokeAsync(() => page.FindAll(".review-text textarea")[0].Input(longReview));

        page.WaitForAssertion(() => Assert.Contains("Long review (50,000 characters): the model read only its first 256 tokens.", page.Markup), Patience);
    }

    [Fact]
    public async Task The_books_step_from_five_to_six_levels_is_one_click_and_compares_them()
    {
        var page = RenderPage<CustomLabels>();
        page.WaitForAssertion(() => Assert.Contains("multi-class classification (5 categories)", page.Markup), Patience);
        SettleRuns();

        await page.InvokeAsync(() => ButtonWithText(page, "Book: 5 → 6 levels").Click());

        page.WaitForAssertion(() => Assert.Contains("multi-class classification (6 categories)", page.Markup), Patience);
        SettleRuns();
        Assert.Contains("\"Book: 5 levels\" → now:", page.Markup);
        Assert.Contains("Added: \"very positive sentiment\"", page.Markup);
        Assert.Equal(BookInputs.SixLevels, page.FindAll("input").Select(i => i.GetAttribute("value") ?? "").Where(v => v.EndsWith("sentiment")));
        Assert.Equal(2, Log.Find().Count(r => r.Page == "custom-labels"));
    }

    [Fact]
    public async Task A_note_in_the_experiment_log_stays_with_its_measure_and_threshold_after_leaving_the_page()
    {
        var page = RenderPage<Confidence>("/medium/confidence?threshold=0.15&measure=margin");
        page.WaitForAssertion(() => Assert.Contains("Experiment log (margin)", page.Markup), Patience);

        await page.InvokeAsync(() => page.Find("input[aria-label='Notes for threshold 0.30']").Input("nothing predicted"));
        await DisposeComponentsAsync();
        var back = RenderPage<Confidence>("/medium/confidence?threshold=0.15&measure=margin");

        back.WaitForAssertion(() => Assert.Equal("nothing predicted", back.Find("input[aria-label='Notes for threshold 0.30']").GetAttribute("value")), Patience);
        Assert.Equal("", back.Find("input[aria-label='Notes for threshold 0.05']").GetAttribute("value") ?? "");
    }

    [Fact]
    public void Label_descriptions_come_from_the_address()
    {
        var page = RenderPage<Confidence>("/medium/confidence?threshold=0&label=A%20dull%20film&label=A%20wonderful%20film");
        page.WaitForAssertion(() => Assert.Contains("Per review at threshold 0.00", page.Markup), Patience);
        Assert.Contains("A wonderful film", page.FindAll(".confidence-reviews tbody td:nth-child(3)").Select(td => td.TextContent));

    }

    [Fact]
    public void Another_count_of_label_descriptions_than_two_in_the_address_is_explained()
    {
        var page = RenderPage<Confidence>("/medium/confidence?label=only%20one");

        page.WaitForAssertion(() => Assert.Contains("Per review at threshold 0.15", page.Markup), Patience);
        Assert.Contains("The page takes two label descriptions, negative then positive (label=…&amp;label=…), and the address gives 1: \"A negative movie review\" and \"A positive movie review\" are used.", page.Markup);
    }

    [Fact]
    public void The_limited_data_page_opens_on_the_books_cell_and_says_where_the_task_specific_model_goes()
    {
        var page = RenderPage<LimitedData>();

        page.WaitForAssertion(() => Assert.Single(page.FindAll(".results tbody tr")), Patience);
        var cells = page.FindAll(".results tbody tr td").Select(c => c.TextContent).ToArray();
        // Without the task-specific model, the book's 300 test reviews compare with the book's printed Task F1.
        Assert.Equal(["1000", "0.7709book"], cells[..2].Select(c => c.Replace(" ", "").Trim()));
        Assert.Matches(@"^0\.\d{4}$", cells[2]);
        var f1 = double.Parse(cells[2], System.Globalization.CultureInfo.InvariantCulture);
        Assert.Equal(BookFormat.Signed(f1 - 0.7709, 4), cells[3]);
        Assert.Equal(f1 > 0.7709 ? "Embed" : "Task", cells[4]);
        Assert.Equal("300 · seed 42 · minilm", cells[5]);
        Assert.Contains("twitter-roberta F1 on these 300 reviews (0.7709", page.Find(".book-task-f1").TextContent);
        Assert.Contains("is not on this machine: on the book's test reviews the book's printed F1 stands in", page.Find(".task-missing").TextContent);
        Assert.Single(page.FindAll(".verdict"));
        Assert.Contains("Example predictions (first 5 test samples), after training on 1,000", page.Markup);
        Assert.Equal(5, page.FindAll(".examples tbody tr").Count);
        Assert.StartsWith("'unpretentious , charming , quirky , original...'", page.Find(".examples tbody tr td").TextContent);
    }

    [Fact]
    public async Task The_seed_band_is_each_seeds_run_at_the_books_sizes_with_the_mean_and_sample_sd()
    {
        var page = RenderPage<LimitedData>("/medium/limited-data?seeds=42,%207");
        page.WaitForAssertion(() => Assert.Single(page.FindAll(".results tbody tr")), Patience);

        await page.InvokeAsync(() => page.Find("button.draw-band").Click());

        page.WaitForAssertion(() => Assert.Equal(LimitedDataExperiment.BookSizes.Count, page.FindAll(".band-table tbody tr").Count), Patience);
        page.WaitForAssertion(() => Assert.DoesNotContain("—", page.Find(".band-table tbody tr:last-child").TextContent), Patience);
        var rows = new List<LimitedDataRow>();
        await foreach (var row in MediumFixtures.LimitedData().RunSeedsAsync(LimitedDataSettings.Default, LimitedDataExperiment.BookSizes, [42, 7]))
            rows.Add(row);
        var band = SeedBand.Of(rows);
        var cells = page.FindAll(".band-table tbody tr").Select(r => r.QuerySelectorAll("td").Select(c => c.TextContent).ToArray()).ToArray();
        Assert.Equal(band.Points.Select(p => p.TrainSize.ToString()), cells.Select(c => c[0]));
        Assert.Equal(band.Points.Select(p => BookFormat.Fixed(p.Mean, 4)), cells.Select(c => c[1]));
        Assert.Equal(band.Points.Select(p => BookFormat.Fixed(p.StandardDeviation!.Value, 4)), cells.Select(c => c[2]));
        Assert.Equal(rows.Where(r => r.Seed == 42).Select(r => BookFormat.Fixed(r.WeightedF1, 4)), cells.Select(c => c[3]));
        Assert.Contains("n − 1 in the denominator", page.Find(".seed-band").TextContent);
    }

    [Fact]
    public async Task Seeds_that_are_not_numbers_are_named_beside_the_field_and_draw_nothing()
    {
        var page = RenderPage<LimitedData>();

        await page.InvokeAsync(() => page.Find(".band-seeds input").Input("42, forty"));

        page.WaitForAssertion(() => Assert.Contains("'forty' is not a seed", page.Find(".band-seeds").TextContent));
        Assert.True(page.Find("button.draw-band").HasAttribute("disabled"));
    }

    [Fact]
    public async Task A_typed_train_size_trains_on_exactly_that_many_reviews_and_the_slider_snaps_to_the_books_sizes()
    {
        var page = RenderPage<LimitedData>("/medium/limited-data?train=500");
        page.WaitForAssertion(() => Assert.Equal("500", page.Find(".results tbody tr td").TextContent), Patience);

        await page.InvokeAsync(() => page.Find(".train-size input").Input("733"));

        page.WaitForAssertion(() => Assert.Contains("733", page.FindAll(".results tbody tr td:first-child").Select(c => c.TextContent)), Patience);
        Assert.Contains("train=733", Address);
        var state = Services.GetRequiredService<StudentState>().LimitedData;
        // 733 lies nearest the book's 500, where the slider now stands; moving it one step on lands on 1000 exactly.
        Assert.Equal(1, state.BookSizePosition);
        await page.InvokeAsync(() => page.Find("input[type=range]").Input("3"));
        Assert.Equal(2000, state.TrainSize);
        page.WaitForAssertion(() => Assert.Contains("2000", page.FindAll(".results tbody tr td:first-child").Select(c => c.TextContent)), Patience);
    }

    [Fact]
    public async Task A_training_size_trained_before_comes_back_from_the_table_at_once()
    {
        var page = RenderPage<LimitedData>("/medium/limited-data?train=500");
        page.WaitForAssertion(() => Assert.Contains("after training on 500", page.Markup), Patience);
        await page.InvokeAsync(() => page.Find("input[type=range]").Input("2"));
        page.WaitForAssertion(() => Assert.Contains("after training on 1,000", page.Markup), Patience);

        await page.InvokeAsync(() => page.Find("input[type=range]").Input("1"));

        // No wait for a pause or a fit: the very next render shows the row of 500 again.
        Assert.Contains("after training on 500", page.Markup);
        Assert.Equal(["500", "1000"], page.FindAll(".results tbody tr td:first-child").Select(c => c.TextContent));
    }

    [Fact]
    public async Task Dragging_the_threshold_rewrites_the_address_and_the_workbook_keeps_where_it_rests()
    {
        var page = RenderPage<Confidence>("/medium/confidence?threshold=0.3&measure=margin");
        page.WaitForAssertion(() => Assert.Contains("Per review at threshold 0.30", page.Markup), Patience);

        foreach (var threshold in new[] { "0.29", "0.28", "0.27", "0.26", "0.25" })
            await page.InvokeAsync(() => page.Find("input[type=range]").Input(threshold));

        Assert.Contains("Per review at threshold 0.25", page.Markup);
        page.WaitForAssertion(() => Assert.Contains("threshold=0.25", Address), Patience);
        await Services.GetRequiredService<PageStates>().FlushAsync();
        Assert.Contains("\"Threshold\":0.25", Workbooks.Value.Load(BrowserId, ConfidenceState.Page));
    }

    [Fact]
    public async Task The_failure_analysis_page_prints_the_books_cell_on_the_books_edge_cases()
    {
        var analysis = await MediumFixtures.FailureAnalysisResult;
        var confident = analysis.HighConfidenceErrors(0.7);

        var page = RenderPage<FailureAnalysis>();

        page.WaitForAssertion(() => Assert.NotEmpty(page.FindAll(".edge-accuracy")), Patience);
        Assert.Equal(FailureAnalysisExperiment.BookEdgeCases.Select(c => c.Text), page.FindAll("input").Select(i => i.GetAttribute("value")).Where(FailureAnalysisExperiment.BookEdgeCases.Select(c => c.Text).Contains));
        Assert.Contains($"Correct: {analysis.Correct}/200 ({BookFormat.Percent(analysis.Accuracy, 1)})", page.Find(".overall").TextContent);
        Assert.Contains($"False positives: {analysis.FalsePositives} (predicted positive, actually negative)", page.Find(".error-types").TextContent);
        Assert.Contains(analysis.BiasText ?? "no bias either way", page.Find(".bias").TextContent);
        Assert.Contains($"Found {confident.Count} high-confidence errors (confidence > 0.7)", page.Find(".confident-count").TextContent);
        Assert.Equal(confident.Take(5).Select((e, i) => $"{i + 1}. '{e.Text}'"), page.FindAll(".surprising p:first-child").Select(p => p.TextContent));
        Assert.Equal(Math.Min(10, confident.Count), page.FindAll(".all-errors tbody tr").Count);
        Assert.Contains($"→ Observation: {analysis.LengthObservation}", page.Find(".length-observation").TextContent);
        var report = Services.GetRequiredService<StudentState>().FailureAnalysis.Report!;
        Assert.Contains($"Difference{BookFormat.SignedPercent(analysis.Accuracy - report.Accuracy, 1)}", page.Find(".accuracy-difference").TextContent);
        Assert.Contains(string.Join(", ", report.FailingCategories), page.Find(".failing").TextContent);
    }

    [Fact]
    public async Task The_high_confidence_cut_answers_on_every_input_without_waiting()
    {
        var analysis = await MediumFixtures.FailureAnalysisResult;
        var page = RenderPage<FailureAnalysis>();
        page.WaitForAssertion(() => Assert.NotEmpty(page.FindAll(".confident-count")), Patience);

        await page.InvokeAsync(() => page.Find(".cut input").Input("0.8"));

        // No wait: the very next render already counts the errors above the new cut.
        Assert.Contains($"Found {analysis.HighConfidenceErrors(0.8).Count} high-confidence errors (confidence > 0.8)", page.Find(".confident-count").TextContent);
        Assert.Contains("confidence=0.8", Address);
    }

    [Fact]
    public async Task A_students_labels_are_there_again_after_leaving_the_page_and_coming_back()
    {
        var page = RenderPage<CustomLabels>();
        page.WaitForAssertion(() => Assert.Contains("Each review's best and second-best label", page.Markup), Patience);
        await page.InvokeAsync(() => ButtonWithText(page, "6 levels, no neutral").Click());
        page.WaitForAssertion(() => Assert.Contains("slightly positive sentiment", page.Markup), Patience);

        await DisposeComponentsAsync();
        var back = RenderPage<CustomLabels>("/medium/custom-labels");

        Assert.Equal(CustomLabelsExperiment.NoNeutralLevels, back.FindAll("input").Select(i => i.GetAttribute("value") ?? "").Where(v => v.EndsWith("sentiment")));
    }

    [Fact]
    public async Task A_list_too_long_for_the_address_stays_in_the_workbook_and_its_link_on_the_server()
    {
        var page = RenderPage<CustomLabels>();
        page.WaitForAssertion(() => Assert.Contains("Each review's best and second-best label", page.Markup), Patience);
        var longReview = string.Concat(Enumerable.Repeat("A long, winding and oddly moving film. ", 60));

        await page.InvokeAsync(() => page.FindAll(".review-text textarea")[0].Input(longReview));

        await Services.GetRequiredService<PageStates>().FlushAsync();
        Assert.Contains("oddly moving", Workbooks.Value.Load(BrowserId, CustomLabelsState.Page));
        Assert.DoesNotContain("review=", Address);
        await page.InvokeAsync(() => ButtonWithText(page, "Copy link").Click());
        var link = page.Find(".shared-link input").GetAttribute("value")!;
        Assert.Matches(@"/medium/custom-labels\?s=[A-Za-z0-9_-]{16}$", link);

        await using var friend = new Student();
        var shared = friend.Open<CustomLabels>(new Uri(link).PathAndQuery);
        Assert.Equal(longReview, shared.FindAll(".review-text textarea")[0].TextContent);
    }

    [Fact]
    public void The_work_this_browser_saved_for_a_page_comes_back_on_a_reload_under_the_addresss_settings()
    {
        Workbooks.Value.Save(BrowserId, FailureAnalysisState.Page,
            """{"Inputs":{"ModelId":"minilm","EdgeCases":[{"Category":"Irony","Text":"What a treat, said no one ever.","Expected":0}],"MinConfidence":0.9},"Answers":["Sarcasm fools it."]}""",
            DateTimeOffset.UtcNow);

        var page = RenderPage<FailureAnalysis>("/medium/failure-analysis?confidence=0.8");

        page.WaitForAssertion(() => Assert.NotEmpty(page.FindAll(".edge-accuracy")), Patience);
        Assert.Contains("What a treat, said no one ever.", page.FindAll("input").Select(i => i.GetAttribute("value")));
        Assert.Contains("Irony", page.FindAll("input").Select(i => i.GetAttribute("value")));
        // The address wins for the settings it carries.
        Assert.Equal("0.8", page.Find(".cut input").GetAttribute("value"));
        Assert.Equal(["Sarcasm fools it."], Services.GetRequiredService<StudentState>().FailureAnalysis.Answers.Texts);
    }

    [Theory]
    [InlineData("{\"Inputs\": {\"Reviews\": [", "could not be read")]
    [InlineData("{\"Inputs\": {\"Reviews\": [null, {\"Text\": null, \"True\": 0}]}}", "Review 1 is empty: type a review or remove it.")]
    public void Saved_work_in_a_shape_the_page_cannot_use_is_explained(string saved, string expected)
    {
        Workbooks.Value.Save(BrowserId, ConfidenceState.Page, saved, DateTimeOffset.UtcNow);

        var page = RenderPage<Confidence>("/medium/confidence");

        page.WaitForAssertion(() => Assert.Contains(expected, page.Markup), Patience);
    }

    [Fact]
    public async Task Another_students_browser_sees_none_of_this_students_work()
    {
        var page = RenderPage<LimitedData>("/medium/limited-data?train=120");
        page.WaitForAssertion(() => Assert.NotEmpty(page.FindAll(".results tbody tr")), Patience);
        await Services.GetRequiredService<PageStates>().FlushAsync();
        Assert.Contains("\"TrainSize\":120", Workbooks.Value.Load(BrowserId, LimitedDataState.Page));

        await using var other = new Student();
        var theirs = other.Open<LimitedData>("/medium/limited-data");

        Assert.Equal("1000", theirs.Find(".train-size input").GetAttribute("value"));
        Assert.DoesNotContain(">120<", theirs.Markup);
    }

    [Fact]
    public async Task The_examples_are_those_of_the_size_in_the_box_after_the_books_table_is_filled()
    {
        var page = RenderPage<LimitedData>("/medium/limited-data?train=1000");
        page.WaitForAssertion(() => Assert.Single(page.FindAll(".results tbody tr")), Patience);

        await page.InvokeAsync(() => page.FindAll("button").First(b => b.TextContent.Contains("Fill the book's table")).Click());

        page.WaitForAssertion(() => Assert.Equal(5, page.FindAll(".results tbody tr").Count), Patience);
        Assert.Contains("Example predictions (first 5 test samples), after training on 1,000", page.Markup);
        Assert.Equal("1000", page.Find(".train-size input").GetAttribute("value"));
    }

    [Fact]
    public async Task A_new_edge_case_has_no_expected_label_until_chosen_and_is_classified_as_it_is_typed()
    {
        var page = RenderPage<FailureAnalysis>();
        page.WaitForAssertion(() => Assert.Equal(6, page.FindAll(".edge-verdict").Count), Patience);

        await page.InvokeAsync(() => ButtonWithText(page, "Add edge case").Click());
        var state = Services.GetRequiredService<StudentState>().FailureAnalysis;
        Assert.Equal(-1, state.Cases[^1].Expected);
        await page.InvokeAsync(() => page.FindAll(".edge-text input")[^1].Input("Not bad at all, honestly."));

        // Typed, not yet left: the text is the case's already, and what is missing is the label.
        Assert.Equal("Not bad at all, honestly.", state.Cases[^1].Text);
        page.WaitForAssertion(() => Assert.Contains("Edge case 7 needs an expected label: negative or positive.", page.Markup), Patience);
        Assert.DoesNotContain("has no text", page.Markup);

        await page.InvokeAsync(() => page.FindComponents<MudBlazor.MudSelect<int>>()[^1].Instance.ValueChanged.InvokeAsync(1));
        page.WaitForAssertion(() => Assert.Equal(7, page.FindAll(".edge-verdict").Count), Patience);
    }

    [Fact]
    public async Task Leaving_a_page_while_it_works_throws_nothing()
    {
        RenderPage<LimitedData>();

        await DisposeComponentsAsync();
    }

    private sealed class Student : MediumPageContext
    {
        public IRenderedComponent<TPage> Open<TPage>(string uri) where TPage : IComponent => RenderPage<TPage>(uri);
    }

    private static IElement ButtonWithText<T>(IRenderedComponent<T> page, string text) where T : Microsoft.AspNetCore.Components.IComponent =>
        page.FindAll("button").First(b => b.TextContent.Contains(text, StringComparison.OrdinalIgnoreCase));
}
