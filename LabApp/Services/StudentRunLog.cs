using LabApp.Core.Storage;

namespace LabApp.Services;

/// <summary>
/// This browser's part of the run log (scoped, per circuit): a page's run is recorded under the browser's id, and the
/// log page shows and exports only this browser's runs.
/// </summary>
public sealed class StudentRunLog(RunLog log, BrowserIdentity browser) : IRunRecorder
{
    public RunRecord Add(RunRecord record, string? identity = null) => log.Add(browser.Id, record, identity);

    /// <summary>The run log's file on the server: for the instructor's eyes only (<see cref="StoreProblem"/>).</summary>
    public string FilePath => log.FilePath;

    /// <summary>This browser's runs that mention <paramref name="filter"/> (all when it is blank), newest first.</summary>
    public IReadOnlyList<RunRecord> Find(string? filter = null) => log.Find(browser.Id, filter);

    /// <summary>Calls <paramref name="callback"/>, off the recording thread, after each new run of this browser (from any tab).</summary>
    public IDisposable NotifyOnChange(Action callback) => log.NotifyOnChange(browser.Id, callback);
}
