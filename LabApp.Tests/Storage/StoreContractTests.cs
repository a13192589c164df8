using LabApp.Core.Classifiers.Llm;
using LabApp.Core.Experiments;
using LabApp.Core.Models;
using LabApp.Core.Storage;
using LabApp.Tests.Servers;

namespace LabApp.Tests.Storage;

/// <summary>The class's stores, as one server or as several see them: the same contract in a SQLite file and in PostgreSQL.</summary>
public sealed record ClassStores(RunLog Runs, WorkbookStore Workbooks, ClassSuiteStore Suite, SnapshotStore Links, LlmAnswerCache Answers);

/// <summary>
/// What every store promises whatever database holds it: the run log's owners, identities and typed records, the
/// workbooks and hand-ins, the class's suite, the shared links and the LLM answers. Each database's class below opens
/// the stores its way; the tests are these.
/// </summary>
public abstract class StoreContractTests : IAsyncLifetime
{
    private const string Ann = "browser-of-ann";
    private const string Bob = "browser-of-bob";
    private static readonly DateTimeOffset Monday = new(2026, 11, 30, 9, 0, 0, TimeSpan.Zero);

    protected ClassStores Stores { get; private set; } = null!;

    /// <summary>A new, empty set of stores.</summary>
    protected abstract Task<ClassStores> OpenAsync();

    public async Task InitializeAsync() => Stores = await OpenAsync();

    public Task DisposeAsync() => Task.CompletedTask;

    private static RunRecord Supervised(int train, RunScores? scores = null) => new(0, Monday, "supervised", "logistic regression", ModelCatalog.MiniLmId,
        new SupervisedParameters(ModelCatalog.MiniLmId, train, 300, 42), null, scores ?? new RunScores(0.8, 0.79, 0.78, 300), TimeSpan.FromSeconds(1.5));

    [Fact]
    public void A_run_comes_back_typed_as_it_was_logged_and_only_to_its_own_browser()
    {
        var labels = new RunRecord(0, Monday.AddMinutes(1), "custom-labels", "zero-shot", ModelCatalog.MiniLmId,
            new CustomLabelsParameters(ModelCatalog.MiniLmId, ["awful", "great"]), null, null, TimeSpan.FromSeconds(0.25));
        var first = Stores.Runs.Add(Ann, Supervised(1000));
        var second = Stores.Runs.Add(Ann, labels);
        Stores.Runs.Add(Bob, Supervised(100));

        Assert.Equal([second, first], Stores.Runs.Find(Ann));
        Assert.True(second.Id > first.Id);
        Assert.Null(Stores.Runs.Find(Ann)[0].Scores);
        Assert.Equal(Monday.AddMinutes(1), Stores.Runs.Find(Ann)[0].Time);
        Assert.Equal(first, Stores.Runs.Get(first.Id));
        Assert.Equal([second], Stores.Runs.Find(Ann, "awful"));
        Assert.Equal(["student 2", "student 1", "student 1"], Stores.Runs.FindClass().Select(r => r.Student));
    }

    [Fact]
    public void A_run_the_browser_logged_before_is_returned_not_stored_again()
    {
        var logged = Stores.Runs.Add(Ann, Supervised(1000), identity: "digest-1");
        var again = Stores.Runs.Add(Ann, Supervised(1000), identity: "digest-1");
        var other = Stores.Runs.Add(Bob, Supervised(1000), identity: "digest-1");

        Assert.True(again.IsEarlier);
        Assert.Equal(logged.Id, again.Id);
        Assert.NotEqual(logged.Id, other.Id);
        Assert.Single(Stores.Runs.Find(Ann));
    }

    [Fact]
    public void Concurrent_repeats_of_one_run_leave_one_row()
    {
        Parallel.For(0, 8, _ => Stores.Runs.Add(Ann, Supervised(500), identity: "same-run"));

        Assert.Single(Stores.Runs.Find(Ann));
    }

    [Fact]
    public void A_new_run_is_told_to_its_browser_and_to_the_class()
    {
        using var mine = new SemaphoreSlim(0);
        using var classes = new SemaphoreSlim(0);
        using var a = Stores.Runs.NotifyOnChange(Ann, () => mine.Release());
        using var c = Stores.Runs.NotifyOnClassChange(() => classes.Release());

        Stores.Runs.Add(Ann, Supervised(10));

        Assert.True(mine.Wait(TimeSpan.FromSeconds(10)));
        Assert.True(classes.Wait(TimeSpan.FromSeconds(10)));
    }

    [Fact]
    public void A_workbook_keeps_each_page_replaced_by_its_last_save_and_its_name()
    {
        var changed = new List<string>();
        Stores.Workbooks.Changed += owner =>
        {
            lock (changed)
                changed.Add(owner);
        };
        Stores.Workbooks.Save(Ann, "/medium/confidence", """{"threshold":0.15}""", Monday);
        Stores.Workbooks.Save(Ann, "/medium/confidence", """{"threshold":0.3}""", Monday.AddMinutes(2));
        Stores.Workbooks.Save(Ann, "/medium/limited-data", "{}", Monday.AddMinutes(3));
        Stores.Workbooks.Name(Ann, "  Ann Lee  ");

        Assert.Equal("""{"threshold":0.3}""", Stores.Workbooks.Load(Ann, "/medium/confidence"));
        Assert.Null(Stores.Workbooks.Load(Bob, "/medium/confidence"));
        Assert.Equal(2, Stores.Workbooks.LoadAll(Ann).Count);
        Assert.Equal("Ann Lee", Stores.Workbooks.NameOf(Ann));
        Stores.Workbooks.Name(Ann, " ");
        Assert.Null(Stores.Workbooks.NameOf(Ann));
        lock (changed)
            Assert.Equal([Ann, Ann, Ann, Ann, Ann], changed);
    }

    [Fact]
    public void The_class_is_read_in_one_query_in_the_order_students_began()
    {
        Stores.Workbooks.Save(Bob, "/medium/confidence", "{}", Monday.AddMinutes(5));
        Stores.Workbooks.Save(Ann, "/medium/confidence", "{}", Monday.AddMinutes(9));
        Stores.Workbooks.Save(Ann, "/medium/custom-labels", "{}", Monday.AddMinutes(1));
        Stores.Workbooks.Name(Bob, "Bob");

        var students = Stores.Workbooks.LoadClass();

        Assert.Equal([(Ann, (string?)null, Monday.AddMinutes(1), 2), (Bob, "Bob", Monday.AddMinutes(5), 1)],
            students.Select(s => (s.Owner, s.Name, s.Began, s.Pages.Count)));
    }

    [Fact]
    public void Each_hand_in_is_a_new_version_listed_newest_first()
    {
        var first = Stores.Workbooks.HandIn(Ann, "Ann", "# v1", Monday);
        Stores.Workbooks.HandIn(Bob, "Bob", "# bob", Monday.AddMinutes(1));
        var second = Stores.Workbooks.HandIn(Ann, "Ann Lee", "# v2", Monday.AddMinutes(2));

        Assert.Equal((1, 2), (first.Version, second.Version));
        Assert.Equal([second.Id, first.Id], Stores.Workbooks.HandIns(Ann).Select(h => h.Id));
        Assert.Equal(3, Stores.Workbooks.HandIns().Count);
        Assert.Equal(second, Stores.Workbooks.HandInById(second.Id));
        Assert.Null(Stores.Workbooks.HandInById(second.Id + 100));
    }

    [Fact]
    public void Concurrent_hand_ins_get_distinct_versions()
    {
        Parallel.For(0, 6, i => Stores.Workbooks.HandIn(Ann, "Ann", $"# {i}", Monday));

        Assert.Equal([1, 2, 3, 4, 5, 6], Stores.Workbooks.HandIns(Ann).Select(h => h.Version).Order());
    }

    [Fact]
    public void The_class_suite_keeps_one_case_per_text_in_the_order_added()
    {
        var heard = 0;
        Stores.Suite.Changed += () => Interlocked.Increment(ref heard);

        Assert.True(Stores.Suite.Add(new EdgeCase("Sarcasm", "Oh great, another sequel.", 0), Monday));
        Assert.True(Stores.Suite.Add(new EdgeCase("Negation", "Not bad at all.", 1), Monday));
        Assert.False(Stores.Suite.Add(new EdgeCase("Sarcasm", "  oh GREAT,  another sequel. ", 0), Monday.AddMinutes(1)));

        Assert.Equal(["Oh great, another sequel.", "Not bad at all."], Stores.Suite.Cases().Select(c => c.Text));
        Assert.Equal(2, heard);
    }

    [Fact]
    public void A_shared_state_gets_one_id_and_the_oldest_goes_beyond_capacity()
    {
        var first = Stores.Links.Save("""{"b":1,"a":[1,2]}""");
        var same = Stores.Links.Save("""{ "a": [1,2], "b": 1 }""");

        Assert.Equal(first.Id, same.Id);
        Assert.Equal("""{"a":[1,2],"b":1}""", Stores.Links.Load(first.Id!));
        Assert.Null(Stores.Links.Load("AAAAAAAAAAAAAAAA"));

        for (var i = 0; i < Stores.Links.Capacity; i++)
            Stores.Links.Save($$"""{"n":{{i}}}""");
        Assert.Null(Stores.Links.Load(first.Id!));
        Assert.NotNull(Stores.Links.Load(Stores.Links.Save("""{"n":0}""").Id!));
    }

    [Fact]
    public void An_answer_is_kept_by_its_key_and_a_blank_one_is_not()
    {
        var settings = new LlmSettings { BaseUrl = "http://127.0.0.1:1/v1", Model = "model" };
        var template = PromptTemplate.Book;
        var great = LlmAnswerCache.KeyOf(settings, template, "Great film.");
        var dull = LlmAnswerCache.KeyOf(settings, template, "Dull film.");

        Stores.Answers.Store(great, "positive");
        Stores.Answers.Store(great, "Positive.");
        Stores.Answers.Store(dull, "  ");

        Assert.Equal<string?>(["Positive.", null], Stores.Answers.Find([great, dull]).AsEnumerable());
        Assert.Equal(1, Stores.Answers.Count());
    }
}

public sealed class SqliteStoreContractTests : StoreContractTests
{
    protected override Task<ClassStores> OpenAsync()
    {
        var folder = TestFolders.Create("contract");
        var workbooks = Path.Combine(folder, "workbooks.sqlite");
        return Task.FromResult(new ClassStores(new RunLog(Path.Combine(folder, "runs.sqlite")), new WorkbookStore(workbooks), new ClassSuiteStore(workbooks),
            new SnapshotStore(Path.Combine(folder, "links.sqlite"), capacity: 5), new LlmAnswerCache(Path.Combine(folder, "answers.sqlite"))));
    }
}

[Collection(PostgresCollection.Name)]
public sealed class PostgresStoreContractTests(PostgresServer server) : StoreContractTests
{
    protected override async Task<ClassStores> OpenAsync()
    {
        var database = PostgresDatabase.Open(await server.NewDatabaseAsync("contract"));
        return new ClassStores(new RunLog(database), new WorkbookStore(database), new ClassSuiteStore(database),
            new SnapshotStore(database, capacity: 5), new LlmAnswerCache(database));
    }
}
