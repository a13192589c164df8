namespace LabApp.Core.Inference;

/// <summary>
/// The batches run on a model's ONNX sessions, and the sessions' end: closing waits for the batches in flight (native
/// calls that must not lose their session under them) and refuses any batch after it. A cancelled command or a stopping
/// server whose shared work is still running thus ends between two batches, not in a segmentation fault.
/// </summary>
internal sealed class SessionRuns
{
    private readonly object _gate = new();
    private int _running;
    private bool _closed;

    /// <summary>One batch: <c>using (runs.Enter()) session.Run(...)</c>.</summary>
    public Batch Enter()
    {
        lock (_gate)
        {
            ObjectDisposedException.ThrowIf(_closed, this);
            _running++;
        }

        return new Batch(this);
    }

    /// <summary>Waits for the batches in flight, then disposes the sessions.</summary>
    public void Close(params IDisposable[] sessions)
    {
        lock (_gate)
        {
            _closed = true;
            while (_running > 0)
                Monitor.Wait(_gate);
        }

        foreach (var session in sessions)
            session.Dispose();
    }

    private void Exit()
    {
        lock (_gate)
        {
            _running--;
            Monitor.PulseAll(_gate);
        }
    }

    public readonly struct Batch(SessionRuns runs) : IDisposable
    {
        public void Dispose() => runs.Exit();
    }
}
