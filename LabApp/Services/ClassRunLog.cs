using LabApp.Core.Storage;

namespace LabApp.Services;

/// <summary>
/// The whole class's run log, for a browser that holds the instructor's class-view marker (scoped, per circuit). It
/// exists only when the server has an instructor key; students appear as "student 1", "student 2", …, never by id.
/// </summary>
public sealed class ClassRunLog(RunLog log, BrowserIdentity browser, InstructorKey instructor)
{
    /// <summary>Whether the server has an instructor key at all: without one there is no class view.</summary>
    public bool Exists => instructor.IsSet;

    /// <summary>Whether this browser may see the class's runs now.</summary>
    public bool IsOpen => Exists && browser.SeesClass;

    /// <summary>Every browser's runs that mention <paramref name="filter"/>, newest first.</summary>
    public IReadOnlyList<RunRecord> Find(string? filter = null) => IsOpen
        ? log.FindClass(filter)
        : throw new InvalidOperationException("The class's log needs the instructor's key.");

    /// <summary>Calls <paramref name="callback"/>, off the recording thread, after each new run of any browser.</summary>
    public IDisposable NotifyOnChange(Action callback) => log.NotifyOnClassChange(callback);
}
