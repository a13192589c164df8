using LabApp.Core.Data;
using LabApp.Core.Experiments;
using LabApp.Core.Hub;
using LabApp.Core.Inference;
using LabApp.Core.Models;
using LabApp.Core.Runners;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;

namespace LabApp.Core;

/// <summary>The lab's core as services: one registration for the web app and the headless runner alike.</summary>
public static class LabServices
{
    /// <summary>Registers the dataset, the model cache, the shared embedders and the experiments, all singletons.</summary>
    public static IServiceCollection AddLabCore(this IServiceCollection services, LabSettings settings)
    {
        services.AddSingleton(settings);
        services.AddSingleton(_ => InferenceDevice.Current);
        services.AddSingleton(sp => InferenceScheduler.For(sp.GetRequiredService<InferenceDevice>()));
        services.AddSingleton<DownloadMonitor>();
        // The hub client follows redirects itself so the token only ever goes to the hub's own host.
        // No overall timeout: a large model may rightly take an hour; HubClient bounds the wait for an answer and each stall.
        services.AddSingleton(sp =>
        {
            var hub = sp.GetRequiredService<LabSettings>().Hub;
            var handler = new SocketsHttpHandler { AllowAutoRedirect = false, ConnectTimeout = hub.ConnectTimeout };
            return new HubClient(new HttpClient(handler) { Timeout = Timeout.InfiniteTimeSpan }, hub);
        });
        // Whether the hub answers, looked at once a minute at most for everyone: pages offer a download only when it does.
        services.AddSingleton(sp => new HubReachability(sp.GetRequiredService<LabSettings>().Hub, sp.GetService<TimeProvider>() ?? TimeProvider.System));
        services.AddSingleton(sp => new ModelStore(sp.GetRequiredService<LabSettings>().ModelsDir, sp.GetService<ILogger<ModelStore>>()));
        services.AddSingleton<ModelProvider>();
        services.AddSingleton<RottenTomatoes>();
        services.AddSingleton<EmbeddingService>();
        services.AddSingleton<WordPieceReader>();
        services.AddSingleton<ClassifierModels>();
        services.AddSingleton<ClassificationLab>();
        services.AddSingleton<Runners.ComparisonRunner>();
        return services;
    }
}
