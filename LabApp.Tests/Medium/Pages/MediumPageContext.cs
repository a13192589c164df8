using Bunit;
using LabApp.Core.Experiments;
using LabApp.Core.Inference;
using Microsoft.AspNetCore.Components;
using Microsoft.Extensions.DependencyInjection;
using MudBlazor.Services;

namespace LabApp.Tests.Medium.Pages;

/// <summary>
/// A bUnit context with MudBlazor and the lab's real, shared services: the pages run their experiments on the real
/// model and data. JavaScript calls (MudBlazor's, Plotly's) are answered with defaults.
/// </summary>
/// <remarks>MudBlazor's services can only be disposed asynchronously, so xUnit must dispose the context through <see cref="IAsyncLifetime"/>.</remarks>
public abstract class MediumPageContext : BunitContext, IAsyncLifetime
{
    protected static TimeSpan Patience => TestPatience.RealSplits;

    protected MediumPageContext()
    {
        JSInterop.Mode = JSRuntimeMode.Loose;
        Services.AddMudServices();
        Services.AddSingleton(SharedModel.Lab);
        Services.AddSingleton(SharedModel.Services.GetRequiredService<EmbeddingService>());
        Services.AddSingleton(SharedModel.Services.GetRequiredService<InferenceDevice>());
    }

    public Task InitializeAsync() => Task.CompletedTask;

    Task IAsyncLifetime.DisposeAsync() => DisposeAsync().AsTask();

    /// <summary>Renders the page beside a popover provider, as MainLayout does, so its selects can open.</summary>
    protected IRenderedComponent<TPage> RenderPage<TPage>(string? uri = null) where TPage : IComponent
    {
        if (uri is not null)
            Services.GetRequiredService<NavigationManager>().NavigateTo(uri);
        Render<MudBlazor.MudPopoverProvider>();
        return Render<TPage>();
    }
}
