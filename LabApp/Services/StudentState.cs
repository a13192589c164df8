using LabApp.Core.Classifiers.Llm;

namespace LabApp.Services;

/// <summary>
/// Everything one student edits or chooses, for as long as their circuit lives (registered scoped, as eShop's
/// <c>BasketState</c>): another student's browser has its own. Each page keeps its state in one property here (an
/// <see cref="IPageState{TWork}"/>, which <see cref="PageStates"/> also keeps in the student's workbook and the address),
/// so leaving a page and coming back finds it as it was; pages redraw on <see cref="NotifyOnChange"/>.
/// What is the same for every student (models, split embeddings, results cached by their parameters) is never kept here.
/// </summary>
public sealed class StudentState
{
    /// <param name="metrics">Where the student's interaction timings go; without it (a page test) they are not recorded.</param>
    public StudentState(LlmServerEndpoint llmServer, LabMetrics? metrics = null, TimeProvider? time = null)
    {
        Llm = new(llmServer);
        LlmPage = new(Llm);
        Interactions = new(metrics, time ?? TimeProvider.System);
        ZeroShot = new(Interactions);
        CustomLabels = new(Interactions);
        LimitedData = new(Interactions);
        Confidence = new(Interactions);
        FailureAnalysis = new(Interactions);
    }

    /// <summary>This student's inputs on their way to the screen, timed for the lab's metrics.</summary>
    public InteractionTimings Interactions { get; }

    public DataState Data { get; } = new();

    public SupervisedState Supervised { get; } = new();

    public ZeroShotState ZeroShot { get; }

    public TaskSpecificState TaskSpecific { get; } = new();

    public GenerativeState Generative { get; } = new();

    private event Func<Task>? Changed;

    /// <summary>The LLM page's endpoint, model, prompt and the key this student typed (which lives here and nowhere else).</summary>
    public LlmChoice Llm { get; }

    /// <summary>The LLM page as the student left it, over <see cref="Llm"/>: what it keeps in the workbook and the address never holds the key.</summary>
    public LlmPageState LlmPage { get; }

    /// <summary>Calls <paramref name="callback"/> after every change until the returned subscription is disposed.</summary>
    public IDisposable NotifyOnChange(Func<Task> callback)
    {
        Changed += callback;
        return new Subscription(() => Changed -= callback);
    }

    /// <summary>Tells every subscribed page of this student that something changed.</summary>
    public async Task NotifyChangedAsync()
    {
        if (Changed is { } changed)
            await Task.WhenAll(changed.GetInvocationList().Cast<Func<Task>>().Select(c => c()));
    }

    public CustomLabelsState CustomLabels { get; }

    public LimitedDataState LimitedData { get; }

    public ConfidenceState Confidence { get; }

    public FailureAnalysisState FailureAnalysis { get; }

    public ChecklistState Checklist { get; } = new();

    public EmbeddingMapState Map { get; } = new();

    public ComparisonInputs Comparison { get; } = new();

    private sealed class Subscription(Action unsubscribe) : IDisposable
    {
        public void Dispose() => unsubscribe();
    }
}
