using Bunit;
using LabApp.Services;
using Microsoft.AspNetCore.Components;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Time.Testing;

namespace LabApp.Tests.Web;

/// <summary>The address helper over bUnit's navigation and JavaScript, on a fake clock for its throttle.</summary>
public sealed class UrlStateTests : BunitContext
{
    private readonly FakeTimeProvider _clock = new();

    public UrlStateTests() => JSInterop.Mode = JSRuntimeMode.Loose;

    private NavigationManager Navigation => Services.GetRequiredService<NavigationManager>();

    private UrlState Open(string route)
    {
        Navigation.NavigateTo(route);
        return new UrlState(Navigation, JSInterop.JSRuntime, _clock);
    }

    [Fact]
    public void A_write_still_throttled_when_the_student_moves_to_another_page_never_lands_there()
    {
        using var url = Open("/medium/confidence");
        url.Write(("threshold", 0.2));
        url.Write(("threshold", 0.3));

        Navigation.NavigateTo("/medium/limited-data");
        _clock.Advance(UrlState.Interval);

        var written = Assert.Single(JSInterop.Invocations, i => i.Identifier == "lab.replaceUrl");
        Assert.EndsWith("/medium/confidence?threshold=0.2", (string)written.Arguments[0]!);
        Assert.EndsWith("/medium/limited-data", url.Uri);
        Assert.Null(url.Text("threshold"));
    }

    [Fact]
    public void With_shows_the_address_a_write_would_make_without_writing_it()
    {
        using var url = Open("/medium/custom-labels?model=minilm");

        var address = url.With(("label", new[] { "a", "b c" }), ("model", null));

        Assert.EndsWith("/medium/custom-labels?label=a&label=b%20c", address);
        Assert.Empty(JSInterop.Invocations);
        Assert.Equal("minilm", url.Text("model"));
    }
}
