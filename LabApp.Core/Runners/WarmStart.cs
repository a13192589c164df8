using LabApp.Core.Experiments;

namespace LabApp.Core.Runners;

/// <summary>
/// What the web lab prepares as it starts, before the first student arrives (as LIT's <c>--warm_start</c>): the default
/// model's train and test embeddings (<see cref="EmbeddingPreparation"/>, so the overview and every waiting page show
/// its progress), then the runs the first page visits show, fitted once into the shared caches (the logistic regression
/// with its temperature, which embeds the validation split too; the behavioural tests' classifiers; the embedding map).
/// </summary>
public sealed class WarmStart(EmbeddingPreparation preparation, ClassificationLab lab, EmbeddingMapRunner maps)
{
    /// <summary>The configuration switch (<c>Lab:WarmStart=false</c>, or <c>LAB_WARM_START=false</c>) that leaves it out.</summary>
    public const string Setting = "Lab:WarmStart";

    /// <summary>The supervised page as a student first opens it: MiniLM, the whole train and test splits, seed 42.</summary>
    public static ExperimentSettings FirstSupervisedPage { get; } = new();

    /// <summary>Whether the warm start runs: on unless <paramref name="configured"/> says false (or 0, no, off).</summary>
    public static bool IsOn(string? configured) =>
        configured?.Trim().ToLowerInvariant() is not ("false" or "0" or "no" or "off");

    public async Task RunAsync(IProgress<RunStep>? progress, CancellationToken cancellationToken)
    {
        await preparation.PrepareAsync(progress, cancellationToken);
        progress?.Report(new RunStep("Fitting the supervised page's classifiers"));
        await lab.RunSupervisedAsync(FirstSupervisedPage, cancellationToken: cancellationToken);
        await lab.RunCentroidAsync(FirstSupervisedPage, cancellationToken: cancellationToken);
        progress?.Report(new RunStep("Fitting the behavioural tests' classifiers and the embedding map"));
        await lab.TrainSplitClassifiersAsync(FirstSupervisedPage.ModelId, cancellationToken);
        await maps.MapAsync(FirstSupervisedPage.ModelId, cancellationToken: cancellationToken);
    }
}
