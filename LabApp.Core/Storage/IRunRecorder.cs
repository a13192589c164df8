using LabApp.Core.Experiments;

namespace LabApp.Core.Storage;

/// <summary>Where a settled run is recorded: in the web app, the run log of the student who made it.</summary>
public interface IRunRecorder
{
    /// <summary>
    /// Stores <paramref name="record"/> and returns it with its id. With an <paramref name="identity"/> (a digest of all
    /// that decides the run's numbers), a run this student recorded before is not stored again: the earlier record is returned.
    /// </summary>
    RunRecord Add(RunRecord record, string? identity = null);
}
