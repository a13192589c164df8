using Bunit;
using LabApp.Core.Classifiers.Llm;
using LabApp.Core.Experiments;
using LabApp.Core.Hub;
using LabApp.Core.Runners;
using LabApp.Core.Storage;
using LabApp.Extensions;
using LabApp.Services;
using Microsoft.AspNetCore.Components;
using Microsoft.Extensions.DependencyInjection;
using MudBlazor;
using MudBlazor.Services;

namespace LabApp.Tests.Pages;

/// <summary>
/// A page rendered by bUnit over the lab's real services (real data, the embedded MiniLM, the embedding cache),
/// with a run log and workbooks of its own in temporary SQLite files so tests never see each other's runs or work,
/// registered as the web app registers them. The store of shared links is the server's, one for every context.
/// </summary>
public abstract class PageTests : BunitContext, IAsyncLifetime
{
    private static readonly Lazy<SnapshotStore> SharedLinks = new(() => new SnapshotStore(Path.Combine(TestFolders.Create("page-links"), "links.sqlite")));

    protected static TimeSpan Patience => TestPatience.RealSplits;

    /// <param name="instructorKey">The server's instructor key: none (no class view) unless a test of the class view gives one.</param>
    /// <param name="workbooks">The server's workbooks: a store of this context's own unless it is the same browser again (<see cref="SameBrowser"/>).</param>
    protected PageTests(string? instructorKey = null, WorkbookStore? workbooks = null)
    {
        // Reading a split the first time takes more than bUnit's default second on a busy machine.
        DefaultWaitTimeout = TimeSpan.FromMinutes(1);
        JSInterop.Mode = JSRuntimeMode.Loose;
        Services.AddMudServices();
        Services.AddSingleton(TimeProvider.System);
        Services.AddRunLog(Path.Combine(TestFolders.Create("page-log"), "runs.sqlite"), instructorKey);
        Services.AddSingleton(new LabStatus(SharedModel.Services));
        // The answers go to a cache of the test's own; the lab's endpoint is read when a page first asks for it.
        Services.AddSingleton(_ => LabEndpoint);
        Services.AddSingleton(SharedModel.Lab);
        Services.AddSingleton(new LlmAnswerCache(Path.Combine(TestFolders.Create("page-llm"), "answers.sqlite")));
        Services.AddScoped<StudentState>();
        Services.AddScoped<LlmRunner>();
        Services.AddScoped<UrlState>();
        Workbooks = workbooks ?? new WorkbookStore(Path.Combine(TestFolders.Create("page-workbooks"), "workbooks.sqlite"));
        Services.AddSingleton(Workbooks);
        Services.AddSingleton(SharedLinks.Value);
        Services.AddSingleton(new Presentation());
        Services.AddScoped<PageStates>();
        // The hub out of reach, as on a machine without a network: no page test offers (or starts) a real download.
        Services.AddSingleton(new HubReachability(SharedData.Settings.Hub with { Endpoint = new Uri($"http://127.0.0.1:{LocalPorts.Closed()}") }, TimeProvider.System));
        ChapterPageServices.AddRunners(Services, SharedModel.Services);
        Services.AddFallbackServiceProvider(SharedModel.Services);
        SetRendererInfo(new RendererInfo("Server", isInteractive: true));
        Services.GetRequiredService<BrowserIdentity>().Attach(BrowserId, classViewUntil: null);
        Log = Services.GetRequiredService<StudentRunLog>();
        // MudBlazor's popovers (the table pager's page-size menu, a select's items) need their provider rendered somewhere.
        Popovers = Render<MudPopoverProvider>();
    }

    /// <summary>Where an open select's items or a menu render, as MainLayout's provider holds them.</summary>
    protected IRenderedComponent<MudPopoverProvider> Popovers { get; }

    /// <summary>The browser the rendered pages belong to, as the lab's root component would attach it.</summary>
    protected const string BrowserId = "page-test-browser";

    /// <summary>The runs the rendered pages recorded: this test's browser's part of a run log of its own.</summary>
    protected StudentRunLog Log { get; }

    /// <summary>Where the pages keep the student's work on the server, as the lab's <see cref="WorkbookStore"/> does.</summary>
    protected WorkbookStore Workbooks { get; }

    /// <summary>The address as the page last wrote it.</summary>
    protected string Address => Services.GetRequiredService<UrlState>().Uri;

    /// <summary>The lab's chat endpoint: OpenAI's without a key unless a test sets another before it renders a page.</summary>
    protected LlmServerEndpoint LabEndpoint { get; set; } = new(new LlmSettings(), allowStudentEndpoints: true);

    /// <summary>
    /// The run log once it holds <paramref name="count"/> runs: a page's run is logged once it settled
    /// (<see cref="SettledRuns.SettleTime"/> after the page showed it, on the real clock here).
    /// </summary>
    protected Task<IReadOnlyList<RunRecord>> RecordedAsync(int count) => Log.RecordedAsync(count, Patience);

    /// <summary>Renders the page at <paramref name="uri"/>, so its query string reaches the <c>[SupplyParameterFromQuery]</c> properties.</summary>
    protected IRenderedComponent<TPage> RenderAt<TPage>(string uri) where TPage : IComponent
    {
        Services.GetRequiredService<NavigationManager>().NavigateTo(uri);
        return Render<TPage>();
    }

    /// <summary>
    /// The same browser in a new circuit of its own (a closed tab opened again, the lab restarted): its workbooks are
    /// <paramref name="workbooks"/>, and nothing else of the first circuit is left.
    /// </summary>
    protected sealed class SameBrowser(WorkbookStore workbooks) : PageTests(workbooks: workbooks)
    {
        public IRenderedComponent<TPage> Open<TPage>(string uri) where TPage : IComponent => RenderAt<TPage>(uri);

        /// <summary>The address as the page last wrote it.</summary>
        public string Url => Address;
    }

    public Task InitializeAsync() => Task.CompletedTask;

    // MudBlazor's services are only asynchronously disposable.
    Task IAsyncLifetime.DisposeAsync() => DisposeAsync().AsTask();
}
