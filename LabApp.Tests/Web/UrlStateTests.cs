using Bunit;
using LabApp.Services;
using Microsoft.AspNetCore.Components;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Time.Testing;
using Microsoft.JSInterop;

namespace LabApp.Tests.Web;

/// <summary>
/// The address helper against bUnit's navigation and JavaScript interop, on a fake clock: how often the browser is
/// asked to replace the address must not depend on how busy the test machine is.
/// </summary>
public sealed class UrlStateTests : BunitContext
{
    private const string Replace = "lab.replaceUrl";

    private readonly FakeTimeProvider _clock = new();
    private readonly NavigationManager _navigation;

    public UrlStateTests()
    {
        _navigation = Services.GetRequiredService<NavigationManager>();
        _navigation.NavigateTo("/supervised");
    }

    private UrlState NewUrlState() => new(_navigation, JSInterop.JSRuntime, _clock);

    private IReadOnlyList<string> Written() => JSInterop.Invocations[Replace].Select(i => (string)i.Arguments[0]!).ToArray();

    [Fact]
    public void Throttled_writes_send_the_first_at_once_and_the_last_after_the_interval()
    {
        JSInterop.SetupVoid(Replace, _ => true).SetVoidResult();
        using var url = NewUrlState();

        url.Write(("train", 100));
        url.Write(("train", 200));
        url.Write(("train", 300), ("seed", 7));

        Assert.Equal(["http://localhost/supervised?train=100"], Written());
        Assert.Equal("300", url.Text("train"));
        _clock.Advance(UrlState.Interval);
        Assert.Equal(["http://localhost/supervised?train=100", "http://localhost/supervised?train=300&seed=7"], Written());

        // Writing what the address already says asks the browser nothing.
        _clock.Advance(UrlState.Interval);
        url.Write(("train", 300));
        Assert.Equal(2, Written().Count);
    }

    [Fact]
    public void A_failing_browser_call_is_swallowed_and_later_writes_still_go_out()
    {
        JSInterop.SetupVoid(Replace, _ => true).SetException(new JSException("history.replaceState is not allowed"));
        using var url = NewUrlState();

        url.Write(("test", 50));
        _clock.Advance(UrlState.Interval);
        url.Write(("test", 60));

        Assert.Equal(2, Written().Count);
        Assert.Equal("60", url.Text("test"));
    }

    [Fact]
    public void A_browser_that_never_answers_is_given_up_on_and_the_next_write_goes_out()
    {
        var pending = JSInterop.SetupVoid(Replace, _ => true);
        using var url = NewUrlState();

        url.Write(("seed", 1));
        var first = JSInterop.Invocations[Replace][0];
        _clock.Advance(TimeSpan.FromSeconds(5));
        // Given up on, not cancelled: the framework ends the circuit when a cancelled call's answer arrives as it is cancelled.
        Assert.False(first.CancellationToken?.CanBeCanceled ?? false);

        url.Write(("seed", 2));
        Assert.Equal(2, Written().Count);
        pending.SetVoidResult();
    }

    [Fact]
    public void The_next_page_reads_its_own_address_even_before_the_navigation_is_announced()
    {
        JSInterop.SetupVoid(Replace, _ => true).SetVoidResult();
        // The router, subscribed to navigations since the circuit started, renders the next page from inside the
        // event: before anything that subscribed later (an address helper made by the first page) hears of it.
        UrlState? url = null;
        var read = new List<(bool Seed, string Uri)>();
        _navigation.LocationChanged += (_, _) => read.Add((url!.Carries("seed"), url.Uri));
        using (url = NewUrlState())
        {
            url.Write(("seed", 7));
            _navigation.NavigateTo("/data");
        }

        Assert.Equal([(false, "http://localhost/data")], read);
    }

    [Fact]
    public void A_write_still_throttled_when_the_student_moves_to_another_page_never_lands_there()
    {
        JSInterop.SetupVoid(Replace, _ => true).SetVoidResult();
        _navigation.NavigateTo("/medium/confidence");
        using var url = NewUrlState();
        url.Write(("threshold", 0.2));
        url.Write(("threshold", 0.3));

        _navigation.NavigateTo("/medium/limited-data");
        _clock.Advance(UrlState.Interval);

        Assert.Equal(["http://localhost/medium/confidence?threshold=0.2"], Written());
        Assert.EndsWith("/medium/limited-data", url.Uri);
        Assert.Null(url.Text("threshold"));
    }

    [Fact]
    public void With_shows_the_address_a_write_would_make_without_writing_it()
    {
        _navigation.NavigateTo("/medium/custom-labels?model=minilm");
        using var url = NewUrlState();

        var address = url.With(("label", new[] { "a", "b c" }), ("model", null));

        Assert.EndsWith("/medium/custom-labels?label=a&label=b%20c", address);
        Assert.Empty(JSInterop.Invocations);
        Assert.Equal("minilm", url.Text("model"));
    }

    [Theory]
    [InlineData("train=abc", null, "train=\"abc\" is not a size: write a whole number or all; the whole split is used.")]
    [InlineData("train=all", null, null)]
    [InlineData("train=99999", 99999, null)]
    [InlineData("train=-3", -3, null)]
    [InlineData("", null, null)]
    public void A_size_is_a_whole_number_or_all_and_anything_else_is_named(string query, int? size, string? problem)
    {
        _navigation.NavigateTo($"/supervised?{query}");
        using var url = NewUrlState();

        Assert.Equal(new QueryValue<int?>(size, problem), url.OptionalSize("train", null));
    }

    [Fact]
    public void A_bad_seed_or_model_comes_back_as_the_fallback_with_its_message()
    {
        _navigation.NavigateTo("/supervised?seed=-1&model=gpt&split=TEST&n=x");
        using var url = NewUrlState();

        Assert.Equal(new QueryValue<int>(42, "seed=\"-1\" is not a whole number from 0 to 2147483647; 42 is used."), url.Int("seed", 42, 0, int.MaxValue));
        Assert.Equal(new QueryValue<string>("minilm", "model=\"gpt\" is not one of minilm, mpnet; minilm is used."), url.Choice("model", "minilm", ["minilm", "mpnet"]));
        Assert.Equal(new QueryValue<string>("test", null), url.Choice("split", "train", ["train", "validation", "test"]));
        Assert.Equal(new QueryValue<int>(5, "n=\"x\" is not a whole number; 5 is used."), url.WholeNumber("n", 5));
        Assert.True(url.Carries("q", "seed"));
        Assert.False(url.Carries("q", "label"));
    }
}
