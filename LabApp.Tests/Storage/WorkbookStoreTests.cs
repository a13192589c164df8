using LabApp.Core.Storage;
using Microsoft.Data.Sqlite;

namespace LabApp.Tests.Storage;

public sealed class WorkbookStoreTests
{
    private static readonly DateTimeOffset Monday = new(2026, 12, 7, 9, 0, 0, TimeSpan.Zero);

    private static string NewFile() => Path.Combine(TestFolders.Create("workbooks"), "workbooks.sqlite");

    [Fact]
    public void A_page_saved_by_one_browser_comes_back_from_a_new_store_on_the_same_file_and_to_no_other_browser()
    {
        var file = NewFile();
        var store = new WorkbookStore(file);

        store.Save("ann", "/medium/confidence", """{"Answers":["They hedge."]}""", Monday);
        store.Save("ann", "/medium/confidence", """{"Answers":["They hedge: kind of."]}""", Monday.AddMinutes(1));
        store.Save("ann", "/medium/limited-data", """{"Seeds":"42, 7"}""", Monday);

        var restarted = new WorkbookStore(file);
        Assert.Equal("""{"Answers":["They hedge: kind of."]}""", restarted.Load("ann", "/medium/confidence"));
        Assert.Equal(["/medium/confidence", "/medium/limited-data"], restarted.LoadAll("ann").Keys.Order(StringComparer.Ordinal));
        Assert.Null(restarted.Load("bob", "/medium/confidence"));
        Assert.Empty(restarted.LoadAll("bob"));
    }

    [Fact]
    public void A_name_is_trimmed_cut_to_its_longest_and_removed_when_blank()
    {
        var store = new WorkbookStore(NewFile());

        store.Name("ann", "  Ann Lee ");
        Assert.Equal("Ann Lee", store.NameOf("ann"));
        store.Name("ann", new string('x', 200));
        Assert.Equal(WorkbookStore.LongestName, store.NameOf("ann")!.Length);
        store.Name("ann", " ");
        Assert.Null(store.NameOf("ann"));
    }

    [Fact]
    public void Each_hand_in_is_a_new_numbered_version_that_later_edits_never_change()
    {
        var store = new WorkbookStore(NewFile());

        var first = store.HandIn("ann", "Ann Lee", "# Workbook v1", Monday);
        store.Save("ann", "/medium/confidence", """{"Answers":["changed afterwards"]}""", Monday.AddHours(1));
        var second = store.HandIn("ann", "Ann Lee", "# Workbook v2", Monday.AddHours(2));
        var bobs = store.HandIn("bob", "", "# Bob's", Monday.AddHours(3));

        Assert.Equal((1, 2, 1), (first.Version, second.Version, bobs.Version));
        Assert.Equal("# Workbook v1", store.HandInById(first.Id)!.Markdown);
        Assert.Equal(Monday, store.HandInById(first.Id)!.Time);
        Assert.Equal([bobs.Id, second.Id, first.Id], store.HandIns().Select(h => h.Id));
        Assert.Equal([second.Id, first.Id], store.HandIns("ann").Select(h => h.Id));
        Assert.Null(store.HandInById(999));
    }

    [Fact]
    public void A_page_state_over_the_bound_is_refused_and_the_one_before_stays()
    {
        var store = new WorkbookStore(NewFile());
        store.Save("ann", "/medium/custom-labels", "{}", Monday);

        var error = Assert.Throws<ArgumentException>(() => store.Save("ann", "/medium/custom-labels", new string('x', WorkbookStore.MaxPageBytes + 1), Monday));

        Assert.Contains("over 1024 KB", error.Message);
        Assert.Equal("{}", store.Load("ann", "/medium/custom-labels"));
    }

    [Fact]
    public async Task Saves_that_arrive_while_one_is_written_are_written_together_in_one_transaction()
    {
        var file = NewFile();
        var store = new WorkbookStore(file);
        var changed = new List<string>();
        store.Changed += owner =>
        {
            lock (changed)
                changed.Add(owner);
        };

        // Another connection holds the write lock, so the writer waits with whatever it took first and the rest queue.
        using (var holder = new SqliteConnection($"Data Source={file};Pooling=False"))
        {
            holder.Open();
            using var hold = holder.BeginTransaction(deferred: false);
            var saves = Enumerable.Range(0, 30).Select(i => store.SaveAsync($"student{i}", "/medium/confidence", $$"""{"Threshold":{{i}}}""", Monday)).ToList();
            saves.Add(store.SaveAsync("student0", "/medium/confidence", """{"Threshold":99}""", Monday.AddSeconds(1)));
            hold.Rollback();
            await Task.WhenAll(saves);
        }

        Assert.InRange(store.BatchesWritten, 1, 2);
        Assert.Equal("""{"Threshold":99}""", store.Load("student0", "/medium/confidence"));
        Assert.Equal("""{"Threshold":29}""", store.Load("student29", "/medium/confidence"));
        Assert.Equal(30, store.LoadClass().Count);
        Assert.Equal(Enumerable.Range(0, 30).Select(i => $"student{i}").Order(), changed.Distinct().Order());
    }

    [Fact]
    public async Task A_page_saved_again_before_its_turn_is_written_with_its_last_state()
    {
        var store = new WorkbookStore(NewFile());

        var first = store.SaveAsync("ann", "/medium/limited-data", """{"TrainSize":100}""", Monday);
        var second = store.SaveAsync("ann", "/medium/limited-data", """{"TrainSize":500}""", Monday.AddSeconds(1));
        await Task.WhenAll(first, second);

        Assert.Equal("""{"TrainSize":500}""", store.Load("ann", "/medium/limited-data"));
        store.Save("ann", "/medium/limited-data", """{"TrainSize":2000}""", Monday.AddSeconds(2));
        Assert.Equal("""{"TrainSize":2000}""", new WorkbookStore(store.FilePath).Load("ann", "/medium/limited-data"));
    }
}
