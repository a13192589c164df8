using LabApp.Core.Runners;

namespace LabApp.Services;

/// <summary>
/// Runs the lab's <see cref="WarmStart"/> in the background once the web lab has started (never for a headless
/// command): the server answers at once, and pages that need the embeddings meanwhile show the shared progress.
/// </summary>
internal sealed class WarmStartService(WarmStart warmStart, ILogger<WarmStartService> logger) : BackgroundService
{
    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        try
        {
            // Off the host's start-up path: the first await of the work may come only after reading the splits.
            await Task.Run(() => warmStart.RunAsync(null, stoppingToken), stoppingToken);
            logger.LogInformation("Warm start done: the default model's train and test embeddings and the supervised page's classifiers are ready.");
        }
        catch (OperationCanceledException) when (stoppingToken.IsCancellationRequested)
        {
            // The lab is stopping.
        }
        catch (Exception e)
        {
            // A warm start is a head start, not a requirement: each page prepares what it needs and says what fails.
            logger.LogWarning("The warm start stopped ({Message}); pages prepare their embeddings when first visited.", e.Message);
        }
    }
}
