using LabApp.Core.Storage;
using Microsoft.Data.Sqlite;

namespace LabApp.Tests.Storage;

public sealed class RunLogTests
{
    private const string Ann = "browser-of-ann";
    private const string Bob = "browser-of-bob";

    private static string NewLogFile() => Path.Combine(TestFolders.Create("runlog"), "runs.sqlite");

    private static RunRecord Record(string page, string parameters, double accuracy = 0.8, string model = "sentence-transformers/all-MiniLM-L6-v2") =>
        new(0, new DateTimeOffset(2026, 11, 26, 9, 30, 0, TimeSpan.Zero), page, "supervised", model,
            parameters, accuracy, 0.79, 0.78, 1066, TimeSpan.FromSeconds(1.5));

    [Fact]
    public void A_new_instance_on_the_same_file_sees_the_runs_of_the_old_one()
    {
        var file = NewLogFile();
        var first = new RunLog(file).Add(Ann, Record("supervised", "train=all"));
        new RunLog(file).Add(Ann, Record("zero-shot", "labels=a|b", 0.7));

        var restarted = new RunLog(file).Find(Ann);

        Assert.Equal(2, restarted.Count);
        Assert.Equal("zero-shot", restarted[0].Page);
        Assert.Equal(first, restarted[1]);
    }

    [Fact]
    public void Each_browser_finds_only_its_own_runs_and_the_class_finds_all_with_numbered_students()
    {
        var log = new RunLog(NewLogFile());
        log.Add(Bob, Record("supervised", "train=100"));
        log.Add(Ann, Record("zero-shot", "labels=a|b"));
        log.Add(Bob, Record("zero-shot", "labels=c|d"));

        Assert.Equal(["labels=a|b"], log.Find(Ann).Select(r => r.Parameters));
        Assert.Equal(["labels=c|d", "train=100"], log.Find(Bob).Select(r => r.Parameters));
        Assert.Empty(log.Find("browser-of-someone-else"));
        Assert.All(log.Find(Bob), r => Assert.Null(r.Student));

        // Bob ran first, so he is student 1 however the class's log is filtered.
        Assert.Equal([("student 1", "labels=c|d"), ("student 2", "labels=a|b"), ("student 1", "train=100")],
            log.FindClass().Select(r => (r.Student, r.Parameters)));
        Assert.Equal([("student 2", "labels=a|b"), ("student 1", "labels=c|d")],
            log.FindClass("labels").Select(r => (r.Student, r.Parameters)).Reverse());
    }

    [Fact]
    public void A_log_written_before_owners_gains_the_column_and_its_runs_belong_to_no_browser()
    {
        var file = NewLogFile();
        using (var connection = new SqliteConnection($"Data Source={file};Pooling=False"))
        {
            connection.Open();
            using var command = connection.CreateCommand();
            // The schema of the lab's run log before runs had owners, with one run in it.
            command.CommandText = """
                CREATE TABLE runs (
                    id INTEGER PRIMARY KEY AUTOINCREMENT, time TEXT NOT NULL, page TEXT NOT NULL, method TEXT NOT NULL,
                    model TEXT NOT NULL, parameters TEXT NOT NULL, accuracy REAL NOT NULL, macro_f1 REAL NOT NULL,
                    weighted_f1 REAL NOT NULL, test_reviews INTEGER NOT NULL, seconds REAL NOT NULL);
                INSERT INTO runs (time, page, method, model, parameters, accuracy, macro_f1, weighted_f1, test_reviews, seconds)
                VALUES ('2026-11-20T10:00:00.0000000+00:00', 'supervised', 'supervised', 'sentence-transformers/all-MiniLM-L6-v2',
                        'model=minilm train=all test=all seed=42', 0.78, 0.77, 0.77, 1066, 2.5);
                """;
            command.ExecuteNonQuery();
        }

        var log = new RunLog(file);
        log.Add(Ann, Record("zero-shot", "labels=a|b"), identity: "labels-a-b");
        var reopened = new RunLog(file);

        Assert.True(reopened.Add(Ann, Record("zero-shot", "labels=a|b"), identity: "labels-a-b").IsEarlier);

        Assert.Equal(["labels=a|b"], reopened.Find(Ann).Select(r => r.Parameters));
        var earlier = reopened.FindClass()[^1];
        Assert.Equal((RunLog.EarlierRuns, 1L, "model=minilm train=all test=all seed=42", 0.78), (earlier.Student, earlier.Id, earlier.Parameters, earlier.Accuracy));
        Assert.Equal("student 1", reopened.FindClass()[0].Student);
    }

    [Fact]
    public void A_run_with_an_identity_this_browser_logged_before_is_not_stored_again_even_after_a_restart()
    {
        var file = NewLogFile();
        var first = new RunLog(file).Add(Ann, Record("confidence", "threshold=0.15"), identity: "run-a");
        // A reload is a new circuit, a restart a new process: neither remembers what the first one logged.
        var again = new RunLog(file).Add(Ann, Record("confidence", "threshold=0.15") with { Accuracy = 0.1 }, identity: "run-a");
        var bobs = new RunLog(file).Add(Bob, Record("confidence", "threshold=0.15"), identity: "run-a");
        var withoutIdentity = new RunLog(file).Add(Ann, Record("confidence", "threshold=0.15"));

        Assert.False(first.IsEarlier);
        Assert.True(again.IsEarlier);
        Assert.Equal((first.Id, 0.8), (again.Id, again.Accuracy));
        Assert.False(bobs.IsEarlier);
        Assert.False(withoutIdentity.IsEarlier);
        Assert.Equal([withoutIdentity.Id, first.Id], new RunLog(file).Find(Ann).Select(r => r.Id));
        Assert.Equal([bobs.Id], new RunLog(file).Find(Bob).Select(r => r.Id));
    }

    [Fact]
    public void Find_filters_on_page_method_model_and_parameters_ignoring_case()
    {
        var log = new RunLog(NewLogFile());
        log.Add(Ann, Record("supervised", "train=500"));
        log.Add(Ann, Record("zero-shot", "labels=\"A very negative review\""));

        Assert.Equal("zero-shot", Assert.Single(log.Find(Ann, "VERY")).Page);
        Assert.Equal(2, log.Find(Ann, "minilm").Count);
        Assert.Equal(2, log.Find(Ann, "  ").Count);
        Assert.Empty(log.Find(Ann, "mpnet"));
    }

    [Fact]
    public void Csv_quotes_fields_with_commas_quotes_and_line_breaks_and_doubles_their_quotes()
    {
        var log = new RunLog(NewLogFile());
        log.Add(Ann, Record("zero-shot", "labels=\"bad, really\" | \"good\"\nsecond line"));

        var lines = RunLogExport.Browser.ToCsv(log.Find(Ann)).Split("\r\n");

        Assert.Equal("id,time,page,method,model,parameters,accuracy,macro_f1,weighted_f1,test_reviews,seconds", lines[0]);
        Assert.Equal(
            "1,2026-11-26 09:30:00 +00:00,zero-shot,supervised,sentence-transformers/all-MiniLM-L6-v2,\"labels=\"\"bad, really\"\" | \"\"good\"\"\nsecond line\",0.8000,0.7900,0.7800,1066,1.5",
            lines[1]);
        Assert.Equal("", lines[2]);
    }

    [Fact]
    public void Csv_neutralises_text_cells_a_spreadsheet_would_run_as_formulas_and_keeps_numbers_numeric()
    {
        var log = new RunLog(NewLogFile());
        log.Add(Ann, Record("llm", "prompt=x", model: "=HYPERLINK(\"http://x\",\"y\")"));
        log.Add(Ann, Record("+page", "-2+3"));
        log.Add(Ann, Record("@SUM(A1)", "\tlabels=a"));
        log.Add(Ann, Record("zero-shot", "\rcmd|' /C calc'!A0"));
        log.Add(Ann, Record("zero-shot", "labels=a=b, -c"));

        var rows = RunLogExport.Browser.ToCsv(log.Find(Ann)).Split("\r\n")[1..^1];

        Assert.Equal("5,2026-11-26 09:30:00 +00:00,zero-shot,supervised,sentence-transformers/all-MiniLM-L6-v2,\"labels=a=b, -c\",0.8000,0.7900,0.7800,1066,1.5", rows[0]);
        Assert.Contains(",zero-shot,supervised,sentence-transformers/all-MiniLM-L6-v2,\"'\rcmd|' /C calc'!A0\",", rows[1]);
        Assert.Contains(",'@SUM(A1),supervised,sentence-transformers/all-MiniLM-L6-v2,'\tlabels=a,", rows[2]);
        Assert.Contains(",'+page,supervised,sentence-transformers/all-MiniLM-L6-v2,'-2+3,0.8000,", rows[3]);
        Assert.Equal("1,2026-11-26 09:30:00 +00:00,llm,supervised,\"'=HYPERLINK(\"\"http://x\"\",\"\"y\"\")\",prompt=x,0.8000,0.7900,0.7800,1066,1.5", rows[4]);
    }

    [Fact]
    public void The_class_csv_puts_the_anonymised_student_first_and_neutralises_it_too()
    {
        var log = new RunLog(NewLogFile());
        log.Add(Ann, Record("supervised", "train=100"));

        var lines = RunLogExport.Class.ToCsv(log.FindClass()).Split("\r\n");

        Assert.Equal("student,id,time,page,method,model,parameters,accuracy,macro_f1,weighted_f1,test_reviews,seconds", lines[0]);
        Assert.StartsWith("student 1,1,2026-11-26 09:30:00 +00:00,supervised,", lines[1]);
        Assert.DoesNotContain(Ann, string.Join("\n", lines));
    }

    [Fact]
    public void Markdown_escapes_pipes_and_line_breaks_so_every_run_stays_one_row()
    {
        var log = new RunLog(NewLogFile());
        log.Add(Ann, Record("zero-shot", "labels=a | b\nsecond line\r\nthird"));

        var lines = RunLogExport.Browser.ToMarkdown(log.Find(Ann)).TrimEnd('\n').Split('\n');

        Assert.Equal(3, lines.Length);
        Assert.StartsWith("| id | time |", lines[0]);
        Assert.Contains("labels=a \\| b second line third", lines[2]);
        Assert.Equal(lines[0].Count(c => c == '|'), lines[2].Replace("\\|", "").Count(c => c == '|'));
    }

    [Fact]
    public async Task Only_the_same_browser_and_class_views_hear_of_a_run_off_the_recording_thread()
    {
        var log = new RunLog(NewLogFile());
        var bobHeard = 0;
        var classHeard = new TaskCompletionSource();
        var annHeard = new TaskCompletionSource<bool>();
        var released = new ManualResetEventSlim();
        // Subscribers are called one after another in the order they subscribed, so once Ann's page hears of her run,
        // Bob's would have heard of it before, had he been told.
        using var bob = log.NotifyOnChange(Bob, () => Interlocked.Increment(ref bobHeard));
        using var classView = log.NotifyOnClassChange(classHeard.SetResult);
        using var ann = log.NotifyOnChange(Ann, () => annHeard.SetResult(released.Wait(TimeSpan.FromMinutes(1))));

        // Ann's page waits for the release given after Add returns: called on Ann's own thread, Add would not return.
        log.Add(Ann, Record("supervised", "a"));
        released.Set();

        Assert.True(await annHeard.Task);
        await classHeard.Task;
        Assert.Equal(0, bobHeard);
    }

    [Fact]
    public async Task Subscribers_hear_of_new_runs_until_they_unsubscribe()
    {
        var log = new RunLog(NewLogFile());
        var firstHeard = 0;
        var firstRun = new TaskCompletionSource();
        var secondRun = new TaskCompletionSource();
        var first = log.NotifyOnChange(Ann, () =>
        {
            Interlocked.Increment(ref firstHeard);
            firstRun.TrySetResult();
        });
        log.Add(Ann, Record("supervised", "a"));
        await firstRun.Task;

        first.Dispose();
        using var second = log.NotifyOnChange(Ann, secondRun.SetResult);
        log.Add(Ann, Record("supervised", "b"));
        await secondRun.Task;

        Assert.Equal(1, firstHeard);
    }
}
