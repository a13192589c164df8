using LabApp.Core.Hub;
using LabApp.Core.Models;

namespace LabApp.Core.Inference;

/// <summary>
/// The chapter's two other local classifiers, the task-specific sentiment model and Flan-T5, each loaded once (files
/// fetched on first use) and shared by every caller.
/// </summary>
public sealed class ClassifierModels(ModelProvider models, InferenceDevice device) : IDisposable
{
    // One model each, never evicted: a dropped model would not be disposed.
    private readonly SharedTasks<string, SentimentModel> _sentiment = new(1);
    private readonly SharedTasks<string, GenerativeClassifier> _generative = new(1);

    public Task<SentimentModel> GetSentimentModelAsync(IProgress<DownloadProgress>? download = null, CancellationToken cancellationToken = default) =>
        _sentiment.GetOrStart(SentimentModel.Card.Id, async () =>
            SentimentModel.Open(await models.EnsureFilesAsync(SentimentModel.Card, download), device)).WaitAsync(cancellationToken);

    public Task<GenerativeClassifier> GetGenerativeClassifierAsync(IProgress<DownloadProgress>? download = null, CancellationToken cancellationToken = default) =>
        _generative.GetOrStart(GenerativeClassifier.Card.Id, async () =>
            GenerativeClassifier.Open(await models.EnsureFilesAsync(GenerativeClassifier.Card, download), device)).WaitAsync(cancellationToken);

    public void Dispose()
    {
        foreach (var model in _sentiment.Completed())
            model.Dispose();
        foreach (var model in _generative.Completed())
            model.Dispose();
    }
}
