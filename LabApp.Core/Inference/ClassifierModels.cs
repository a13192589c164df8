using LabApp.Core.Hub;
using LabApp.Core.Models;

namespace LabApp.Core.Inference;

/// <summary>
/// The chapter's two other local classifiers, the task-specific sentiment model and Flan-T5, each loaded once (files
/// fetched on first use) and shared by every caller. A model's session is created on the thread pool, never on the
/// caller's (a page's circuit) thread: loading Flan-T5 takes seconds.
/// </summary>
public sealed class ClassifierModels(ModelProvider models, InferenceDevice device, InferenceScheduler scheduler) : IDisposable
{
    // One model each, never evicted: a dropped model would not be disposed.
    private readonly SharedTasks<string, SentimentModel> _sentiment = new(1);
    private readonly SharedTasks<string, GenerativeClassifier> _generative = new(1);

    public Task<SentimentModel> GetSentimentModelAsync(IProgress<DownloadProgress>? download = null, CancellationToken cancellationToken = default) =>
        _sentiment.GetOrStart(SentimentModel.Card.Id, async () =>
        {
            var folder = await models.EnsureFilesAsync(SentimentModel.Card, download);
            return await Task.Run(() => SentimentModel.Open(folder, device, scheduler));
        }).WaitAsync(cancellationToken);

    public Task<GenerativeClassifier> GetGenerativeClassifierAsync(IProgress<DownloadProgress>? download = null, CancellationToken cancellationToken = default) =>
        _generative.GetOrStart(GenerativeClassifier.Card.Id, async () =>
        {
            var folder = await models.EnsureFilesAsync(GenerativeClassifier.Card, download);
            return await Task.Run(() => GenerativeClassifier.Open(folder, device, scheduler));
        }).WaitAsync(cancellationToken);

    public void Dispose()
    {
        foreach (var model in _sentiment.Completed())
            model.Dispose();
        foreach (var model in _generative.Completed())
            model.Dispose();
    }
}
