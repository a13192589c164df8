using System.Runtime.InteropServices;

namespace LabApp.Headless;

/// <summary>
/// Ctrl-C (SIGINT) and SIGTERM turned into a cancellation of the running command, so it stops between two batches,
/// disposes its models and ends with the shell's code for the signal (130, 143). Without this the runtime exits while
/// ONNX Runtime is inside a native call, which ends in a segmentation fault. A second signal ends the process at once,
/// for a command that does not stop.
/// </summary>
internal sealed class TerminationSignals : IDisposable
{
    private readonly CancellationTokenSource _cancel = new();
    private readonly PosixSignalRegistration[] _registrations;
    private int _signal;

    public TerminationSignals()
    {
        _registrations = [PosixSignalRegistration.Create(PosixSignal.SIGINT, Handle), PosixSignalRegistration.Create(PosixSignal.SIGTERM, Handle)];
    }

    public CancellationToken Token => _cancel.Token;

    /// <summary>128 + the signal's number, as a shell reports a process a signal ended; null while none came.</summary>
    public int? ExitCode => _signal switch
    {
        0 => null,
        var n => 128 + n,
    };

    private void Handle(PosixSignalContext context)
    {
        if (Interlocked.CompareExchange(ref _signal, Number(context.Signal), 0) != 0)
            return;
        context.Cancel = true;
        _cancel.Cancel();
    }

    private static int Number(PosixSignal signal) => signal == PosixSignal.SIGINT ? 2 : 15;

    public void Dispose()
    {
        foreach (var registration in _registrations)
            registration.Dispose();
        _cancel.Dispose();
    }
}
