using LabApp.Core.Experiments;

namespace LabApp.Core.Storage;

/// <summary>Where a settled run is recorded: in the web app, the run log of the student who made it.</summary>
public interface IRunRecorder
{
    /// <summary>Stores <paramref name="record"/> and returns it with its id.</summary>
    RunRecord Add(RunRecord record);
}
