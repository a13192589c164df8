using LabApp.Services;
using Microsoft.AspNetCore.DataProtection;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.Time.Testing;

namespace LabApp.Tests.Web;

public sealed class BrowserIdentityTests
{
    [Fact]
    public void The_class_view_lasts_until_the_markers_expiry()
    {
        var time = new FakeTimeProvider(new DateTimeOffset(2026, 11, 26, 9, 0, 0, TimeSpan.Zero));
        var browser = new BrowserIdentity(time);
        browser.Attach("browser-a", time.GetUtcNow().AddHours(10));

        Assert.True(browser.SeesClass);
        time.Advance(TimeSpan.FromHours(10) - TimeSpan.FromTicks(1));
        Assert.True(browser.SeesClass);
        time.Advance(TimeSpan.FromTicks(1));
        Assert.False(browser.SeesClass);
    }

    [Fact]
    public void A_circuit_belongs_to_one_browser()
    {
        var browser = new BrowserIdentity(TimeProvider.System);

        Assert.Throws<InvalidOperationException>(() => browser.Id);
        browser.Attach("browser-a", null);
        browser.Attach("browser-a", null);
        Assert.Equal("browser-a", browser.Id);
        Assert.False(browser.SeesClass);
        Assert.Throws<InvalidOperationException>(() => browser.Attach("browser-b", null));
    }

    [Fact]
    public void The_key_matches_only_itself_and_without_one_nothing_matches()
    {
        var protection = new EphemeralDataProtectionProvider();
        var key = new InstructorKey("tuesday-class-7f3a", protection);
        var none = new InstructorKey(null, protection);

        Assert.True(key.Matches("tuesday-class-7f3a"));
        Assert.False(key.Matches("tuesday-class-7f3b"));
        Assert.False(key.Matches("tuesday-class-7f3a "));
        Assert.False(key.Matches(""));
        Assert.False(key.Matches(null));
        Assert.False(none.IsSet);
        Assert.False(none.Matches(""));
        Assert.Null(none.ClassViewUntil(new DefaultHttpContext()));
    }
}
