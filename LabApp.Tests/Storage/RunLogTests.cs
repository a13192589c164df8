using LabApp.Core.Classifiers.Llm;
using LabApp.Core.Models;
using LabApp.Core.Storage;
using Microsoft.Data.Sqlite;

namespace LabApp.Tests.Storage;

public sealed class RunLogTests
{
    private const string Ann = "browser-of-ann";
    private const string Bob = "browser-of-bob";
    private const string MiniLm = ModelCatalog.MiniLmId;

    private static string NewLogFile() => Path.Combine(TestFolders.Create("runlog"), "runs.sqlite");

    private static RunRecord Record(string page, RunParameters parameters, double accuracy = 0.8, string model = MiniLm) =>
        new(0, TestRuns.Time, page, "supervised", model, parameters, null, new RunScores(accuracy, 0.79, 0.78, 1066), TimeSpan.FromSeconds(1.5));

    private static RunRecord Supervised(int train) => Record("supervised", new SupervisedParameters(MiniLm, train, null, 42));

    private static RunRecord ZeroShot(params string[] labels) => Record("zero-shot", new ZeroShotParameters(MiniLm, labels));

    /// <summary>A run whose shown text is exactly <paramref name="text"/>: a run migrated from a text nothing could read.</summary>
    private static RunRecord Text(string page, string text, string model = MiniLm) => Record(page, new EarlierParameters(text), model: model);

    [Fact]
    public void A_new_instance_on_the_same_file_sees_the_runs_of_the_old_one()
    {
        var file = NewLogFile();
        var first = new RunLog(file).Add(Ann, Record("supervised", new SupervisedParameters(MiniLm, null, 300, 42)));
        new RunLog(file).Add(Ann, ZeroShot("a", "b") with { Scores = new RunScores(0.7, 0.69, 0.68, 1066) });

        var restarted = new RunLog(file).Find(Ann);

        Assert.Equal(2, restarted.Count);
        Assert.Equal("zero-shot", restarted[0].Page);
        Assert.Equal(first, restarted[1]);
    }

    [Fact]
    public void Each_browser_finds_only_its_own_runs_and_the_class_finds_all_with_numbered_students()
    {
        var log = new RunLog(NewLogFile());
        log.Add(Bob, Supervised(100));
        log.Add(Ann, ZeroShot("a", "b"));
        log.Add(Bob, ZeroShot("c", "d"));

        Assert.Equal([ZeroShot("a", "b").Parameters], log.Find(Ann).Select(r => r.Parameters));
        Assert.Equal([ZeroShot("c", "d").Parameters, Supervised(100).Parameters], log.Find(Bob).Select(r => r.Parameters));
        Assert.Empty(log.Find("browser-of-someone-else"));
        Assert.All(log.Find(Bob), r => Assert.Null(r.Student));

        // Bob ran first, so he is student 1 however the class's log is filtered.
        Assert.Equal([("student 1", "c"), ("student 2", "a"), ("student 1", "train=100")],
            log.FindClass().Select(r => (r.Student, r.Parameters is ZeroShotParameters z ? z.Labels[0] : $"train={((SupervisedParameters)r.Parameters).TrainSize}")));
        Assert.Equal(["student 2", "student 1"], log.FindClass("labels").Select(r => r.Student).Reverse());
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
        log.Add(Ann, ZeroShot("a", "b"), identity: "labels-a-b");
        var reopened = new RunLog(file);

        Assert.True(reopened.Add(Ann, ZeroShot("a", "b"), identity: "labels-a-b").IsEarlier);

        Assert.Equal([ZeroShot("a", "b").Parameters], reopened.Find(Ann).Select(r => r.Parameters));
        var earlier = reopened.FindClass()[^1];
        Assert.Equal((RunLog.EarlierRuns, 1L, new SupervisedParameters(MiniLm, null, null, 42), 0.78),
            (earlier.Student, earlier.Id, (RunParameters)earlier.Parameters, earlier.Scores!.Accuracy));
        Assert.Equal("model=minilm train=all test=all seed=42", earlier.Description);
        Assert.Equal("student 1", reopened.FindClass()[0].Student);
    }

    [Fact]
    public void A_log_of_free_text_parameters_is_typed_once_at_open_and_keeps_its_ids_owners_and_identities()
    {
        var file = NewLogFile();
        using (var connection = new SqliteConnection($"Data Source={file};Pooling=False"))
        {
            connection.Open();
            using var command = connection.CreateCommand();
            // The schema just before runs were typed, with runs as each page logged them then (older formats too).
            command.CommandText = """
                CREATE TABLE runs (
                    id INTEGER PRIMARY KEY AUTOINCREMENT, time TEXT NOT NULL, page TEXT NOT NULL, method TEXT NOT NULL,
                    model TEXT NOT NULL, parameters TEXT NOT NULL, accuracy REAL NOT NULL, macro_f1 REAL NOT NULL,
                    weighted_f1 REAL NOT NULL, test_reviews INTEGER NOT NULL, seconds REAL NOT NULL,
                    owner TEXT NOT NULL DEFAULT '', identity TEXT);
                INSERT INTO runs (time, page, method, model, parameters, accuracy, macro_f1, weighted_f1, test_reviews, seconds, owner, identity) VALUES
                ('2026-12-01T10:00:00.0000000+00:00', 'supervised', 'supervised', 'sentence-transformers/all-MiniLM-L6-v2', 'model=minilm train=500 test=200 seed=7', 0.85, 0.84, 0.84, 200, 1.2, 'browser-of-ann', 'digest-1'),
                ('2026-12-01T10:00:01.0000000+00:00', 'supervised', 'centroid', 'sentence-transformers/all-MiniLM-L6-v2', 'model=minilm train=all test=all seed=42', 0.79, 0.78, 0.78, 1066, 0.4, 'browser-of-ann', 'digest-2'),
                ('2026-12-01T10:01:00.0000000+00:00', 'zero-shot', 'zero-shot', 'sentence-transformers/all-MiniLM-L6-v2', 'model=minilm test=all labels="A negative review" | "A glowing review"', 0.72, 0.71, 0.71, 1066, 0.3, 'browser-of-ann', 'digest-3'),
                ('2026-12-01T10:02:00.0000000+00:00', 'task-specific', 'task-specific', 'cardiffnlp/twitter-roberta-base-sentiment-latest', 'test=300 seed=42', 0.8, 0.8, 0.8, 300, 9.5, 'browser-of-ann', 'digest-4'),
                ('2026-12-01T10:03:00.0000000+00:00', 'generative', 'generative', 'google/flan-t5-small', 'test=100 seed=3 prompt "Is the following review positive or negative? [DOCUMENT]"', 0.7, 0.7, 0.7, 100, 30, 'browser-of-ann', 'digest-5'),
                ('2026-12-01T10:04:00.0000000+00:00', 'llm', 'llm', 'llama3', 'test=20 seed=42 endpoint=http://user:***@127.0.0.1:8080/v1, the book''s prompt', 0.9, 0.9, 0.9, 20, 12, 'browser-of-ann', NULL),
                ('2026-12-01T10:05:00.0000000+00:00', 'custom-labels', 'zero-shot', 'sentence-transformers/all-MiniLM-L6-v2', 'model=minilm labels="extremely negative sentiment" | "somewhat negative sentiment" | "neutral sentiment" reviews=8 confident=5 uncertain=2 very_uncertain=1 closest_labels=0.912', 0, 0, 0, 0, 0.2, 'browser-of-ann', 'digest-7'),
                ('2026-12-01T10:06:00.0000000+00:00', 'limited-data', 'supervised', 'sentence-transformers/all-MiniLM-L6-v2', 'model=minilm train=100 test=300 seed=42 task_f1=—', 0.74, 0.73, 0.71, 300, 0.8, 'browser-of-ann', 'digest-8'),
                ('2026-12-01T10:07:00.0000000+00:00', 'confidence', 'zero-shot', 'sentence-transformers/all-MiniLM-L6-v2', 'model=minilm measure=margin threshold=0.15 labels="A negative movie review" | "A positive movie review" predicted=5/8 coverage=0.625', 0.8, 0.79, 0.8, 8, 0, 'browser-of-ann', 'digest-9'),
                ('2026-12-01T10:08:00.0000000+00:00', 'failure-analysis', 'supervised', 'sentence-transformers/all-MiniLM-L6-v2', 'model=minilm train=1000 test=200 seed=42 edge_cases=6 edge_accuracy=0.500', 0.84, 0.84, 0.84, 200, 0.1, 'browser-of-ann', 'digest-10'),
                ('2026-12-01T10:09:00.0000000+00:00', 'checklist', 'centroid', 'sentence-transformers/all-MiniLM-L6-v2', 'model=minilm tests=11 cases=62 max_cases=6 seed=42 failure_rate=0.145', 0.9, 0.9, 0.9, 36, 3, 'browser-of-bob', 'digest-11'),
                ('2026-11-26T09:00:00.0000000+00:00', 'generative', 'generative', 'google/flan-t5-small', 'model=minilm train=all test=300 seed=42, prompt "Positive or negative? [DOCUMENT]"', 0.6, 0.6, 0.6, 300, 40, '', NULL),
                ('2026-11-26T09:01:00.0000000+00:00', 'llm', 'llm', 'gpt-4o-mini', 'model=minilm train=all test=20 seed=42, model gpt-4o-mini', 0.95, 0.95, 0.95, 20, 8, '', NULL);
                """;
            command.ExecuteNonQuery();
        }

        var log = new RunLog(file);
        var runs = log.FindClass().Reverse().ToArray();

        // Opening it again finds it typed already and changes nothing.
        Assert.Equal(runs, new RunLog(file).FindClass().Reverse());

        Assert.Equal(Enumerable.Range(1, 13).Select(i => (long)i), runs.Select(r => r.Id));
        RunParameters[] parameters =
        [
            new SupervisedParameters(MiniLm, 500, 200, 7),
            new SupervisedParameters(MiniLm, null, null, 42),
            new ZeroShotParameters(MiniLm, ["A negative review", "A glowing review"]),
            new TaskSpecificParameters(300, 42),
            new GenerativeParameters("Is the following review positive or negative? [DOCUMENT]", 100, 3),
            new LlmParameters("llama3", "127.0.0.1:8080", PromptTemplate.Book.Text, 20, 42),
            new CustomLabelsParameters(MiniLm, ["extremely negative sentiment", "somewhat negative sentiment", "neutral sentiment"]),
            new LimitedDataParameters(MiniLm, 100, 300, 42),
            new ConfidenceParameters(MiniLm, ["A negative movie review", "A positive movie review"], Core.Experiments.ConfidenceMeasure.Margin, 0.15),
            new FailureAnalysisParameters(MiniLm, 1000, 200, 42, 6),
            new ChecklistParameters(MiniLm, 11, 6, 42),
            new GenerativeParameters("Positive or negative? [DOCUMENT]", 300, 42),
            // The oldest LLM rows named neither the endpoint nor the prompt: their text is kept as it was.
            new EarlierParameters("model=minilm train=all test=20 seed=42, model gpt-4o-mini"),
        ];
        Assert.Equal(parameters, runs.Select(r => r.Parameters));
        RunHeadline?[] headlines =
        [
            null, null, null, null, null, null,
            new CustomLabelsHeadline(8, 3, MeanMargin: null),
            new LimitedDataHeadline(0.71, TaskF1: null),
            new ConfidenceHeadline(0.625, 0.8, 5, 8),
            new FailureAnalysisHeadline(0.84, FalsePositives: null, FalseNegatives: null, 0.5),
            new ChecklistHeadline(62, 0.145),
            null, null,
        ];
        Assert.Equal(headlines, runs.Select(r => r.Headline));
        // The custom label set had nothing to score: its logged 0s were no accuracy, and are gone.
        Assert.Null(runs[6].Scores);
        Assert.Equal(new RunScores(0.85, 0.84, 0.84, 200), runs[0].Scores);
        Assert.All(runs.Where(r => r.Page != "custom-labels"), r => Assert.NotNull(r.Scores));
        Assert.Equal((RunLog.EarlierRuns, "student 1", "student 2"), (runs[11].Student, runs[0].Student, runs[10].Student));
        Assert.Equal(new DateTimeOffset(2026, 12, 1, 10, 4, 0, TimeSpan.Zero), runs[5].Time);
        Assert.Equal(TimeSpan.FromSeconds(12), runs[5].Duration);
        Assert.DoesNotContain("user", runs[5].Description);

        // The identities survive: the same run again is not stored again, and a new run takes the next id.
        Assert.True(log.Add(Ann, Supervised(100), identity: "digest-1").IsEarlier);
        Assert.Equal(14, log.Add(Ann, Supervised(100), identity: "digest-new").Id);
        Assert.Equal((false, true), (HasColumn(file, "parameters"), HasColumn(file, "parameters_json")));
        Assert.Equal(0L, Scalar(file, "SELECT \"notnull\" FROM pragma_table_info('runs') WHERE name = 'accuracy'"));
    }

    [Fact]
    public void A_run_with_an_identity_this_browser_logged_before_is_not_stored_again_even_after_a_restart()
    {
        var file = NewLogFile();
        var run = Record("confidence", new ConfidenceParameters(MiniLm, ["a", "b"], Core.Experiments.ConfidenceMeasure.Margin, 0.15));
        var first = new RunLog(file).Add(Ann, run, identity: "run-a");
        // A reload is a new circuit, a restart a new process: neither remembers what the first one logged.
        var again = new RunLog(file).Add(Ann, run with { Scores = new RunScores(0.1, 0.1, 0.1, 8) }, identity: "run-a");
        var bobs = new RunLog(file).Add(Bob, run, identity: "run-a");
        var withoutIdentity = new RunLog(file).Add(Ann, run);

        Assert.False(first.IsEarlier);
        Assert.True(again.IsEarlier);
        Assert.Equal((first.Id, 0.8), (again.Id, again.Scores!.Accuracy));
        Assert.False(bobs.IsEarlier);
        Assert.False(withoutIdentity.IsEarlier);
        Assert.Equal([withoutIdentity.Id, first.Id], new RunLog(file).Find(Ann).Select(r => r.Id));
        Assert.Equal([bobs.Id], new RunLog(file).Find(Bob).Select(r => r.Id));
    }

    [Fact]
    public void Find_filters_on_page_method_model_and_the_shown_parameters_ignoring_case()
    {
        var log = new RunLog(NewLogFile());
        log.Add(Ann, Supervised(500));
        log.Add(Ann, ZeroShot("A very negative review", "A positive review"));
        log.Add(Ann, TestRuns.CustomLabels("gripping", "dull"));

        Assert.Equal("zero-shot", Assert.Single(log.Find(Ann, "VERY")).Page);
        Assert.Equal(3, log.Find(Ann, "minilm").Count);
        Assert.Equal(3, log.Find(Ann, "  ").Count);
        Assert.Empty(log.Find(Ann, "mpnet"));
        // The headline is shown, so it is found too.
        Assert.Equal("custom-labels", Assert.Single(log.Find(Ann, "uncertain=3")).Page);
    }

    [Fact]
    public void Csv_quotes_fields_with_commas_quotes_and_line_breaks_and_doubles_their_quotes()
    {
        var log = new RunLog(NewLogFile());
        log.Add(Ann, ZeroShot("bad, really", "good\nsecond line"));

        var lines = RunLogExport.Browser.ToCsv(log.Find(Ann)).Split("\r\n");

        Assert.Equal("id,time,page,method,model,parameters,accuracy,macro_f1,weighted_f1,test_reviews,seconds", lines[0]);
        Assert.Equal(
            "1,2026-11-26 09:30:00 +00:00,zero-shot,supervised,sentence-transformers/all-MiniLM-L6-v2,\"model=minilm test=all labels=\"\"bad, really\"\" | \"\"good\nsecond line\"\"\",0.8000,0.7900,0.7800,1066,1.5",
            lines[1]);
        Assert.Equal("", lines[2]);
    }

    [Fact]
    public void Csv_neutralises_text_cells_a_spreadsheet_would_run_as_formulas_and_keeps_numbers_numeric()
    {
        var log = new RunLog(NewLogFile());
        log.Add(Ann, Text("llm", "prompt=x", model: "=HYPERLINK(\"http://x\",\"y\")"));
        log.Add(Ann, Text("+page", "-2+3"));
        log.Add(Ann, Text("@SUM(A1)", "\tlabels=a"));
        log.Add(Ann, Text("zero-shot", "\rcmd|' /C calc'!A0"));
        log.Add(Ann, Text("zero-shot", "labels=a=b, -c"));

        var rows = RunLogExport.Browser.ToCsv(log.Find(Ann)).Split("\r\n")[1..^1];

        Assert.Equal("5,2026-11-26 09:30:00 +00:00,zero-shot,supervised,sentence-transformers/all-MiniLM-L6-v2,\"labels=a=b, -c\",0.8000,0.7900,0.7800,1066,1.5", rows[0]);
        Assert.Contains(",zero-shot,supervised,sentence-transformers/all-MiniLM-L6-v2,\"'\rcmd|' /C calc'!A0\",", rows[1]);
        Assert.Contains(",'@SUM(A1),supervised,sentence-transformers/all-MiniLM-L6-v2,'\tlabels=a,", rows[2]);
        Assert.Contains(",'+page,supervised,sentence-transformers/all-MiniLM-L6-v2,'-2+3,0.8000,", rows[3]);
        Assert.Equal("1,2026-11-26 09:30:00 +00:00,llm,supervised,\"'=HYPERLINK(\"\"http://x\"\",\"\"y\"\")\",prompt=x,0.8000,0.7900,0.7800,1066,1.5", rows[4]);
    }

    [Fact]
    public void Csv_and_markdown_show_a_dash_not_zero_for_the_scores_of_a_run_with_nothing_to_score()
    {
        var log = new RunLog(NewLogFile());
        log.Add(Ann, TestRuns.CustomLabels("gripping", "dull"));

        var csv = RunLogExport.Browser.ToCsv(log.Find(Ann)).Split("\r\n")[1];
        var markdown = RunLogExport.Class.ToMarkdown(log.FindClass()).TrimEnd('\n').Split('\n')[^1];

        Assert.EndsWith(",\"model=minilm labels=\"\"gripping\"\" | \"\"dull\"\" reviews=8 uncertain=3 mean_margin=0.042\",—,—,—,—,0.5", csv);
        Assert.StartsWith("| student 1 | 1 |", markdown);
        Assert.EndsWith("| — | — | — | — | 0.5 |", markdown);
    }

    [Fact]
    public void The_class_csv_puts_the_anonymised_student_first_and_neutralises_it_too()
    {
        var log = new RunLog(NewLogFile());
        log.Add(Ann, Supervised(100));

        var lines = RunLogExport.Class.ToCsv(log.FindClass()).Split("\r\n");

        Assert.Equal("student,id,time,page,method,model,parameters,accuracy,macro_f1,weighted_f1,test_reviews,seconds", lines[0]);
        Assert.StartsWith("student 1,1,2026-11-26 09:30:00 +00:00,supervised,", lines[1]);
        Assert.DoesNotContain(Ann, string.Join("\n", lines));
    }

    [Fact]
    public void Markdown_escapes_pipes_and_line_breaks_so_every_run_stays_one_row()
    {
        var log = new RunLog(NewLogFile());
        log.Add(Ann, Text("zero-shot", "labels=a | b\nsecond line\r\nthird"));

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
        log.Add(Ann, Supervised(1));
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
        log.Add(Ann, Supervised(1));
        await firstRun.Task;

        first.Dispose();
        using var second = log.NotifyOnChange(Ann, secondRun.SetResult);
        log.Add(Ann, Supervised(2));
        await secondRun.Task;

        Assert.Equal(1, firstHeard);
    }

    private static bool HasColumn(string file, string column) =>
        (long)Scalar(file, $"SELECT COUNT(*) FROM pragma_table_info('runs') WHERE name = '{column}'")! == 1;

    private static object? Scalar(string file, string query)
    {
        using var connection = new SqliteConnection($"Data Source={file};Pooling=False");
        connection.Open();
        using var command = connection.CreateCommand();
        command.CommandText = query;
        return command.ExecuteScalar();
    }

    [Fact]
    public async Task Runs_settled_while_another_is_written_are_written_together_and_each_gets_its_own_record()
    {
        var file = NewLogFile();
        var log = new RunLog(file);
        var owners = Enumerable.Range(0, 24).Select(i => $"browser-{i}").ToArray();

        // Another connection holds the write lock, so the first writer waits with its group and the other runs queue.
        Task<RunRecord>[] adds;
        using (var holder = new SqliteConnection($"Data Source={file};Pooling=False"))
        {
            holder.Open();
            using var hold = holder.BeginTransaction(deferred: false);
            adds = [.. owners.Select((owner, i) => Task.Factory.StartNew(() => log.Add(owner, Supervised(100 + i), identity: "same-run"), TaskCreationOptions.LongRunning)),
                Task.Factory.StartNew(() => log.Add(owners[0], Supervised(100), identity: "same-run"), TaskCreationOptions.LongRunning)];
            Assert.True(SpinWait.SpinUntil(() => log.Writes.Asked == adds.Length, TimeSpan.FromSeconds(30)));
            hold.Rollback();
        }

        var records = await Task.WhenAll(adds);

        Assert.InRange(log.Writes.Groups, 1, 2);
        Assert.Equal(owners.Length, records.Select(r => r.Id).Distinct().Count());
        Assert.Single(records, r => r.IsEarlier);
        Assert.Equal(owners.Length, log.FindClass().Count);
        Assert.All(owners.Select((owner, i) => (owner, i)), o => Assert.Equal(100 + o.i, ((SupervisedParameters)Assert.Single(log.Find(o.owner)).Parameters).TrainSize));
    }
}
