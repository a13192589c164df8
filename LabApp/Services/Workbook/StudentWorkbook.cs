using LabApp.Core.Storage;

namespace LabApp.Services;

/// <summary>
/// One student's workbook (scoped: one per circuit): read from the server's store under their browser's id, named as
/// they choose, and handed in as dated copies that never change. The pages of this circuit save into it through
/// <see cref="PageStates"/>, whose last changes are written before the workbook is read.
/// </summary>
public sealed class StudentWorkbook(WorkbookStore store, BrowserIdentity browser, PageStates pages, TimeProvider time)
{
    /// <summary>The workbook as it stands, with this circuit's last changes in it.</summary>
    public async Task<Workbook> ReadAsync()
    {
        await pages.FlushAsync();
        return Workbook.Of(store.NameOf(browser.WorkbookOwner), store.LoadAll(browser.WorkbookOwner));
    }

    /// <summary>The workbook as the Markdown document the export and a hand-in hold.</summary>
    public async Task<string> MarkdownAsync() => WorkbookMarkdown.Write(await ReadAsync(), time.GetUtcNow());

    /// <summary>The name the student shows (in their hand-ins and the instructor's class), or null.</summary>
    public string? Name => store.NameOf(browser.WorkbookOwner);

    /// <summary>Sets the name the student shows; blank removes it.</summary>
    public void Rename(string? name) => store.Name(browser.WorkbookOwner, name);

    /// <summary>Hands in the workbook as it stands: a new dated version the instructor can open; later edits do not change it.</summary>
    public async Task<HandIn> HandInAsync()
    {
        var now = time.GetUtcNow();
        var workbook = await ReadAsync();
        return store.HandIn(browser.WorkbookOwner, workbook.Name ?? "", WorkbookMarkdown.Write(workbook, now), now);
    }

    /// <summary>This student's hand-ins, newest first.</summary>
    public IReadOnlyList<HandInSummary> HandIns => store.HandIns(browser.WorkbookOwner);
}
