using Bunit;
using LabApp.Core.Classifiers.Llm;
using LabApp.Core.Inference;
using LabApp.Core.Runners;
using LabApp.Core.Storage;
using LabApp.Services;
using Microsoft.AspNetCore.Components;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Time.Testing;
using MudBlazor.Services;

namespace LabApp.Tests.Medium.Pages;

/// <summary>
/// A bUnit context with MudBlazor and the lab's real, shared services: the pages run their experiments on the real
/// model and data. Each context is one student (their own state, address and run log, whose runs settle when the test
/// says); the store of shared links is
/// the server's, one for all of them. JavaScript calls (MudBlazor's, Plotly's, the lab's) are answered with defaults.
/// </summary>
/// <remarks>MudBlazor's services can only be disposed asynchronously, so xUnit must dispose the context through <see cref="IAsyncLifetime"/>.</remarks>
public abstract class MediumPageContext : BunitContext, IAsyncLifetime
{
    private static readonly Lazy<SnapshotStore> SharedLinks = new(() => new SnapshotStore(Path.Combine(TestFolders.Create("medium-links"), "links.sqlite")));

    /// <summary>The server's workbooks, one store for every student (each context is its own browser).</summary>
    protected static readonly Lazy<WorkbookStore> Workbooks = new(() => new WorkbookStore(Path.Combine(TestFolders.Create("medium-workbooks"), "workbooks.sqlite")));

    protected static TimeSpan Patience => TestPatience.RealSplits;

    protected MediumPageContext()
    {
        JSInterop.Mode = JSRuntimeMode.Loose;
        Services.AddMudServices();
        Services.AddSingleton(SharedModel.Lab);
        Services.AddSingleton(SharedModel.Services.GetRequiredService<EmbeddingService>());
        Services.AddSingleton(SharedModel.Services.GetRequiredService<InferenceDevice>());
        Services.AddSingleton(TimeProvider.System);
        Services.AddSingleton(SharedLinks.Value);
        Log = MediumFixtures.NewLog();
        Services.AddSingleton<IRunRecorder>(Log);
        Services.AddScoped<UrlState>();
        Services.AddSingleton(new LlmServerEndpoint(new LlmSettings(), allowStudentEndpoints: true));
        Services.AddScoped<StudentState>();
        Services.AddSingleton(Workbooks.Value);
        Services.AddScoped<BrowserIdentity>();
        Services.AddSingleton(new Presentation());
        Services.AddScoped<PageStates>();
        // The student's runs settle on a clock of the test's own: SettleRuns() logs those the page handed over.
        Services.AddScoped(sp => new SettledRuns(sp.GetRequiredService<IRunRecorder>(), SettleClock));
        Services.AddScoped<CustomLabelsRunner>();
        Services.AddScoped<LimitedDataRunner>();
        Services.AddScoped<ConfidenceRunner>();
        Services.AddScoped<FailureAnalysisRunner>();
    }

    /// <summary>This student's browser: a new one per context, unless a test opens the lab again as the same browser.</summary>
    protected string BrowserId { get; } = Guid.NewGuid().ToString("N");

    /// <summary>This student's run log.</summary>
    protected StudentRunLog Log { get; }

    /// <summary>The clock the student's runs settle by.</summary>
    protected FakeTimeProvider SettleClock { get; } = new();

    /// <summary>Lets every run the page handed over so far settle: they are in <see cref="Log"/> when this returns.</summary>
    protected void SettleRuns() => SettleClock.Advance(SettledRuns.SettleTime);

    /// <summary>The address as the page last wrote it.</summary>
    protected string Address => Services.GetRequiredService<UrlState>().Uri;

    public Task InitializeAsync() => Task.CompletedTask;

    Task IAsyncLifetime.DisposeAsync() => DisposeAsync().AsTask();

    /// <summary>Renders the page beside a popover provider, as MainLayout does, so its selects can open.</summary>
    protected IRenderedComponent<TPage> RenderPage<TPage>(string? uri = null) where TPage : IComponent
    {
        var browser = Services.GetRequiredService<BrowserIdentity>();
        if (!browser.HasId)
            browser.Attach(BrowserId, classViewUntil: null);
        if (uri is not null)
            Services.GetRequiredService<NavigationManager>().NavigateTo(uri);
        Render<MudBlazor.MudPopoverProvider>();
        return Render<TPage>();
    }
}
