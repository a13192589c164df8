using Bunit;
using LabApp.Components.Pages.Log;
using LabApp.Core.Storage;
using LabApp.Services;
using Microsoft.Extensions.DependencyInjection;

namespace LabApp.Tests.Pages;

public sealed class RunLogPageTests : PageTests
{
    internal static RunRecord Record(string page, string parameters) =>
        new(0, DateTimeOffset.Now, page, page == "zero-shot" ? "zero-shot" : "supervised", "sentence-transformers/all-MiniLM-L6-v2",
            parameters, 0.8, 0.79, 0.78, 1066, TimeSpan.FromSeconds(2));

    [Fact]
    public void Lists_this_browsers_runs_newest_first_and_filters_them()
    {
        Log.Add(Record("supervised", "model=minilm train=all test=all seed=42"));
        Log.Add(Record("zero-shot", "labels=\"A negative review\" | \"A positive review\""));
        Services.GetRequiredService<RunLog>().Add("another-browser", Record("zero-shot", "labels=\"someone else's\""));
        var page = RenderAt<RunLogPage>("log?q=zero");

        var row = Assert.Single(page.FindAll(".run-log tbody tr"));
        Assert.Contains("A positive review", row.TextContent);
        Assert.Contains("0.8000", row.TextContent);
        Assert.Equal("log/export.csv?filter=zero", page.Find("a.export-csv").GetAttribute("href"));
        Assert.Equal("log/export.md?filter=zero", page.Find("a.export-md").GetAttribute("href"));
        Assert.DoesNotContain("someone else", page.Markup);
    }

    [Fact]
    public void A_run_made_in_another_tab_of_this_browser_appears_without_a_reload()
    {
        var page = Render<RunLogPage>();
        Assert.Contains("No runs yet", page.Markup);

        Log.Add(Record("supervised", "model=minilm train=500 test=all seed=1"));

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
        Shared.Add("another-browser", RunLogPageTests.Record("zero-shot", "labels=\"someone else's\""));
        Log.Add(RunLogPageTests.Record("supervised", "train=100"));
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
        Shared.Add("another-browser", RunLogPageTests.Record("zero-shot", "labels=\"someone else's\""));
        Log.Add(RunLogPageTests.Record("supervised", "train=100"));
        Services.GetRequiredService<BrowserIdentity>().Attach(BrowserId, DateTimeOffset.UtcNow.AddHours(1));
        var page = Render<RunLogPage>();

        var students = page.FindAll(".run-log tbody td[data-label=student]").Select(td => td.TextContent);
        Assert.Equal(["student 2", "student 1"], students);
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

        Shared.Add("another-browser", RunLogPageTests.Record("supervised", "train=700"));

        page.WaitForAssertion(() => Assert.Contains("train=700", Assert.Single(page.FindAll(".run-log tbody tr")).TextContent));
    }
}
