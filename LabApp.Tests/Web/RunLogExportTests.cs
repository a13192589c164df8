using System.Net;
using LabApp.Core.Storage;
using LabApp.Extensions;
using LabApp.Services;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.Extensions.DependencyInjection;

namespace LabApp.Tests.Web;

/// <summary>The run log's endpoints on a real server on a free port, reached as browsers reach them: with cookies.</summary>
public sealed class RunLogExportTests
{
    private const string Key = "tuesday-class-7f3a";

    [Fact]
    public async Task Each_browser_downloads_only_its_own_runs_as_csv_and_markdown()
    {
        await using var lab = await Lab.StartAsync(instructorKey: null);
        using var ann = await lab.NewBrowserAsync();
        using var bob = await lab.NewBrowserAsync();
        lab.Log.Add(ann.Id, TestRuns.ZeroShot("bad, really", "good"));
        lab.Log.Add(ann.Id, TestRuns.Supervised());
        lab.Log.Add(bob.Id, TestRuns.ZeroShot("bob's own", "good"));

        using var csv = await ann.Http.GetAsync("/log/export.csv?filter=zero");
        using var markdown = await ann.Http.GetAsync("/log/export.md");
        var bobsCsv = await bob.Http.GetStringAsync("/log/export.csv");

        Assert.Matches($"^{BrowserIdCookie.Name}=[A-Za-z0-9_-]{{22}}; max-age=34560000; path=/; samesite=lax; httponly$", ann.IssuedCookie);
        Assert.False(csv.Headers.Contains("Set-Cookie"));
        Assert.Equal("text/csv", csv.Content.Headers.ContentType!.MediaType);
        Assert.Equal("lab-runs.csv", csv.Content.Headers.ContentDisposition!.FileName);
        Assert.Equal(RunLogExport.Browser.ToCsv(lab.Log.Find(ann.Id, "zero")), await csv.Content.ReadAsStringAsync());
        Assert.Equal("lab-runs.md", markdown.Content.Headers.ContentDisposition!.FileName);
        Assert.Equal(4, (await markdown.Content.ReadAsStringAsync()).TrimEnd('\n').Split('\n').Length);
        var bobsRow = Assert.Single(bobsCsv.Split("\r\n", StringSplitOptions.RemoveEmptyEntries)[1..]);
        Assert.Contains("bob's own", bobsRow);
    }

    [Fact]
    public async Task The_class_export_needs_the_instructors_marker_which_only_the_right_key_gives()
    {
        await using var lab = await Lab.StartAsync(Key);
        using var ann = await lab.NewBrowserAsync();
        using var instructor = await lab.NewBrowserAsync();
        lab.Log.Add(ann.Id, TestRuns.Supervised(train: 100));
        lab.Log.Add(instructor.Id, TestRuns.ZeroShot("a", "b"));

        using var refused = await instructor.Http.GetAsync("/log/class/export.csv");
        using var wrong = await instructor.EnterKeyAsync("tuesday-class-7f3b");
        using var stillRefused = await instructor.Http.GetAsync("/log/class/export.md");
        using var right = await instructor.EnterKeyAsync(Key);
        using var csv = await instructor.Http.GetAsync("/log/class/export.csv");
        using var markdown = await instructor.Http.GetAsync("/log/class/export.md?filter=zero");

        Assert.Equal(HttpStatusCode.Forbidden, refused.StatusCode);
        Assert.Equal("The class's run log needs the instructor's key: enter it on the run log page (/log).", await refused.Content.ReadAsStringAsync());
        Assert.Equal((HttpStatusCode.Redirect, "/log?key=wrong"), (wrong.StatusCode, wrong.Headers.Location!.OriginalString));
        Assert.False(wrong.Headers.Contains("Set-Cookie"));
        Assert.Equal(HttpStatusCode.Forbidden, stillRefused.StatusCode);
        Assert.Equal((HttpStatusCode.Redirect, "/log"), (right.StatusCode, right.Headers.Location!.OriginalString));
        var marker = Assert.Single(right.Headers.GetValues("Set-Cookie"));
        Assert.Matches($"^{InstructorKey.MarkerCookie}=[^;]+; max-age=36000; path=/; samesite=lax; httponly$", marker);
        Assert.DoesNotContain(Key, marker);

        Assert.Equal("lab-class-runs.csv", csv.Content.Headers.ContentDisposition!.FileName);
        var text = await csv.Content.ReadAsStringAsync();
        Assert.Equal(RunLogExport.Class.ToCsv(lab.Log.FindClass()), text);
        Assert.StartsWith("student,id,", text);
        Assert.Contains("\r\nstudent 2,2,", text);
        Assert.Contains("\r\nstudent 1,1,", text);
        Assert.DoesNotContain(ann.Id, text);
        Assert.DoesNotContain(instructor.Id, text);
        Assert.Equal(3, (await markdown.Content.ReadAsStringAsync()).TrimEnd('\n').Split('\n').Length);
        using var json = await instructor.Http.GetAsync("/log/class/export.json");
        Assert.Equal(("application/json", "lab-class-runs.json"), (json.Content.Headers.ContentType!.MediaType, json.Content.Headers.ContentDisposition!.FileName));
        Assert.Equal(["student 2", "student 1"], System.Text.Json.JsonDocument.Parse(await json.Content.ReadAsStringAsync()).RootElement.EnumerateArray().Select(r => r.GetProperty("student").GetString()));
    }

    [Fact]
    public async Task A_custom_label_run_has_no_accuracy_in_any_export()
    {
        await using var lab = await Lab.StartAsync(instructorKey: null);
        using var ann = await lab.NewBrowserAsync();
        lab.Log.Add(ann.Id, TestRuns.CustomLabels("a moving film", "a dull film"));

        var csv = await ann.Http.GetStringAsync("/log/export.csv");
        var markdown = await ann.Http.GetStringAsync("/log/export.md");
        using var json = System.Text.Json.JsonDocument.Parse(await ann.Http.GetStringAsync("/log/export.json"));

        Assert.EndsWith(",\"model=minilm labels=\"\"a moving film\"\" | \"\"a dull film\"\" reviews=8 uncertain=3 mean_margin=0.042\",—,—,—,—,0.5\r\n", csv);
        Assert.EndsWith(" reviews=8 uncertain=3 mean_margin=0.042 | — | — | — | — | 0.5 |\n", markdown);
        var run = Assert.Single(json.RootElement.EnumerateArray());
        Assert.Equal(System.Text.Json.JsonValueKind.Null, run.GetProperty("accuracy").ValueKind);
        Assert.Equal(System.Text.Json.JsonValueKind.Null, run.GetProperty("test_reviews").ValueKind);
        Assert.Equal("custom-labels", run.GetProperty("kind").GetString());
        Assert.Equal(["a moving film", "a dull film"], run.GetProperty("parameters").GetProperty("labels").EnumerateArray().Select(l => l.GetString()));
        Assert.Equal(3, run.GetProperty("headline").GetProperty("uncertain").GetInt32());
        Assert.False(run.TryGetProperty("student", out _));
    }

    [Fact]
    public async Task A_marker_copied_to_another_browser_or_left_behind_opens_nothing()
    {
        await using var lab = await Lab.StartAsync(Key);
        using var instructor = await lab.NewBrowserAsync();
        using var student = await lab.NewBrowserAsync();
        using var granted = await instructor.EnterKeyAsync(Key);
        var marker = instructor.Cookies.GetCookies(lab.Address)[InstructorKey.MarkerCookie]!.Value;

        student.Cookies.Add(lab.Address, new Cookie(InstructorKey.MarkerCookie, marker));
        using var copied = await student.Http.GetAsync("/log/class/export.csv");
        using var left = await instructor.Http.PostAsync("/log/class/leave", new FormUrlEncodedContent([]));
        using var afterLeaving = await instructor.Http.GetAsync("/log/class/export.csv");

        Assert.Equal(HttpStatusCode.Forbidden, copied.StatusCode);
        Assert.Equal((HttpStatusCode.Redirect, "/log"), (left.StatusCode, left.Headers.Location!.OriginalString));
        Assert.Equal(HttpStatusCode.Forbidden, afterLeaving.StatusCode);
    }

    [Fact]
    public async Task Without_an_instructor_key_there_is_no_class_view_at_all()
    {
        await using var lab = await Lab.StartAsync(instructorKey: null);
        using var browser = await lab.NewBrowserAsync();

        using var export = await browser.Http.GetAsync("/log/class/export.csv");
        using var key = await browser.EnterKeyAsync("");

        Assert.Equal(HttpStatusCode.NotFound, export.StatusCode);
        Assert.Equal(HttpStatusCode.NotFound, key.StatusCode);
    }

    /// <summary>The run log's endpoints as the web app maps them, over a run log of the test's own.</summary>
    private sealed class Lab : IAsyncDisposable
    {
        private readonly WebApplication _app;

        private Lab(WebApplication app)
        {
            _app = app;
            Address = new Uri(app.Urls.First());
        }

        public Uri Address { get; }

        public RunLog Log => _app.Services.GetRequiredService<RunLog>();

        public static async Task<Lab> StartAsync(string? instructorKey)
        {
            var builder = WebApplication.CreateSlimBuilder();
            builder.Services.AddSingleton(TimeProvider.System);
            builder.Services.AddRunLog(Path.Combine(TestFolders.Create("export"), "runs.sqlite"), instructorKey);
            builder.WebHost.UseUrls("http://127.0.0.1:0");
            var app = builder.Build();
            app.UseBrowserIdCookie();
            app.MapRunLog();
            await app.StartAsync();
            return new Lab(app);
        }

        /// <summary>A browser of its own (its own cookies, redirects shown rather than followed), after its first visit.</summary>
        public async Task<BrowserClient> NewBrowserAsync()
        {
            var browser = new BrowserClient(Address);
            using var first = await browser.Http.GetAsync("/log/export.csv");
            browser.IssuedCookie = Assert.Single(first.Headers.GetValues("Set-Cookie"));
            return browser;
        }

        public async ValueTask DisposeAsync()
        {
            await _app.StopAsync();
            await _app.DisposeAsync();
        }
    }

    private sealed class BrowserClient : IDisposable
    {
        private readonly Uri _address;

        public BrowserClient(Uri address)
        {
            _address = address;
            Http = new HttpClient(new HttpClientHandler { CookieContainer = Cookies, AllowAutoRedirect = false }) { BaseAddress = address };
        }

        public CookieContainer Cookies { get; } = new();

        /// <summary>The Set-Cookie header of the browser's first visit.</summary>
        public string IssuedCookie { get; set; } = "";

        public HttpClient Http { get; }

        /// <summary>The browser id the lab gave this browser on its first visit.</summary>
        public string Id => Cookies.GetCookies(_address)[BrowserIdCookie.Name]!.Value;

        /// <summary>What the form on /log posts.</summary>
        public Task<HttpResponseMessage> EnterKeyAsync(string key) =>
            Http.PostAsync("/log/class", new FormUrlEncodedContent([new("key", key)]));

        public void Dispose() => Http.Dispose();
    }
}
