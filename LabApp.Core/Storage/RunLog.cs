using System.Data.Common;

namespace LabApp.Core.Storage;

/// <summary>
/// Every run of the lab in one SQLite file (or the class's PostgreSQL database, <see cref="StoreDatabase"/>), each under
/// the anonymous id of the browser that made it (its owner), so the log survives a restart and each student sees their
/// own runs. One connection per call (no pooling for SQLite), as the embedding cache does: the file is never held open
/// between runs. Owners never leave this class: the class's log names them "student 1", "student 2", … in the order of
/// their first run.
/// </summary>
public sealed class RunLog
{
    /// <summary>The owner of the runs logged before the log had owners: they belong to no browser, only to the class.</summary>
    public const string EarlierRuns = "before per-browser logs";

    private const string Columns = "id, time, page, method, model, kind, parameters_json, headline_json, accuracy, macro_f1, weighted_f1, test_reviews, seconds";

    /// <summary>
    /// The runs table as this version writes it: a run's parameters and its task's own numbers as JSON of its kind
    /// (<see cref="RunParameters"/>, <see cref="RunHeadline"/>), scores null for a kind with nothing to score.
    /// </summary>
    internal const string Schema = """
        CREATE TABLE IF NOT EXISTS runs (
            id INTEGER PRIMARY KEY AUTOINCREMENT,
            time TEXT NOT NULL,
            page TEXT NOT NULL,
            method TEXT NOT NULL,
            model TEXT NOT NULL,
            kind TEXT NOT NULL,
            parameters_json TEXT NOT NULL,
            headline_json TEXT,
            accuracy REAL,
            macro_f1 REAL,
            weighted_f1 REAL,
            test_reviews INTEGER,
            seconds REAL NOT NULL,
            owner TEXT NOT NULL DEFAULT '',
            identity TEXT);
        """;

    /// <summary>Other servers hear of a new run on this channel, with its owner.</summary>
    internal const string ChangeChannel = "runs";

    private readonly StoreDatabase _database;
    private readonly object _queue = new(); // a monitor: callers wait on it for their group's write
    private List<WaitingRun> _waitingRuns = [];
    private bool _isWriting;
    private int _runsAsked;
    private int _groupsWritten;
    private readonly Lock _subscriptionsLock = new();
    private readonly List<Subscription> _subscriptions = [];

    /// <exception cref="StorageException">The file cannot be used: a folder in its place, not a database or damaged (it is left as it is), read-only, busy.</exception>
    public RunLog(string filePath)
        : this(OpenFile(filePath))
    {
    }

    /// <summary>The log in <paramref name="database"/>, whose schema is there already (a SQLite file opened by the other constructor, or a migrated PostgreSQL database).</summary>
    public RunLog(StoreDatabase database)
    {
        _database = database;
        _database.Heard += (channel, owner) =>
        {
            if (channel is ChangeChannel or PostgresDatabase.Everything)
                Notify(owner);
        };
    }

    /// <summary>Where the log is: its file's path, or the PostgreSQL database's host and name.</summary>
    public string FilePath => _database.Name;

    /// <summary>How many runs were handed to <see cref="Add"/>, and in how many transactions they were written: fewer when they came together.</summary>
    internal (int Asked, int Groups) Writes => (Volatile.Read(ref _runsAsked), Volatile.Read(ref _groupsWritten));

    /// <summary>
    /// Stores <paramref name="record"/> as a run of <paramref name="owner"/> and returns it with its id. A run with an
    /// <paramref name="identity"/> (a digest of everything that decides its numbers) that this owner logged before is not
    /// stored again: the earlier record is returned, so a reload or a second tab repeating a run leaves one row.
    /// </summary>
    public RunRecord Add(string owner, RunRecord record, string? identity = null)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(owner);
        var mine = new WaitingRun(owner, record, identity);
        lock (_queue)
        {
            _waitingRuns.Add(mine);
            _runsAsked++;
            while (_isWriting && !mine.IsDone)
                Monitor.Wait(_queue);
            if (mine.IsDone)
                return mine.Result();
            _isWriting = true;
        }

        try
        {
            List<WaitingRun> group;
            lock (_queue)
                (group, _waitingRuns) = (_waitingRuns, []);
            Write(group);
        }
        finally
        {
            lock (_queue)
            {
                _isWriting = false;
                Monitor.PulseAll(_queue);
            }
        }

        return mine.Result();
    }

    private void Write(List<WaitingRun> group)
    {
        RunRecord[] stored;
        try
        {
            stored = _database.Use(connection =>
            {
                using var transaction = _database.BeginWrite(connection, "runs");
                var written = group.Select(run => Store(connection, transaction, run.Owner, run.Record, run.Identity)).ToArray();
                transaction.Commit();
                Interlocked.Increment(ref _groupsWritten);
                return written;
            });
        }
        catch (Exception e)
        {
            foreach (var run in group)
                run.Fail(e);
            return;
        }

        for (var i = 0; i < group.Count; i++)
            group[i].Succeed(stored[i]);
        foreach (var owner in group.Where((_, i) => !stored[i].IsEarlier).Select(run => run.Owner).Distinct())
        {
            Notify(owner);
            _database.Announce(ChangeChannel, owner);
        }
    }

    // One run in the group's transaction: the earlier record when this owner logged the same run before (in this group too).
    private RunRecord Store(DbConnection connection, DbTransaction transaction, string owner, RunRecord record, string? identity)
    {
        if (identity is not null && Earlier(connection, transaction, owner, identity) is { } earlier)
            return earlier with { IsEarlier = true };
        using var command = connection.Command("""
            INSERT INTO runs (time, page, method, model, kind, parameters_json, headline_json, accuracy, macro_f1, weighted_f1, test_reviews, seconds, owner, identity)
            VALUES (@time, @page, @method, @model, @kind, @parameters, @headline, @accuracy, @macro, @weighted, @test, @seconds, @owner, @identity)
            RETURNING id
            """, transaction)
            .With("time", _database.TimeValue(record.Time))
            .With("page", record.Page)
            .With("method", record.Method)
            .With("model", record.ModelId)
            .With("kind", record.Kind)
            .With("parameters", RunJson.Write(record.Parameters))
            .With("headline", record.Headline is { } headline ? RunJson.Write(headline) : null)
            .With("accuracy", record.Scores?.Accuracy)
            .With("macro", record.Scores?.MacroF1)
            .With("weighted", record.Scores?.WeightedF1)
            .With("test", record.Scores?.Reviews)
            .With("seconds", record.Duration.TotalSeconds)
            .With("owner", owner)
            .With("identity", identity);
        var id = Convert.ToInt64(command.ExecuteScalar()!, System.Globalization.CultureInfo.InvariantCulture);
        return record with { Id = id, Student = null };
    }

    /// <summary>The runs of <paramref name="owner"/> that mention <paramref name="filter"/> (all when it is blank), newest first.</summary>
    public IReadOnlyList<RunRecord> Find(string owner, string? filter = null)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(owner);
        return Read($"SELECT {Columns}, owner FROM runs WHERE owner = @owner ORDER BY id DESC", owner)
            .Select(row => row.Record)
            .Where(r => r.Mentions(filter))
            .ToArray();
    }

    /// <summary>The run with <paramref name="id"/>, whoever made it, or null: for the command line on the lab's own machine.</summary>
    public RunRecord? Get(long id) => _database.Use(connection =>
    {
        using var command = connection.Command($"SELECT {Columns}, owner FROM runs WHERE id = @id").With("id", id);
        using var reader = command.ExecuteReader();
        return reader.Read() ? RecordAt(reader) : null;
    });

    /// <summary>Every browser's runs that mention <paramref name="filter"/>, newest first, each with its anonymised student.</summary>
    public IReadOnlyList<RunRecord> FindClass(string? filter = null)
    {
        // Numbered over the whole log, oldest first, so a student keeps their number whatever the filter.
        var students = new Dictionary<string, string> { [""] = EarlierRuns };
        var records = new List<RunRecord>();
        foreach (var (owner, record) in Read($"SELECT {Columns}, owner FROM runs ORDER BY id", owner: null))
        {
            if (!students.TryGetValue(owner, out var student))
                students[owner] = student = $"student {students.Count}";
            if (record.Mentions(filter))
                records.Add(record with { Student = student });
        }

        records.Reverse();
        return records;
    }

    /// <summary>
    /// Calls <paramref name="callback"/> after each new run of <paramref name="owner"/> until the returned subscription is
    /// disposed; on the thread pool, never on the thread of the student who logged (see <see cref="Notify"/>).
    /// </summary>
    public IDisposable NotifyOnChange(string owner, Action callback)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(owner);
        return Subscribe(new Subscription(owner, callback));
    }

    /// <summary>Calls <paramref name="callback"/> after every new run of any browser (for the class's log), as <see cref="NotifyOnChange"/>.</summary>
    public IDisposable NotifyOnClassChange(Action callback) => Subscribe(new Subscription(null, callback));

    private IDisposable Subscribe(Subscription subscription)
    {
        lock (_subscriptionsLock)
            _subscriptions.Add(subscription);
        return new Unsubscriber(() =>
        {
            lock (_subscriptionsLock)
                _subscriptions.Remove(subscription);
        });
    }

    // The subscribers (pages of the same browser and class views only) are called off the caller's thread, one after
    // another in the order they subscribed: a student's run never waits for the other pages' queries, which each page
    // runs on its own circuit (a callback only posts there, e.g. with InvokeAsync).
    private void Notify(string owner)
    {
        Subscription[] listeners;
        lock (_subscriptionsLock)
            listeners = _subscriptions.Where(s => s.Owner is null || s.Owner == owner).ToArray();
        if (listeners.Length == 0)
            return;
        _ = Task.Run(() =>
        {
            foreach (var listener in listeners)
                listener.Callback();
        });
    }

    private RunRecord? Earlier(DbConnection connection, DbTransaction transaction, string owner, string identity)
    {
        using var command = connection.Command($"SELECT {Columns}, owner FROM runs WHERE owner = @owner AND identity = @identity ORDER BY id LIMIT 1", transaction)
            .With("owner", owner).With("identity", identity);
        using var reader = command.ExecuteReader();
        return reader.Read() ? RecordAt(reader) : null;
    }

    private List<(string Owner, RunRecord Record)> Read(string query, string? owner) => _database.Use(connection =>
    {
        using var command = connection.Command(query);
        if (owner is not null)
            command.With("owner", owner);
        using var reader = command.ExecuteReader();
        var rows = new List<(string, RunRecord)>();
        while (reader.Read())
            rows.Add((reader.GetString(13), RecordAt(reader)));
        return rows;
    });

    // The scores are all there or all null: a kind either is scored or has nothing to score.
    private RunRecord RecordAt(DbDataReader reader) => new(
        reader.GetInt64(0),
        _database.TimeAt(reader, 1),
        reader.GetString(2), reader.GetString(3), reader.GetString(4),
        RunJson.ReadParameters(reader.GetString(6)),
        reader.IsDBNull(7) ? null : RunJson.ReadHeadline(reader.GetString(7)),
        reader.IsDBNull(8) ? null : new RunScores(reader.GetDouble(8), reader.GetDouble(9), reader.GetDouble(10), reader.GetInt32(11)),
        TimeSpan.FromSeconds(reader.GetDouble(12)));

    // A log written before runs had owners gains the column; its runs keep owner '' (no browser's, the class's only).
    // A log written before runs had identities gains that column; its runs have none, so nothing old blocks a new run.
    // A log written before runs were typed gains kind, parameters_json and headline_json, which the migration fills
    // from the old free text (RunLogMigration). One immediate transaction, so the web app and the headless runner
    // opening an old file together add and migrate them once.
    private static SqliteDatabase OpenFile(string filePath)
    {
        var file = new SqliteFile(filePath, Schema);
        file.CheckIntact();
        AddMissingColumns(file);
        return new SqliteDatabase(file);
    }

    private static void AddMissingColumns(SqliteFile file) => file.Use(connection =>
    {
        using var transaction = connection.BeginTransaction(deferred: false);
        using var command = connection.CreateCommand();
        (string Column, string Definition)[] added =
        [
            ("owner", "owner TEXT NOT NULL DEFAULT ''"), ("identity", "identity TEXT"),
            ("kind", "kind TEXT"), ("parameters_json", "parameters_json TEXT"), ("headline_json", "headline_json TEXT"),
        ];
        foreach (var (column, definition) in added)
        {
            if (RunLogMigration.HasColumn(command, column))
                continue;
            command.CommandText = $"ALTER TABLE runs ADD COLUMN {definition}";
            command.ExecuteNonQuery();
        }

        RunLogMigration.TypeFreeTextRuns(command);

        command.CommandText = "CREATE INDEX IF NOT EXISTS runs_by_owner ON runs (owner, id)";
        command.ExecuteNonQuery();
        command.CommandText = "CREATE INDEX IF NOT EXISTS runs_by_identity ON runs (owner, identity) WHERE identity IS NOT NULL";
        command.ExecuteNonQuery();
        transaction.Commit();
    });

    private sealed record Subscription(string? Owner, Action Callback);

    private sealed class Unsubscriber(Action unsubscribe) : IDisposable
    {
        public void Dispose() => unsubscribe();
    }

    /// <summary>A run waiting for its group's write; set by the writer before it wakes the waiting callers (under the queue's monitor).</summary>
    private sealed class WaitingRun(string owner, RunRecord record, string? identity)
    {
        private RunRecord? _stored;
        private Exception? _failure;

        public string Owner => owner;

        public RunRecord Record => record;

        public string? Identity => identity;

        public bool IsDone => _stored is not null || _failure is not null;

        public void Succeed(RunRecord stored) => _stored = stored;

        public void Fail(Exception failure) => _failure = failure;

        public RunRecord Result()
        {
            if (_failure is not null)
                System.Runtime.ExceptionServices.ExceptionDispatchInfo.Throw(_failure);
            return _stored!;
        }
    }
}
