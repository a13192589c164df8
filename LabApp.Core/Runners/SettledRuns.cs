using LabApp.Core.Experiments;
using LabApp.Core.Storage;

namespace LabApp.Core.Runners;

/// <summary>
/// Records one student's settled runs in their run log (one per circuit, as the recorder is). A run whose records say
/// the same as the previous run's (page, method, model, parameters) is not recorded again: coming back to a page, or
/// pressing Run twice, leaves one row. Runs that were cancelled or left never get here.
/// </summary>
public sealed class SettledRuns(IRunRecorder recorder, TimeProvider time)
{
    private readonly Lock _gate = new();
    private IReadOnlyList<RunKey> _last = [];

    /// <summary>Records each of the <paramref name="runs"/> of one settled run, unless the previous run was the same.</summary>
    /// <returns>Whether they were recorded.</returns>
    public bool Record(string page, string parameters, params IReadOnlyList<(ClassificationRun Run, TimeSpan Duration)> runs)
    {
        var now = time.GetLocalNow();
        var records = runs.Select(r => RunRecord.Of(page, parameters, r.Run, r.Duration, now)).ToArray();
        var keys = records.Select(RunKey.Of).ToArray();
        lock (_gate)
        {
            if (keys.SequenceEqual(_last))
                return false;
            _last = keys;
        }

        foreach (var record in records)
            recorder.Add(record);
        return true;
    }

    private sealed record RunKey(string Page, string Method, string ModelId, string Parameters)
    {
        public static RunKey Of(RunRecord record) => new(record.Page, record.Method, record.ModelId, record.Parameters);
    }
}
