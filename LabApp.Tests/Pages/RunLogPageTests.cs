using Bunit;
using LabApp.Components.Pages.Log;
using LabApp.Core.Experiments;
using LabApp.Core.Storage;

namespace LabApp.Tests.Pages;

public sealed class RunLogPageTests : PageTests
{
    private static RunRecord Record(string page, string parameters) =>
        new(0, DateTimeOffset.Now, page, page == "zero-shot" ? "zero-shot" : "supervised", "sentence-transformers/all-MiniLM-L6-v2",
            parameters, 0.8, 0.79, 0.78, 1066, TimeSpan.FromSeconds(2));

    [Fact]
    public void Lists_the_runs_newest_first_and_filters_them()
    {
        Log.Add(Record("supervised", "model=minilm train=all test=all seed=42"));
        Log.Add(Record("zero-shot", "labels=\"A negative review\" | \"A positive review\""));
        var page = RenderAt<RunLogPage>("log?q=zero");

        var row = Assert.Single(page.FindAll(".run-log tbody tr"));
        Assert.Contains("zero-shot", row.TextContent);
        Assert.Contains("0.8000", row.TextContent);
        Assert.Equal("log/export.csv?filter=zero", page.Find("a.export-csv").GetAttribute("href"));
        Assert.Equal("log/export.md?filter=zero", page.Find("a.export-md").GetAttribute("href"));
    }

    [Fact]
    public void A_run_made_elsewhere_appears_without_a_reload()
    {
        var page = Render<RunLogPage>();
        Assert.Contains("No runs yet", page.Markup);

        Log.Add(Record("supervised", "model=minilm train=500 test=all seed=1"));

        page.WaitForAssertion(() => Assert.Contains("train=500", Assert.Single(page.FindAll(".run-log tbody tr")).TextContent));
    }
}
