using LabApp.Core.Storage;

namespace LabApp.Headless;

/// <summary>The command line's recorder: its runs print their results and are kept in no run log (that is each browser's).</summary>
internal sealed class NoRunLog : IRunRecorder
{
    public RunRecord Add(RunRecord record, string? identity = null) => record;
}
