namespace LabApp.Services;

/// <summary>
/// One student's inputs on their way to the screen, timed for <see cref="LabMetrics"/>: from the server receiving an
/// input (a slider step, a keystroke) to the browser having applied the render that shows its result. An input whose
/// result the handler computes at once is shown by the next render; one that needs embeddings waits until its page says
/// the result is in. A later input of the same kind on the same page replaces an earlier one still waiting, as its result
/// replaces the earlier result.
/// </summary>
public sealed class InteractionTimings(LabMetrics? metrics, TimeProvider time)
{
    private readonly Lock _gate = new();
    private readonly Dictionary<(string Page, string Kind), Waiting> _waiting = [];

    /// <summary>An input whose result needs work (new embeddings, a fit): timed until <see cref="Computed"/> and the render after it.</summary>
    public void Input(string page, string kind) => Wait(page, kind, computed: false);

    /// <summary>An input whose result the handler computes at once (it only re-reads computed scores): timed until the next render.</summary>
    public void Instant(string page, string kind) => Wait(page, kind, computed: true);

    /// <summary>The results of <paramref name="page"/>'s waiting inputs are in: the next render shows them.</summary>
    public void Computed(string page)
    {
        lock (_gate)
        {
            foreach (var key in _waiting.Keys.Where(k => k.Page == page).ToArray())
                _waiting[key] = _waiting[key] with { Computed = true };
        }
    }

    /// <summary>The browser applied a render: every input whose result was computed before it has been shown.</summary>
    public void Rendered()
    {
        lock (_gate)
        {
            foreach (var (key, waiting) in _waiting.Where(w => w.Value.Computed).ToArray())
            {
                metrics?.Interaction(key.Page, key.Kind, time.GetElapsedTime(waiting.Since));
                _waiting.Remove(key);
            }
        }
    }

    /// <summary>A page's work for a result took <paramref name="elapsed"/>.</summary>
    public void Ran(string page, string kind, TimeSpan elapsed) => metrics?.Inference(page, kind, elapsed);

    private void Wait(string page, string kind, bool computed)
    {
        lock (_gate)
            _waiting[(page, kind)] = new Waiting(time.GetTimestamp(), computed);
    }

    private readonly record struct Waiting(long Since, bool Computed);
}
