using LabApp.Core.Experiments;
using LabApp.Core.Storage;
using LabApp.Extensions;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.Extensions.DependencyInjection;

namespace LabApp.Tests.Web;

public sealed class RunLogExportTests
{
    [Fact]
    public async Task The_export_endpoints_download_the_filtered_log_as_csv_and_markdown()
    {
        var log = new RunLog(Path.Combine(TestFolders.Create("export"), "runs.sqlite"));
        log.Add(new RunRecord(0, DateTimeOffset.Now, "zero-shot", "zero-shot", "sentence-transformers/all-MiniLM-L6-v2",
            "labels=\"bad, really\" | \"good\"", 0.7, 0.69, 0.69, 1066, TimeSpan.FromSeconds(1)));
        log.Add(new RunRecord(0, DateTimeOffset.Now, "supervised", "supervised", "sentence-transformers/all-MiniLM-L6-v2",
            "model=minilm train=all test=all seed=42", 0.78, 0.78, 0.78, 1066, TimeSpan.FromSeconds(2)));

        // A real server on a free port: the endpoints as a browser reaches them.
        var builder = WebApplication.CreateSlimBuilder();
        builder.Services.AddSingleton(log);
        builder.WebHost.UseUrls("http://127.0.0.1:0");
        await using var app = builder.Build();
        app.MapRunLogExport();
        await app.StartAsync();
        using var http = new HttpClient { BaseAddress = new Uri(app.Urls.First()) };

        using var csv = await http.GetAsync("/log/export.csv?filter=zero");
        Assert.Equal("text/csv", csv.Content.Headers.ContentType!.MediaType);
        Assert.Equal("lab-runs.csv", csv.Content.Headers.ContentDisposition!.FileName);
        Assert.Equal(RunLog.ToCsv(log.Find("zero")), await csv.Content.ReadAsStringAsync());

        using var markdown = await http.GetAsync("/log/export.md");
        Assert.Equal("lab-runs.md", markdown.Content.Headers.ContentDisposition!.FileName);
        Assert.Equal(4, (await markdown.Content.ReadAsStringAsync()).TrimEnd('\n').Split('\n').Length);

        await app.StopAsync();
    }
}
