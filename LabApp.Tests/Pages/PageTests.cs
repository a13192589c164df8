using Bunit;
using LabApp.Core.Experiments;
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
public abstract class PageTests : BunitContext
{
    // Real experiments on a shared two-core machine: generous, since a cold embedding cache means embedding whole splits.
    protected static readonly TimeSpan Patience = TimeSpan.FromMinutes(10);

    protected PageTests()
    {
        JSInterop.Mode = JSRuntimeMode.Loose;
        SetRendererInfo(new RendererInfo("Server", isInteractive: true));
        Services.AddMudServices();
        Log = new RunLog(Path.Combine(Directory.CreateTempSubdirectory("labapp-page-log").FullName, "runs.sqlite"));
        Services.AddSingleton(Log);
        Services.AddSingleton<LabStatus>();
        Services.AddFallbackServiceProvider(SharedModel.Services);
        // MudBlazor's popovers (the table pager's page-size menu) need their provider rendered somewhere.
        Render<MudPopoverProvider>();
    }

    protected RunLog Log { get; }
}
