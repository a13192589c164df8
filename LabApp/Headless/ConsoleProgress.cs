using LabApp.Core.Runners;

namespace LabApp.Headless;

/// <summary>
/// Progress of a long step on stderr, so stdout keeps only the result (and stays valid JSON): counts from the lab's
/// embedding and scoring, or a runner's <see cref="RunStep"/>s, each new step named once.
/// </summary>
internal sealed class ConsoleProgress(TextWriter error, string what) : IProgress<int>, IProgress<RunStep>
{
    private int _lastReported = -1;
    private string? _step;

    public void Report(int value)
    {
        // Every 256 texts is often enough to see it move without flooding a log.
        if (value / 256 == _lastReported / 256)
            return;
        _lastReported = value;
        error.WriteLine($"{what}: {value} texts done");
    }

    public void Report(RunStep value)
    {
        if (value.Name != _step)
        {
            (_step, _lastReported) = (value.Name, -1);
            error.WriteLine($"{what}: {value.Name}");
        }

        if (value.Done > 0)
            ((IProgress<int>)this).Report(value.Done);
    }
}
