using Bunit;
using LabApp.Core;
using LabApp.Core.Classifiers.Llm;
using LabApp.Core.Storage;
using LabApp.Extensions;
using LabApp.Services;
using Microsoft.AspNetCore.Components;
using Microsoft.Extensions.DependencyInjection;
using MudBlazor;
using MudBlazor.Services;

namespace LabApp.Tests.Pages;

/// <summary>
/// A lab of a test's own over the real data: its own models folder (empty, or with the files a test places there) and
/// its own hub endpoint, with its workbooks, run log and shared links beside them.
/// </summary>
internal sealed class LabOfItsOwn : IAsyncDisposable
{
    public LabOfItsOwn(string name, Uri hubEndpoint)
    {
        ModelsDir = TestFolders.Create(name);
        var settings = LabSettings.Resolve(RepositoryPaths.SharedData, ModelsDir, variable => variable == "HF_ENDPOINT" ? hubEndpoint.AbsoluteUri : null);
        Core = new ServiceCollection().AddLabCore(settings).BuildServiceProvider();
        Workbooks = new WorkbookStore(Path.Combine(ModelsDir, "workbooks.sqlite"));
        Links = new SnapshotStore(Path.Combine(ModelsDir, "links.sqlite"));
    }

    public string ModelsDir { get; }

    /// <summary>The lab's shared singletons (<c>AddLabCore</c>).</summary>
    public ServiceProvider Core { get; }

    public WorkbookStore Workbooks { get; }

    public SnapshotStore Links { get; }

    /// <summary>Puts <paramref name="folder"/> where a download of <paramref name="modelId"/> would leave its files.</summary>
    public void Place(string modelId, string folder)
    {
        var target = Path.Combine(ModelsDir, modelId.Replace('/', Path.DirectorySeparatorChar));
        Directory.CreateDirectory(Path.GetDirectoryName(target)!);
        Directory.Move(folder, target);
    }

    // The folder goes with the test run's (TestFolders): a student's circuit that ended logs its last run into it from
    // another thread (SettledRuns), and deleting it here would race that write.
    public ValueTask DisposeAsync() => Core.DisposeAsync();

    /// <summary>One student's browser on this lab, in a circuit of its own: a bUnit context with the web app's services.</summary>
    public sealed class Student : BunitContext
    {
        public Student(LabOfItsOwn lab, string browserId)
        {
            JSInterop.Mode = JSRuntimeMode.Loose;
            Services.AddMudServices();
            Services.AddSingleton(TimeProvider.System);
            Services.AddRunLog(Path.Combine(lab.ModelsDir, "runs.sqlite"), instructorKey: null);
            Services.AddSingleton(new LabStatus(lab.Core));
            Services.AddSingleton(new LlmServerEndpoint(new LlmSettings(), allowStudentEndpoints: true));
            Services.AddScoped<StudentState>();
            Services.AddScoped<UrlState>();
            Services.AddSingleton(lab.Workbooks);
            Services.AddSingleton(lab.Links);
            Services.AddSingleton(new Presentation());
            Services.AddScoped<PageStates>();
            ChapterPageServices.AddRunners(Services, lab.Core);
            Services.AddFallbackServiceProvider(lab.Core);
            SetRendererInfo(new RendererInfo("Server", isInteractive: true));
            Services.GetRequiredService<BrowserIdentity>().Attach(browserId, classViewUntil: null);
            Log = Services.GetRequiredService<StudentRunLog>();
            Render<MudPopoverProvider>();
        }

        public StudentRunLog Log { get; }

        /// <summary>The address as the page last wrote it.</summary>
        public string Address => Services.GetRequiredService<UrlState>().Uri;

        public IRenderedComponent<TPage> Open<TPage>(string uri) where TPage : IComponent
        {
            Services.GetRequiredService<NavigationManager>().NavigateTo(uri);
            return Render<TPage>();
        }
    }
}
