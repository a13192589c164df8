using LabApp.Core.Storage;

namespace LabApp.Services;

/// <summary>
/// The one line a page shows when one of the lab's stores (the run log, the workbooks, the shared links) cannot be read or written now:
/// damaged, deleted or replaced by a folder, or locked by another program since the lab started. The instructor is told
/// which file and what to do with it; a student, as on <c>/data</c>, never sees the server's paths. What the store is not
/// in the way of goes on and is said to: experiments run (a run the log cannot take still shows, and
/// <see cref="Core.Runners.SettledRuns.NotSaved"/> says so), pages work.
/// </summary>
/// <param name="Store">What the store is, in the student's words.</param>
/// <param name="Holds">What of the student's it holds.</param>
/// <param name="GoesOn">What still works for the student.</param>
/// <param name="NotKept">What is not kept until the instructor mends it.</param>
public sealed record StoreProblem(string Store, string Holds, string GoesOn, string NotKept)
{
    public static readonly StoreProblem RunLog = new("run log", "your runs", "your experiments still run", "experiments still run, but their runs are not saved until then");

    public static readonly StoreProblem Links = new("store of shared links", "shared links", "every page still works", "every page still works, but links cannot be shared or opened until then");

    public static readonly StoreProblem Workbooks = new("workbook store", "your workbook", "every page still works", "every page still works, but the students' work is not saved until then");

    public string Said(StorageException e, string path, bool toInstructor) => toInstructor ? ToInstructor(e.Problem, path) : ToStudent(e.Problem);

    private string ToInstructor(StorageProblem problem, string path) => problem switch
    {
        StorageProblem.Damaged => $"The {Store} at {path} is damaged: move it aside and restart the lab (it starts a new one), or restore it from a backup; {NotKept}.",
        StorageProblem.Missing => $"The {Store} at {path} is no longer there (deleted, moved, or a folder in its place): put it back, or restart the lab to start a new one; {NotKept}.",
        StorageProblem.Busy => $"The {Store} at {path} is busy: another program (a sqlite3 shell, another lab) holds its lock; close that program and reload this page; {NotKept}.",
        StorageProblem.Full => $"The {Store} at {path} is on a full disk: free some space there; {NotKept}.",
        _ => $"The {Store} at {path} cannot be read or written: make it and its folder readable and writable for the lab, and reload this page; {NotKept}.",
    };

    private string ToStudent(StorageProblem problem) => problem switch
    {
        StorageProblem.Damaged => $"The lab's {Store} is damaged, so {Holds} cannot be shown or saved now; {GoesOn}. Tell your instructor.",
        StorageProblem.Missing => $"The lab's {Store} is no longer there, so {Holds} cannot be shown or saved now; {GoesOn}. Tell your instructor.",
        StorageProblem.Busy => $"The lab's {Store} is busy, held by another program on the server, so {Holds} cannot be shown now; {GoesOn}. Reload this page in a moment, and tell your instructor if this goes on.",
        StorageProblem.Full => $"The lab's {Store} is on a full disk, so {Holds} cannot be saved now; {GoesOn}. Tell your instructor.",
        _ => $"The lab's {Store} cannot be read on the server, so {Holds} cannot be shown or saved now; {GoesOn}. Tell your instructor.",
    };
}
