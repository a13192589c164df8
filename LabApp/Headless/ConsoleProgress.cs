namespace LabApp.Headless;

/// <summary>Progress of a long step on stderr, so stdout keeps only the result (and stays valid JSON).</summary>
internal sealed class ConsoleProgress(TextWriter error, string what) : IProgress<int>
{
    private int _lastReported = -1;

    public void Report(int value)
    {
        // Every 256 texts is often enough to see it move without flooding a log.
        if (value / 256 == _lastReported / 256)
            return;
        _lastReported = value;
        error.WriteLine($"{what}: {value} texts done");
    }
}
