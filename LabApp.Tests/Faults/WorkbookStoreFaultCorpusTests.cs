using System.Net;
using Bunit;
using LabApp.Components.Pages.Class;
using LabApp.Components.Pages.Workbook;
using LabApp.Core.Experiments;
using LabApp.Core.Inference;
using LabApp.Core.Models;
using LabApp.Core.Runners;
using LabApp.Core.Storage;
using LabApp.Extensions;
using LabApp.Services;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.Data.Sqlite;
using Microsoft.Extensions.DependencyInjection;
using MudBlazor.Services;

namespace LabApp.Tests.Faults;

/// <summary>
/// The corpus's crashes of the workbook store taken from under the lab after it started (damaged, deleted, a folder,
/// locked): /workbook, /hand-ins and /class show one line beside their content instead of failing (HTTP 500 before),
/// the class's export answers 503, the behavioural tests still run, and a page's saved mark never shows the server's path
/// to a student. The file is left as the fault left it.
/// </summary>
public sealed class WorkbookStoreFaultCorpusTests : BunitContext, IAsyncLifetime
{
    private const string Key = "tuesday-class-7f3a";
    private const string BrowserId = "workbook-fault-browser";
    private readonly string _path = Path.Combine(TestFolders.Create("workbook-fault"), "workbooks.sqlite");
    private readonly string _links = Path.Combine(TestFolders.Create("workbook-fault-links"), "links.sqlite");
    private readonly WorkbookStore _store;

    public WorkbookStoreFaultCorpusTests()
    {
        _store = new WorkbookStore(_path);
        // A locked store is waited for SqliteFile.BusyTimeout (5 s) before the page says so.
        DefaultWaitTimeout = TimeSpan.FromMinutes(1);
        JSInterop.Mode = JSRuntimeMode.Loose;
        Services.AddMudServices();
        Services.AddLogging();
        Services.AddSingleton(TimeProvider.System);
        Services.AddRunLog(Path.Combine(TestFolders.Create("workbook-fault-log"), "runs.sqlite"), Key);
        Services.AddSingleton(_store);
        Services.AddSingleton(new ClassSuiteStore(_path));
        Services.AddSingleton(new SnapshotStore(_links));
        Services.AddSingleton(new ChecklistEvaluator(SharedModel.Lab));
        Services.AddSingleton<ClassBoardFeed>();
        Services.AddSingleton(SharedModel.Services.GetRequiredService<EmbeddingService>());
        Services.AddScoped<SettledRuns>();
        Services.AddScoped<CustomLabelsRunner>();
        Services.AddScoped<UrlState>();
        Services.AddSingleton(new Presentation());
        Services.AddScoped<PageStates>();
        Services.AddScoped<StudentWorkbook>();
        SetRendererInfo(new Microsoft.AspNetCore.Components.RendererInfo("Server", isInteractive: true));
        Render<MudBlazor.MudPopoverProvider>();
    }

    [Theory]
    [InlineData(RunLogFault.Damaged, "The lab's workbook store is damaged")]
    [InlineData(RunLogFault.Deleted, "The lab's workbook store is no longer there")]
    [InlineData(RunLogFault.Folder, "The lab's workbook store is no longer there")]
    [InlineData(RunLogFault.Locked, "The lab's workbook store is busy")]
    public void A_students_workbook_page_says_what_is_wrong_in_one_line_without_the_servers_path(RunLogFault fault, string expected)
    {
        Attach(instructor: false);
        _store.Save(BrowserId, "medium/confidence", "{}", DateTimeOffset.UtcNow);
        using var broken = RunLogFaults.Break(_path, fault);

        var page = Render<WorkbookPage>();

        page.WaitForAssertion(() => Assert.NotEmpty(page.FindAll(".workbook-store-problem")));
        var line = Assert.Single(page.FindAll(".workbook-store-problem")).TextContent.Trim();
        Assert.StartsWith(expected, line);
        Assert.Contains("every page still works", line);
        Assert.DoesNotContain(_path, page.Markup);
        FaultCorpus.AssertNoDotNetWording(line);
        Assert.True(page.Find(".hand-in").HasAttribute("disabled"));
        RunLogFaults.AssertAsLeft(_path, fault);
    }

    [Fact]
    public async Task A_name_typed_after_the_store_broke_gets_the_line_not_a_failed_circuit()
    {
        Attach(instructor: false);
        var page = Render<WorkbookPage>();
        // The field is there before the workbook is read; the read's render replaces its handler, so type once it is in.
        page.WaitForAssertion(() => Assert.NotEmpty(page.FindAll(".progress")));
        using var broken = RunLogFaults.Break(_path, RunLogFault.Damaged);

        await page.InvokeAsync(() => page.Find(".display-name input").Change("Ada"));

        page.WaitForAssertion(() => Assert.StartsWith("The lab's workbook store is damaged", page.Find(".workbook-store-problem").TextContent.Trim()));
        RunLogFaults.AssertAsLeft(_path, RunLogFault.Damaged);
    }

    [Theory]
    [InlineData(RunLogFault.Damaged, "is damaged: move it aside and restart the lab")]
    [InlineData(RunLogFault.Deleted, "is no longer there")]
    public void The_instructors_hand_ins_and_class_pages_name_the_file_in_one_line(RunLogFault fault, string expected)
    {
        Attach(instructor: true);
        using var broken = RunLogFaults.Break(_path, fault);

        var handIns = Render<HandInsPage>();
        var board = Render<ClassPage>();

        foreach (var page in new IRenderedComponent<Microsoft.AspNetCore.Components.IComponent>[] { handIns, board })
        {
            page.WaitForAssertion(() => Assert.NotEmpty(page.FindAll(".workbook-store-problem")));
            var line = Assert.Single(page.FindAll(".workbook-store-problem")).TextContent.Trim();
            Assert.StartsWith($"The workbook store at {_path} ", line);
            Assert.Contains(expected, line);
            FaultCorpus.AssertNoDotNetWording(line);
        }

        RunLogFaults.AssertAsLeft(_path, fault);
    }

    [Fact]
    public async Task The_behavioural_tests_run_without_the_classs_cases_when_their_file_is_damaged()
    {
        using var broken = RunLogFaults.Break(_path, RunLogFault.Damaged);
        using var runs = new SettledRuns(new NoRecorder(), TimeProvider.System);
        var runner = new ChecklistRunner(Services.GetRequiredService<ChecklistEvaluator>(), runs, TimeProvider.System, Services.GetRequiredService<ClassSuiteStore>());
        var suite = new ChecklistSuite([], [new ChecklistTest("Praise", ChecklistTestType.MFT, "", ["positive: A wonderful film."])], 5, 42);

        var report = await runner.RunAsync(new ChecklistInputs(ModelCatalog.MiniLmId, suite));

        Assert.NotEmpty(report.Tests);
        Assert.DoesNotContain(report.Tests, t => t.Capability == ChecklistSuite.ClassEdgeCasesCapability);
        RunLogFaults.AssertAsLeft(_path, RunLogFault.Damaged);
    }

    [Fact]
    public async Task A_page_whose_work_cannot_be_saved_says_so_without_the_servers_path()
    {
        Attach(instructor: false);
        var states = Services.GetRequiredService<PageStates>();
        using var broken = RunLogFaults.Break(_path, RunLogFault.Damaged);
        var saved = new TaskCompletionSource();
        states.SavedChanged += () => saved.TrySetResult();

        states.Keep(new Notes());
        await saved.Task.WaitAsync(TimeSpan.FromSeconds(30));

        Assert.StartsWith("The lab's workbook store is damaged", states.SaveProblem);
        Assert.DoesNotContain(_path, states.SaveProblem);
        FaultCorpus.AssertNoDotNetWording(states.SaveProblem!);
    }

    [Theory]
    [InlineData(RunLogFault.Damaged, "The lab's store of shared links is damaged")]
    [InlineData(RunLogFault.Deleted, "The lab's store of shared links is no longer there")]
    public void A_shared_link_opened_or_made_over_a_broken_links_file_is_one_line_not_a_failed_page(RunLogFault fault, string expected)
    {
        Attach(instructor: false);
        var states = Services.GetRequiredService<PageStates>();
        Services.GetRequiredService<Microsoft.AspNetCore.Components.NavigationManager>().NavigateTo("medium/confidence?s=AAAAAAAAAAAAAAAA");
        using var broken = RunLogFaults.Break(_links, fault);

        var opened = states.Open(new Notes());
        var shared = states.Share(new Notes());

        foreach (var line in new[] { opened, shared.Problem })
        {
            Assert.StartsWith(expected, line);
            Assert.DoesNotContain(_links, line);
            FaultCorpus.AssertNoDotNetWording(line!);
        }

        Assert.Null(shared.Address);
        RunLogFaults.AssertAsLeft(_links, fault);
    }

    [Fact]
    public async Task The_classs_export_of_a_damaged_workbook_store_is_503_with_one_line_not_500()
    {
        var builder = WebApplication.CreateSlimBuilder();
        builder.Services.AddSingleton(TimeProvider.System);
        builder.Services.AddRunLog(Path.Combine(TestFolders.Create("workbook-fault-export-log"), "runs.sqlite"), Key);
        builder.Services.AddSingleton(_store);
        builder.WebHost.UseUrls("http://127.0.0.1:0");
        await using var app = builder.Build();
        app.UseBrowserIdCookie();
        app.MapRunLog();
        app.MapWorkbook();
        await app.StartAsync();
        using var http = new HttpClient(new HttpClientHandler { CookieContainer = new CookieContainer() }) { BaseAddress = new Uri(app.Urls.First()) };
        await http.GetAsync("/log/export.csv");
        await http.PostAsync("/log/class", new FormUrlEncodedContent([new("key", Key)]));
        using var broken = RunLogFaults.Break(_path, RunLogFault.Damaged);

        using var response = await http.GetAsync("/class/export.zip");

        Assert.Equal(HttpStatusCode.ServiceUnavailable, response.StatusCode);
        var text = await response.Content.ReadAsStringAsync();
        Assert.StartsWith("This cannot be downloaded right now: the file is damaged.", text);
        Assert.DoesNotContain(_path, text);
        FaultCorpus.AssertNoDotNetWording(text);
        await app.StopAsync();
    }

    private void Attach(bool instructor) =>
        Services.GetRequiredService<BrowserIdentity>().Attach(BrowserId, instructor ? DateTimeOffset.UtcNow.AddHours(1) : null);

    public Task InitializeAsync() => Task.CompletedTask;

    Task IAsyncLifetime.DisposeAsync() => DisposeAsync().AsTask();

    private sealed record NotesWork(string Text);

    private sealed class Notes : IPageState<NotesWork>
    {
        public string Route => "medium/confidence";

        public NotesWork Work { get; } = new("a note");

        public IReadOnlyList<(string Name, object? Value)> Settings => [];

        public IReadOnlyList<(string Name, object? Value)> Lists => [];

        public void Read(UrlState url)
        {
        }

        public void Use(NotesWork work)
        {
        }
    }

    private sealed class NoRecorder : IRunRecorder
    {
        public RunRecord Add(RunRecord record, string? identity = null) => record;
    }
}
