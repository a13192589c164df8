using LabApp.Core.Data;
using LabApp.Core.Models;
using LabApp.Core.Runners;
using LabApp.Extensions;
using Microsoft.Extensions.DependencyInjection;

namespace LabApp.Tests.Pages;

/// <summary>The chapter pages' runners as the web app registers them, for a bUnit context over the lab's shared services.</summary>
internal static class ChapterPageServices
{
    /// <summary>
    /// Adds the runners, with the shared singletons they stand on taken from <paramref name="core"/>: a bUnit fallback
    /// provider answers the page's own injections, not a service's constructor.
    /// </summary>
    public static void AddRunners(IServiceCollection services, IServiceProvider core)
    {
        services.AddSingleton(core.GetRequiredService<ClassificationLab>());
        services.AddSingleton(core.GetRequiredService<RottenTomatoes>());
        services.AddSingleton(core.GetRequiredService<ModelProvider>());
        services.AddChapterRunners();
    }
}
