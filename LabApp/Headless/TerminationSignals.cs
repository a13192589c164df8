using System.Runtime.InteropServices;

namespace LabApp.Headless;

/// <summary>
/// Ctrl-C (SIGINT) and SIGTERM turned into a cancellation of the running command, so it stops between two batches,
/// disposes its models and ends with the shell's code for the signal (130, 143), whatever it returned. Without this
/// the runtime exits while ONNX Runtime is inside a native call, which ends in a segmentation fault. A command that has
/// not stopped <see cref="Grace"/> after the signal (a batch of a large model, a lock another program holds) is ended
/// then by <see cref="FinishAsync"/>, without the runtime's shutdown; a second signal ends the process at once.
/// </summary>
internal sealed class TerminationSignals : IDisposable
{
    /// <summary>How long a command may take to stop after the signal: the first signal always ends it within a second.</summary>
    public static readonly TimeSpan Grace = TimeSpan.FromMilliseconds(600);

    private readonly CancellationTokenSource _cancel = new();
    private readonly TaskCompletionSource _graceOver = new(TaskCreationOptions.RunContinuationsAsynchronously);
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
        _ = Task.Delay(Grace).ContinueWith(_ => _graceOver.TrySetResult(), TaskScheduler.Default);
    }

    /// <summary>
    /// The command's exit code (the signal's when it was cancelled by one); or, when it has not stopped within
    /// <see cref="Grace"/> of the signal, the signal's code at once: the unfinished temporary files of its writes are
    /// deleted, the cancellation is said on stderr if stderr takes it, and the process ends without the runtime's
    /// shutdown, which would free ONNX Runtime's sessions under a native call still running.
    /// </summary>
    public async Task<int> FinishAsync(Task<int> command)
    {
        if (await Task.WhenAny(command, _graceOver.Task) == command)
        {
            var code = await command;
            // A command that ended after the signal anyway (its last line reached a reader that caught up, its input
            // ended) was still told to stop: the shell hears the signal, never a success.
            return ExitCode ?? code;
        }

        // Standard output may be a pipe nobody reads any more (the very thing the command waits on), and standard error
        // too: neither is waited for longer than a moment. What the command wrote before is already in the pipe.
        Core.Storage.OutputFile.RemoveUnfinished();
        // Console's writers share a lock that a write blocked on standard output holds: the line goes to stderr's descriptor itself.
        _ = Task.Run(() =>
        {
            var line = System.Text.Encoding.UTF8.GetBytes(HeadlessRunner.CancelledLine + "\n");
            write(2, line, line.Length);
        }).Wait(TimeSpan.FromMilliseconds(150));
        _exit(ExitCode!.Value);
        return ExitCode.Value;
    }

    private static int Number(PosixSignal signal) => signal == PosixSignal.SIGINT ? 2 : 15;

    [DllImport("libc", EntryPoint = "_exit")]
    private static extern void _exit(int status);

    [DllImport("libc", EntryPoint = "write", SetLastError = true)]
    private static extern nint write(int fd, byte[] buffer, nint count);

    public void Dispose()
    {
        foreach (var registration in _registrations)
            registration.Dispose();
        _cancel.Dispose();
    }
}
