
namespace LabApp.Core.Storage;

/// <summary>One version of a student's workbook handed in: who (the name they gave), when, and the chapter as they left it.</summary>
public sealed record HandIn(long Id, string Owner, string Name, int Version, DateTimeOffset Time, string Markdown);

/// <summary>One student's saved pages as the class's board reads them, with the name they show and when they began.</summary>
public sealed record StudentPages(string Owner, string? Name, DateTimeOffset Began, IReadOnlyDictionary<string, string> Pages);

/// <summary>A hand-in as the class's list shows it, without its text.</summary>
public sealed record HandInSummary(long Id, string Owner, string Name, int Version, DateTimeOffset Time);

/// <summary>
/// Every student's workbook in one SQLite file beside the run log: each page's whole state as its page saved it (JSON
/// of the page's own record), under the anonymous id of the browser that made it, so a reload, a lost circuit or a
/// restart of the lab finds it; the name a student chose to show; and the dated copies they handed in, which never
/// change (a later hand-in is a new version). One connection per call, as the run log, except for pages' saves: a
/// class saves pages many times a second while it drags and types, so one writer takes every save waiting and writes
/// them in one transaction (a page saved again before its turn is written once, with its last state). In the class's
/// PostgreSQL database (<see cref="StoreDatabase"/>) when several servers share the class.
/// </summary>
public sealed class WorkbookStore
{
    /// <summary>The most a page's saved state may be: a workbook holds what a student typed, not data sets.</summary>
    public const int MaxPageBytes = 1024 * 1024;

    /// <summary>
    /// The owner the instructor's browsers keep their pages under: the instructor's demo is not a student's work, so the
    /// class's board and export leave it out. Browser ids are random and never this word.
    /// </summary>
    public const string InstructorOwner = "instructor";

    /// <summary>The longest display name kept.</summary>
    public const int LongestName = 80;

    /// <summary>Other servers hear of a changed workbook on this channel, with its owner.</summary>
    internal const string ChangeChannel = "workbooks";

    private readonly StoreDatabase _database;
    private readonly Lock _queue = new();
    private Dictionary<(string Owner, string Page), WaitingSave> _waitingSaves = [];
    private bool _isWriting;
    private int _batchesWritten;

    public WorkbookStore(string filePath)
        : this(OpenFile(filePath))
    {
    }

    /// <summary>The workbooks in <paramref name="database"/>, whose schema is there already.</summary>
    public WorkbookStore(StoreDatabase database)
    {
        _database = database;
        _database.Heard += (channel, owner) =>
        {
            if (channel is ChangeChannel or PostgresDatabase.Everything)
                Changed?.Invoke(owner);
        };
    }

    private static SqliteDatabase OpenFile(string filePath)
    {
        var file = new SqliteFile(filePath, """
            CREATE TABLE IF NOT EXISTS pages (
                owner TEXT NOT NULL,
                page TEXT NOT NULL,
                state TEXT NOT NULL,
                saved TEXT NOT NULL,
                PRIMARY KEY (owner, page));
            CREATE TABLE IF NOT EXISTS students (
                owner TEXT PRIMARY KEY,
                name TEXT NOT NULL);
            CREATE TABLE IF NOT EXISTS hand_ins (
                id INTEGER PRIMARY KEY AUTOINCREMENT,
                owner TEXT NOT NULL,
                name TEXT NOT NULL,
                version INTEGER NOT NULL,
                time TEXT NOT NULL,
                markdown TEXT NOT NULL);
            CREATE INDEX IF NOT EXISTS hand_ins_by_owner ON hand_ins (owner, version);
            """);
        file.CheckIntact();
        return new SqliteDatabase(file);
    }

    public string FilePath => _database.Name;

    /// <summary>How many transactions the writer has written pages' saves in: fewer than the saves when they came together.</summary>
    internal int BatchesWritten => Volatile.Read(ref _batchesWritten);

    /// <summary>
    /// Raised after any student's workbook changed (a page saved, a name, a hand-in), with their id; on the writer's
    /// thread (or the listener's, for a change another server made), so a listener only posts its work elsewhere.
    /// </summary>
    public event Action<string>? Changed;

    /// <summary>The state <paramref name="owner"/>'s browser last saved for <paramref name="page"/>, or null.</summary>
    public string? Load(string owner, string page)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(owner);
        return _database.Use(connection =>
        {
            using var command = connection.Command("SELECT state FROM pages WHERE owner = @owner AND page = @page").With("owner", owner).With("page", page);
            return command.ExecuteScalar() as string;
        });
    }

    /// <summary>Every page <paramref name="owner"/> saved, by page, in one query.</summary>
    public IReadOnlyDictionary<string, string> LoadAll(string owner)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(owner);
        return _database.Use(connection =>
        {
            using var command = connection.Command("SELECT page, state FROM pages WHERE owner = @owner").With("owner", owner);
            using var reader = command.ExecuteReader();
            var pages = new Dictionary<string, string>(StringComparer.Ordinal);
            while (reader.Read())
                pages[reader.GetString(0)] = reader.GetString(1);
            return pages;
        });
    }

    /// <summary>Saves <paramref name="state"/> as <paramref name="owner"/>'s state of <paramref name="page"/>, replacing the one before.</summary>
    /// <exception cref="ArgumentException">The state is over <see cref="MaxPageBytes"/>.</exception>
    public void Save(string owner, string page, string state, DateTimeOffset time) => SaveAsync(owner, page, state, time).GetAwaiter().GetResult();

    /// <summary>
    /// <see cref="Save"/> through the one writer: the task ends once the state (or a later one of the same page) is
    /// written, and fails with the writer's <see cref="StorageException"/> when its transaction could not be.
    /// </summary>
    /// <exception cref="ArgumentException">The state is over <see cref="MaxPageBytes"/> (thrown at once, nothing is queued).</exception>
    public Task SaveAsync(string owner, string page, string state, DateTimeOffset time)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(owner);
        if (System.Text.Encoding.UTF8.GetByteCount(state) > MaxPageBytes)
            throw new ArgumentException($"The state of {page} is over {MaxPageBytes / 1024} KB: a workbook keeps what a student typed, not more.");
        lock (_queue)
        {
            if (_waitingSaves.TryGetValue((owner, page), out var waiting))
            {
                (waiting.State, waiting.Time) = (state, time);
                return waiting.Written.Task;
            }

            var save = new WaitingSave(state, time);
            _waitingSaves[(owner, page)] = save;
            if (!_isWriting)
            {
                _isWriting = true;
                _ = Task.Run(WriteWaitingSaves);
            }

            return save.Written.Task;
        }
    }

    // The writer: while saves wait, takes them all and writes them in one transaction; the saves that arrive meanwhile
    // are the next batch. A listener of Changed that throws ends this writer, and the next save starts another.
    private void WriteWaitingSaves()
    {
        try
        {
            WriteUntilNoneWait();
        }
        catch
        {
            lock (_queue)
                _isWriting = false;
            throw;
        }
    }

    private void WriteUntilNoneWait()
    {
        while (true)
        {
            Dictionary<(string Owner, string Page), WaitingSave> batch;
            lock (_queue)
            {
                if (_waitingSaves.Count == 0)
                {
                    _isWriting = false;
                    return;
                }

                batch = _waitingSaves;
                _waitingSaves = [];
            }

            try
            {
                Write(batch);
            }
            catch (Exception e)
            {
                foreach (var save in batch.Values)
                    save.Written.TrySetException(e);
                continue;
            }

            foreach (var save in batch.Values)
                save.Written.TrySetResult();
            foreach (var owner in batch.Keys.Select(k => k.Owner).Distinct())
                Announce(owner);
        }
    }

    private void Write(Dictionary<(string Owner, string Page), WaitingSave> batch) => _database.Use(connection =>
    {
        using var transaction = _database.BeginWrite(connection, "pages");
        foreach (var ((owner, page), save) in batch)
        {
            using var command = connection.Command("""
                INSERT INTO pages (owner, page, state, saved) VALUES (@owner, @page, @state, @saved)
                ON CONFLICT (owner, page) DO UPDATE SET state = excluded.state, saved = excluded.saved
                """, transaction).With("owner", owner).With("page", page).With("state", save.State).With("saved", _database.TimeValue(save.Time));
            command.ExecuteNonQuery();
        }

        transaction.Commit();
        Interlocked.Increment(ref _batchesWritten);
    });

    /// <summary>Every student's saved pages and name, in the order they began, in one query: what the class's board reads; not the instructor's.</summary>
    public IReadOnlyList<StudentPages> LoadClass() => _database.Use(connection =>
    {
        using var command = connection.Command("SELECT p.owner, s.name, p.page, p.state, p.saved FROM pages p LEFT JOIN students s ON s.owner = p.owner WHERE p.owner <> @instructor ORDER BY p.owner")
            .With("instructor", InstructorOwner);
        using var reader = command.ExecuteReader();
        var students = new List<StudentPages>();
        var pages = new Dictionary<string, string>(StringComparer.Ordinal);
        (string Owner, string? Name, DateTimeOffset Began)? current = null;
        while (reader.Read())
        {
            var owner = reader.GetString(0);
            var saved = _database.TimeAt(reader, 4);
            if (current is { } student && student.Owner != owner)
            {
                students.Add(new(student.Owner, student.Name, student.Began, pages));
                pages = new(StringComparer.Ordinal);
                current = null;
            }

            current = current is { } same ? same with { Began = saved < same.Began ? saved : same.Began } : (owner, reader.IsDBNull(1) ? null : reader.GetString(1), saved);
            pages[reader.GetString(2)] = reader.GetString(3);
        }

        if (current is { } last)
            students.Add(new(last.Owner, last.Name, last.Began, pages));
        return (IReadOnlyList<StudentPages>)[.. students.OrderBy(s => s.Began).ThenBy(s => s.Owner, StringComparer.Ordinal)];
    });

    /// <summary>The name <paramref name="owner"/> chose to show, or null.</summary>
    public string? NameOf(string owner)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(owner);
        return _database.Use(connection =>
        {
            using var command = connection.Command("SELECT name FROM students WHERE owner = @owner").With("owner", owner);
            return command.ExecuteScalar() as string;
        });
    }

    /// <summary>Sets (or, with a blank name, removes) the name <paramref name="owner"/> shows; cut to <see cref="LongestName"/>.</summary>
    public void Name(string owner, string? name)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(owner);
        _database.Use(connection =>
        {
            using var command = string.IsNullOrWhiteSpace(name)
                ? connection.Command("DELETE FROM students WHERE owner = @owner")
                : connection.Command("INSERT INTO students (owner, name) VALUES (@owner, @name) ON CONFLICT (owner) DO UPDATE SET name = excluded.name")
                    .With("name", name.Trim()[..Math.Min(name.Trim().Length, LongestName)]);
            command.With("owner", owner).ExecuteNonQuery();
        });
        Announce(owner);
    }

    /// <summary>Stores a dated, unchangeable copy of <paramref name="owner"/>'s workbook as their next version.</summary>
    public HandIn HandIn(string owner, string name, string markdown, DateTimeOffset time)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(owner);
        var handIn = _database.Use(connection =>
        {
            using var transaction = _database.BeginWrite(connection, $"hand_ins {owner}");
            using var command = connection.Command("""
                INSERT INTO hand_ins (owner, name, version, time, markdown)
                VALUES (@owner, @name, (SELECT COALESCE(MAX(version), 0) + 1 FROM hand_ins WHERE owner = @owner), @time, @markdown)
                RETURNING id, version
                """, transaction).With("owner", owner).With("name", name).With("time", _database.TimeValue(time)).With("markdown", markdown);
            using var reader = command.ExecuteReader();
            reader.Read();
            var handIn = new HandIn(reader.GetInt64(0), owner, name, reader.GetInt32(1), time, markdown);
            reader.Close();
            transaction.Commit();
            return handIn;
        });
        Announce(owner);
        return handIn;
    }

    /// <summary>Every hand-in of the class, newest first (the instructor's list), or only <paramref name="owner"/>'s.</summary>
    public IReadOnlyList<HandInSummary> HandIns(string? owner = null)
    {
        return _database.Use(connection =>
        {
            using var command = connection.Command("SELECT id, owner, name, version, time FROM hand_ins" + (owner is null ? "" : " WHERE owner = @owner") + " ORDER BY id DESC");
            if (owner is not null)
                command.With("owner", owner);
            using var reader = command.ExecuteReader();
            var handIns = new List<HandInSummary>();
            while (reader.Read())
                handIns.Add(new(reader.GetInt64(0), reader.GetString(1), reader.GetString(2), reader.GetInt32(3), _database.TimeAt(reader, 4)));
            return handIns;
        });
    }

    /// <summary>The hand-in with <paramref name="id"/>, or null.</summary>
    public HandIn? HandInById(long id)
    {
        return _database.Use(connection =>
        {
            using var command = connection.Command("SELECT id, owner, name, version, time, markdown FROM hand_ins WHERE id = @id").With("id", id);
            using var reader = command.ExecuteReader();
            return reader.Read()
                ? new HandIn(reader.GetInt64(0), reader.GetString(1), reader.GetString(2), reader.GetInt32(3), _database.TimeAt(reader, 4), reader.GetString(5))
                : null;
        });
    }

    // This server's listeners first, then the other servers'.
    private void Announce(string owner)
    {
        Changed?.Invoke(owner);
        _database.Announce(ChangeChannel, owner);
    }

    private sealed class WaitingSave(string state, DateTimeOffset time)
    {
        public string State { get; set; } = state;

        public DateTimeOffset Time { get; set; } = time;

        public TaskCompletionSource Written { get; } = new(TaskCreationOptions.RunContinuationsAsynchronously);
    }
}
