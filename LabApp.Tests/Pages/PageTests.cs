using Bunit;
using LabApp.Core.Experiments;
using LabApp.Core.Storage;
using LabApp.Services;
using Microsoft.AspNetCore.Components;
using Microsoft.Extensions.DependencyInjection;
using MudBlazor;
using MudBlazor.Services;

namespace LabApp.Tests.Pages;

/// <summary>
/// A page rendered by bUnit over the lab's real services (real data, the embedded MiniLM, the embedding cache),
/// with a run log of its own in a temporary SQLite file so tests never see each other's runs.
/// </summary>
public abstract class PageTests : BunitContext, IAsyncLifetime
{
    protected static TimeSpan Patience => TestPatience.RealSplits;

    protected PageTests()
    {
        // Reading a split the first time takes more than bUnit's default second on a busy machine.
        DefaultWaitTimeout = TimeSpan.FromMinutes(1);
        JSInterop.Mode = JSRuntimeMode.Loose;
        Services.AddMudServices();
        Log = new RunLog(Path.Combine(TestFolders.Create("page-log"), "runs.sqlite"));
        Services.AddSingleton(Log);
        Services.AddSingleton<IRunRecorder>(Log);
        Services.AddSingleton(TimeProvider.System);
        Services.AddScoped<UrlState>();
        Services.AddScoped<StudentState>();
        ChapterPageServices.AddRunners(Services, SharedModel.Services);
        Services.AddSingleton(new LabStatus(SharedModel.Services));
        // A chat connection of the test's own (no key, nowhere); a test points it at its local server.
        Services.AddSingleton(new LabApp.Core.Classifiers.Llm.LlmConnection(
            new LabApp.Core.Classifiers.Llm.LlmSettings(),
            new LabApp.Core.Classifiers.Llm.LlmAnswerCache(Path.Combine(TestFolders.Create("page-llm"), "answers.sqlite"))));
        Services.AddFallbackServiceProvider(SharedModel.Services);
        SetRendererInfo(new RendererInfo("Server", isInteractive: true));
        // MudBlazor's popovers (the table pager's page-size menu) need their provider rendered somewhere.
        Render<MudPopoverProvider>();
    }

    protected RunLog Log { get; }

    /// <summary>
    /// The run log once it holds <paramref name="count"/> runs. A run recorded after the page last rendered (zero-shot
    /// records a label set once it has settled) re-renders nothing, so the log itself says when.
    /// </summary>
    protected async Task<IReadOnlyList<RunRecord>> RecordedAsync(int count)
    {
        var recorded = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        using (Log.NotifyOnChange(() => { if (Log.Find().Count >= count) recorded.TrySetResult(); }))
        {
            if (Log.Find().Count < count)
                await recorded.Task.WaitAsync(Patience);
        }

        return Log.Find();
    }

    /// <summary>Renders the page at <paramref name="uri"/>, so the page reads its query string.</summary>
    protected IRenderedComponent<TPage> RenderAt<TPage>(string uri) where TPage : IComponent
    {
        Services.GetRequiredService<NavigationManager>().NavigateTo(uri);
        return Render<TPage>();
    }

    public Task InitializeAsync() => Task.CompletedTask;

    // MudBlazor's services are only asynchronously disposable.
    Task IAsyncLifetime.DisposeAsync() => DisposeAsync().AsTask();
}
