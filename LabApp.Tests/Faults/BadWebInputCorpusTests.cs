using Bunit;
using LabApp.Components.Pages.ZeroShot;
using LabApp.Core.Classifiers;
using LabApp.Core.Experiments;
using LabApp.Services;
using LabApp.Tests.Pages;
using Microsoft.AspNetCore.Components;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Time.Testing;

namespace LabApp.Tests.Faults;

/// <summary>
/// The corpus's web inputs a page checks on the server: texts with nothing to read (only zero-width or other invisible
/// characters) are refused like empty ones, each by the check its page shows beside the field; an address with more
/// labels than a page takes keeps the first ones with a message; a state too long for an address is never written into
/// one (a reload would get HTTP 414).
/// </summary>
public sealed class BadWebInputCorpusTests : PageTests
{
    public static TheoryData<string> Invisible => new() { "\u200B", "\uFEFF", "\u200B \u200D\u200C", "\u00AD", "\u2060\u200E", " \u180E " };

    [Theory]
    [MemberData(nameof(Invisible))]
    public void An_invisible_label_is_refused_beside_the_zero_shot_editor(string label)
    {
        var page = RenderAt<ZeroShotPage>($"zero-shot?label=A%20negative%20review&label={Uri.EscapeDataString(label)}");

        page.WaitForAssertion(() => Assert.Contains("Label 2 is empty: type a description or remove it.", page.Find(".label-problem").TextContent));
        Assert.Empty(page.FindAll(".report-table"));
    }

    [Theory]
    [InlineData(21)]
    [InlineData(200)]
    public void An_address_with_more_labels_than_the_page_takes_keeps_the_first_with_a_message(int count)
    {
        var query = string.Join('&', Enumerable.Range(1, count).Select(i => $"label=label%20{i}"));
        var page = RenderAt<ZeroShotPage>($"zero-shot?{query}");

        page.WaitForAssertion(() => Assert.Contains(
            $"The address has {count} labels; the first {ZeroShotClassifier.MostLabels} are used", page.Find(".label-address-problem").TextContent));
        Assert.Equal(ZeroShotClassifier.MostLabels, page.FindAll(".label-description").Count);
    }

    [Theory]
    [MemberData(nameof(Invisible))]
    public void An_invisible_review_or_edge_case_is_refused_by_every_medium_task(string text)
    {
        Assert.Equal("Review 2 is empty: type a review or remove it.", CustomLabelsExperiment.CheckReviews(["a fine film", text]));
        Assert.Equal("Review 1 is empty: type a review or remove it.", ConfidenceExperiment.Check([new LabelledReview(text, 1)]));
        Assert.Equal("Edge case 1 has no text: type one or remove the case.", FailureAnalysisExperiment.Check([new EdgeCase("Sarcastic", text, 0)]));
        Assert.StartsWith("Edge case 1 has no category", FailureAnalysisExperiment.Check([new EdgeCase(text, "a fine film", 0)]));
        Assert.Equal("Label 1 is empty: type a description or remove it.", ConfidenceExperiment.CheckLabels([text, "positive"]));
    }

    [Theory]
    [InlineData(1, 10_000)]
    [InlineData(100, 100)]
    public void A_state_too_long_for_an_address_is_not_written_and_the_last_that_fits_stays(int labels, int length)
    {
        JSInterop.SetupVoid("lab.replaceUrl", _ => true).SetVoidResult();
        var navigation = Services.GetRequiredService<NavigationManager>();
        navigation.NavigateTo("/zero-shot");
        var clock = new FakeTimeProvider();
        using var url = new UrlState(navigation, JSInterop.JSRuntime, clock);

        url.Write(("label", new[] { "A negative review", "A positive review" }));
        clock.Advance(UrlState.Interval);
        url.Write(("label", Enumerable.Range(0, labels).Select(i => $"{i} " + new string('x', length)).ToArray()));
        clock.Advance(UrlState.Interval);

        var written = JSInterop.Invocations["lab.replaceUrl"].Select(i => (string)i.Arguments[0]!).ToArray();
        Assert.Equal(["http://localhost/zero-shot?label=A%20negative%20review&label=A%20positive%20review"], written);
        Assert.Equal(written[0], url.Uri);
    }
}
