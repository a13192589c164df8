using LabApp.Core.Storage;

namespace LabApp.Services;

/// <summary>
/// The one line a page that reads the run log (<c>/log</c>, <c>/compare</c>) shows when the file cannot be read now:
/// damaged, deleted or replaced by a folder, or locked by another program since the lab started. The instructor is told
/// which file and what to do with it; a student, as on <c>/data</c>, never sees the server's paths. Experiments are not
/// in it: a run the log cannot take still shows, and <see cref="Core.Runners.SettledRuns.NotSaved"/> says so.
/// </summary>
public static class RunLogProblem
{
    public static string Said(StorageException e, string path, bool toInstructor) => toInstructor ? ToInstructor(e.Problem, path) : ToStudent(e.Problem);

    private static string ToInstructor(StorageProblem problem, string path) => problem switch
    {
        StorageProblem.Damaged => $"The run log at {path} is damaged: move it aside and restart the lab (it starts a new one), or restore it from a backup; experiments still run, but their runs are not saved until then.",
        StorageProblem.Missing => $"The run log at {path} is no longer there (deleted, moved, or a folder in its place): put it back, or restart the lab to start a new one; experiments still run, but their runs are not saved until then.",
        StorageProblem.Busy => $"The run log at {path} is busy: another program (a sqlite3 shell, another lab) holds its lock; close that program and reload this page; experiments still run.",
        StorageProblem.Full => $"The run log at {path} is on a full disk: free some space there; experiments still run, but their runs are not saved until then.",
        _ => $"The run log at {path} cannot be read or written: make it and its folder readable and writable for the lab, and reload this page; experiments still run, but their runs are not saved until then.",
    };

    private static string ToStudent(StorageProblem problem) => problem switch
    {
        StorageProblem.Damaged => "The lab's run log is damaged, so your runs cannot be shown or saved now; your experiments still run. Tell your instructor.",
        StorageProblem.Missing => "The lab's run log is no longer there, so your runs cannot be shown or saved now; your experiments still run. Tell your instructor.",
        StorageProblem.Busy => "The lab's run log is busy, held by another program on the server, so your runs cannot be shown now; your experiments still run. Reload this page in a moment, and tell your instructor if this goes on.",
        StorageProblem.Full => "The lab's run log is on a full disk, so your runs cannot be saved now; your experiments still run. Tell your instructor.",
        _ => "The lab's run log cannot be read on the server, so your runs cannot be shown or saved now; your experiments still run. Tell your instructor.",
    };
}
