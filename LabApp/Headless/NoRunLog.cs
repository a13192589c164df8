using LabApp.Core.Runners;
using LabApp.Core.Storage;

namespace LabApp.Headless;

/// <summary>
/// The command line keeps no run log (the run log is each browser's, on the web app): a headless run prints its numbers
/// and records nothing, so the runners the pages use serve the command line unchanged.
/// </summary>
internal sealed class NoRunLog : IRunRecorder
{
    public static SettledRuns Runs { get; } = new(new NoRunLog(), TimeProvider.System);

    public RunRecord Add(RunRecord record, string? identity = null) => record;
}
