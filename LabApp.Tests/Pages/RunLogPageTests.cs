using Bunit;
using LabApp.Components.Pages.Log;
using LabApp.Core.Storage;
using LabApp.Services;
using Microsoft.Extensions.DependencyInjection;

namespace LabApp.Tests.Pages;

public sealed class RunLogPageTests : PageTests
{
    [Fact]
    public void Lists_this_browsers_runs_newest_first_and_filters_them()
    {
        Log.Add(TestRuns.Supervised());
        Log.Add(TestRuns.ZeroShot("A negative review", "A positive review"));
        Services.GetRequiredService<RunLog>().Add("another-browser", TestRuns.ZeroShot("someone else's", "b"));
        var page = RenderAt<RunLogPage>("log?q=zero");

        var row = Assert.Single(page.FindAll(".run-log tbody tr"));
        Assert.Contains("model=minilm test=all labels=\"A negative review\" | \"A positive review\"", row.TextContent);
        Assert.Equal("0.8000", row.QuerySelector("td.accuracy")!.TextContent);
        Assert.Equal("log/export.csv?filter=zero", page.Find("a.export-csv").GetAttribute("href"));
        Assert.Equal("log/export.md?filter=zero", page.Find("a.export-md").GetAttribute("href"));
        Assert.Equal("log/export.json?filter=zero", page.Find("a.export-json").GetAttribute("href"));
        Assert.DoesNotContain("someone else", page.Markup);
    }

    [Fact]
    public void A_custom_label_run_shows_a_dash_for_every_score_and_its_own_numbers()
    {
        Log.Add(TestRuns.CustomLabels("a moving film", "a dull film"));

        var page = Render<RunLogPage>();

        var row = Assert.Single(page.FindAll(".run-log tbody tr"));
        Assert.Equal(["—", "—", "—", "—"], row.QuerySelectorAll("td").Skip(4).Take(4).Select(td => td.TextContent));
        Assert.Contains("labels=\"a moving film\" | \"a dull film\" reviews=8 uncertain=3 mean_margin=0.042", row.TextContent);
        Assert.DoesNotContain("0.0000", row.TextContent);
    }

    [Fact]
    public void A_run_made_in_another_tab_of_this_browser_appears_without_a_reload()
    {
        var page = Render<RunLogPage>();
        Assert.Contains("No runs yet", page.Markup);

        Log.Add(TestRuns.Supervised(train: 500, seed: 1));

        page.WaitForAssertion(() => Assert.Contains("train=500", Assert.Single(page.FindAll(".run-log tbody tr")).TextContent));
    }

    [Fact]
    public void Without_an_instructor_key_on_the_server_there_is_no_key_field()
    {
        var page = Render<RunLogPage>();

        Assert.Empty(page.FindAll("form"));
        Assert.Empty(page.FindAll("input[type=password]"));
    }
}

/// <summary>The run log page on a server that has an instructor key.</summary>
public sealed class ClassRunLogPageTests() : PageTests(instructorKey: "tuesday-class-7f3a")
{
    private RunLog Shared => Services.GetRequiredService<RunLog>();

    [Fact]
    public void A_student_sees_their_own_runs_and_a_key_field_that_posts_to_the_server()
    {
        Shared.Add("another-browser", TestRuns.ZeroShot("someone else's", "b"));
        Log.Add(TestRuns.Supervised(train: 100));
        var page = Render<RunLogPage>();

        Assert.Single(page.FindAll(".run-log tbody tr"));
        var form = page.Find("form.class-view-form");
        Assert.Equal(("post", "log/class"), (form.GetAttribute("method"), form.GetAttribute("action")));
        Assert.Equal("key", form.QuerySelector("input[type=password]")!.GetAttribute("name"));
        Assert.Empty(page.FindAll(".wrong-key"));
        Assert.DoesNotContain("student", page.Find(".run-log thead").TextContent);
    }

    [Fact]
    public void A_wrong_key_gets_one_message_beside_the_field()
    {
        var page = RenderAt<RunLogPage>("log?key=wrong");

        Assert.Equal("That is not the instructor's key: check it and enter it again.", page.Find(".wrong-key").TextContent);
        Assert.Null(page.Find("input[type=password]").GetAttribute("value"));
    }

    [Fact]
    public void With_the_marker_the_page_shows_every_browsers_runs_by_numbered_student_and_exports_the_class()
    {
        Shared.Add("another-browser", TestRuns.CustomLabels("someone else's", "b"));
        Log.Add(TestRuns.Supervised(train: 100));
        Services.GetRequiredService<BrowserIdentity>().Attach(BrowserId, DateTimeOffset.UtcNow.AddHours(1));
        var page = Render<RunLogPage>();

        var students = page.FindAll(".run-log tbody td[data-label=student]").Select(td => td.TextContent);
        Assert.Equal(["student 2", "student 1"], students);
        // The other student's custom label set has nothing to score: no accuracy, not 0.
        Assert.Equal(["0.8000", "—"], page.FindAll(".run-log tbody td.accuracy").Select(td => td.TextContent));
        Assert.Equal("log/class/export.csv", page.Find("a.export-csv").GetAttribute("href"));
        Assert.Equal(("post", "log/class/leave"), (page.Find("form.class-view-form").GetAttribute("method"), page.Find("form.class-view-form").GetAttribute("action")));
        Assert.DoesNotContain("another-browser", page.Markup);
        Assert.DoesNotContain(BrowserId, page.Markup);
    }

    [Fact]
    public void A_run_of_another_student_appears_in_the_class_view_without_a_reload()
    {
        Services.GetRequiredService<BrowserIdentity>().Attach(BrowserId, DateTimeOffset.UtcNow.AddHours(1));
        var page = Render<RunLogPage>();
        Assert.Contains("No runs yet", page.Markup);

        Shared.Add("another-browser", TestRuns.Supervised(train: 700));

        page.WaitForAssertion(() => Assert.Contains("train=700", Assert.Single(page.FindAll(".run-log tbody tr")).TextContent));
    }
}
