using Microsoft.Data.Sqlite;
using Microsoft.Extensions.Logging;

namespace LabApp.Core.Storage;

/// <summary>What went wrong with one of the lab's SQLite files, as a caller decides what to do about it.</summary>
public enum StorageProblem
{
    /// <summary>Another program holds the file's write lock longer than <see cref="SqliteFile.BusyTimeout"/>.</summary>
    Busy,

    /// <summary>The disk (or the file system's quota) is full.</summary>
    Full,

    /// <summary>Not a database, or a database whose pages or schema are damaged.</summary>
    Damaged,

    /// <summary>The file or its folder cannot be created, opened or written (a folder in its place, a read-only disk, no permission).</summary>
    Unusable,

    /// <summary>A store's file was deleted, moved or replaced by a folder after the lab opened it.</summary>
    Missing,
}

/// <summary>A SQLite file of the lab that cannot be used, said in one sentence that names the file and what to do.</summary>
public sealed class StorageException(string message, StorageProblem problem) : IOException(message)
{
    public StorageProblem Problem { get; } = problem;
}

/// <summary>
/// The one place the lab's SQLite files (embeddings, LLM answers, the run log, the workbooks, the shared links) are
/// opened: created with their schema on first use, in WAL mode so the web app and the headless runner can read while
/// the other writes; unpooled, so no handle outlives a call and the file can be deleted or moved between runs. Every
/// use goes through <see cref="Use{T}"/>, which waits at most <see cref="BusyTimeout"/> for another program's write lock
/// and turns SQLite's failures into a <see cref="StorageException"/> in the lab's words: busy, full, damaged, unusable.
/// A store (run log, workbooks, links) refuses a damaged file, which holds the class's work, and once open never creates
/// its file again: a store deleted behind the lab's back is said to be missing rather than silently started anew, empty,
/// where the class's work was. A cache sets a damaged file aside and starts again (<see cref="OpenCache"/>).
/// </summary>
internal sealed class SqliteFile
{
    /// <summary>How long a write waits for another program's lock: long enough for another lab's transaction, short enough that nobody waits in silence.</summary>
    public static readonly TimeSpan BusyTimeout = TimeSpan.FromSeconds(5);

    private const int SqliteError = 1;
    private const int SqlitePermission = 3;
    private const int SqliteBusy = 5;
    private const int SqliteLocked = 6;
    private const int SqliteReadOnly = 8;
    private const int SqliteIoError = 10;
    private const int SqliteCorrupt = 11;
    private const int SqliteFull = 13;
    private const int SqliteCannotOpen = 14;
    private const int SqliteNotADatabase = 26;

    private readonly string _connectionString;

    /// <summary>
    /// A store's file: created with <paramref name="schema"/> when new, refused with a <see cref="StorageException"/> when
    /// it cannot be used; afterwards only opened, never created again (<see cref="StorageProblem.Missing"/>).
    /// </summary>
    public SqliteFile(string path, string schema)
        : this(path, schema, SqliteOpenMode.ReadWrite)
    {
    }

    // Created in any case; then opened in mode afterCreation: a store's only if it is still there, a cache's created again.
    private SqliteFile(string path, string schema, SqliteOpenMode afterCreation)
    {
        Path = System.IO.Path.GetFullPath(path);
        if (PathProblem(Path) is { } problem)
            throw new StorageException(problem, StorageProblem.Unusable);
        CreateFolder(Path);
        _connectionString = new SqliteConnectionStringBuilder { DataSource = Path, Pooling = false, DefaultTimeout = (int)BusyTimeout.TotalSeconds }.ToString();
        Use(connection =>
        {
            using var command = connection.CreateCommand();
            command.CommandText = "PRAGMA journal_mode = WAL;\n" + schema;
            command.ExecuteNonQuery();
        });
        _connectionString = new SqliteConnectionStringBuilder(_connectionString) { Mode = afterCreation }.ToString();
    }

    // Immutable: in a folder nobody may write, SQLite could not create the -shm file a WAL database is read through.
    private SqliteFile(string path)
    {
        Path = System.IO.Path.GetFullPath(path);
        IsReadOnly = true;
        _connectionString = new SqliteConnectionStringBuilder { DataSource = new Uri(path).AbsoluteUri + "?immutable=1", Mode = SqliteOpenMode.ReadOnly, Pooling = false }.ToString();
    }

    public string Path { get; }

    /// <summary>Whether the file is only read, because its folder cannot be written.</summary>
    public bool IsReadOnly { get; }

    /// <summary>
    /// A cache's file: opened read-only when its folder cannot be written (or null when there is no file to read yet);
    /// otherwise created, and when it is not a database or lacks the schema (<paramref name="check"/> fails), set aside
    /// as <c>&lt;name&gt;.corrupt-&lt;time&gt;</c> and rebuilt with one notice, since a cache can always be filled again.
    /// </summary>
    /// <exception cref="StorageException">The file cannot be used at all (a folder in its place, busy, a full disk): the caller goes on without it.</exception>
    public static SqliteFile? OpenCache(string path, string schema, string check, ILogger logger, TimeProvider time)
    {
        var full = System.IO.Path.GetFullPath(path);
        if (!FolderAccess.CanWrite(NearestExistingFolder(full)))
            return File.Exists(full) ? ReadOnly(full) : null;

        try
        {
            return Checked(new SqliteFile(full, schema, SqliteOpenMode.ReadWriteCreate), check);
        }
        catch (StorageException e) when (e.Problem == StorageProblem.Damaged)
        {
            SetAside(full, e.Message, logger, time);
            return Checked(new SqliteFile(full, schema, SqliteOpenMode.ReadWriteCreate), check);
        }
    }

    /// <summary>Moves a damaged cache file (with its -wal and -shm) aside as <c>&lt;name&gt;.corrupt-&lt;time&gt;</c>, with one notice, so the next open starts a new one.</summary>
    public static void SetAside(string path, string reason, ILogger logger, TimeProvider time)
    {
        var aside = $"{path}.corrupt-{time.GetUtcNow():yyyyMMddTHHmmssZ}";
        if (File.Exists(aside))
            aside += $"-{Guid.NewGuid():N}"[..9];
        File.Move(path, aside);
        foreach (var suffix in new[] { "-wal", "-shm" })
        {
            if (File.Exists(path + suffix))
                File.Move(path + suffix, aside + suffix);
        }

        logger.LogWarning("The cache {Path} was damaged ({Reason}); it is set aside as {Aside} and rebuilt.", path, reason, aside);
    }

    /// <summary>An existing file, opened so that nothing (not even SQLite's -shm file) is ever written beside it.</summary>
    public static SqliteFile ReadOnly(string path) => new(path);

    /// <summary>Opens a connection for <paramref name="work"/> and closes it after; SQLite's failures come out as <see cref="StorageException"/>.</summary>
    public T Use<T>(Func<SqliteConnection, T> work)
    {
        try
        {
            using var connection = new SqliteConnection(_connectionString);
            connection.Open();
            return work(connection);
        }
        catch (SqliteException e)
        {
            throw Said(e);
        }
    }

    public void Use(Action<SqliteConnection> work) => Use(connection =>
    {
        work(connection);
        return 0;
    });

    /// <summary>Reads every page's structure (<c>PRAGMA quick_check</c>): a store checks this once at start-up, so damage is found before it is written over.</summary>
    /// <exception cref="StorageException">The file is damaged.</exception>
    public void CheckIntact()
    {
        var result = Use(connection =>
        {
            using var command = connection.CreateCommand();
            command.CommandText = "PRAGMA quick_check(1)";
            return command.ExecuteScalar() as string;
        });
        if (result != "ok")
            throw new StorageException($"{Path} is damaged ({result}): move it aside and the lab starts a new one, or restore it from a backup.", StorageProblem.Damaged);
    }

    /// <summary>Why no SQLite file can be at <paramref name="path"/> (a folder there, a file where its folder should be); null when one can.</summary>
    internal static string? PathProblem(string path)
    {
        if (Directory.Exists(path))
            return $"{path} is a folder: name a file in it, such as {System.IO.Path.Combine(path, "lab.sqlite")}, or remove the folder.";
        // SQLite would open a device or a pipe and write its journal beside it (/dev/null-journal, as root).
        if (new Mono.Unix.UnixFileInfo(path) is { Exists: true, FileType: not Mono.Unix.FileTypes.RegularFile })
            return $"{path} is a device or a pipe, not a file: remove it, or name a file on a disk.";
        for (var folder = System.IO.Path.GetDirectoryName(path); folder is not null; folder = System.IO.Path.GetDirectoryName(folder))
        {
            if (File.Exists(folder))
                return $"{path} cannot be created: {folder} is a file, not a folder.";
            if (Directory.Exists(folder))
                break;
        }

        return null;
    }

    private StorageException Said(SqliteException e) => Gone() ?? (e.SqliteErrorCode & 0xff) switch
    {
        SqliteBusy or SqliteLocked => new(
            $"{Path} is busy: another program (another lab, a sqlite3 shell) has held its write lock for more than {BusyTimeout.TotalSeconds:0} s; close that program or try again later.",
            StorageProblem.Busy),
        SqliteFull => new($"The disk holding {Path} is full: free some space there.", StorageProblem.Full),
        SqliteCorrupt or SqliteNotADatabase => new(
            $"{Path} is not a database, or is damaged ({Reason(e)}): move it aside and the lab starts a new one, or restore it from a backup.",
            StorageProblem.Damaged),
        SqliteReadOnly or SqlitePermission or SqliteCannotOpen => new(
            $"{Path} cannot be written ({Reason(e)}): make it and its folder writable, or name a file on a disk that may be written.",
            StorageProblem.Unusable),
        SqliteIoError when IsDiskFull(e) => new($"The disk holding {Path} is full: free some space there.", StorageProblem.Full),
        SqliteIoError => new($"{Path} could not be read or written ({Reason(e)}): check the disk.", StorageProblem.Unusable),
        SqliteError => new($"{Path} is not a database of the lab's, or is damaged ({Reason(e)}): move it aside and the lab starts a new one.", StorageProblem.Damaged),
        _ => new($"{Path} cannot be used ({Reason(e)}).", StorageProblem.Unusable),
    };

    // What SQLite calls a file it cannot open is, for a file the lab opened before, one taken from under it.
    private StorageException? Gone()
    {
        if (Directory.Exists(Path))
            return new($"{Path} is a folder now, not the lab's file: move the folder away and put the file back, or restart the lab to start a new one.", StorageProblem.Missing);
        if (!File.Exists(Path))
            return new($"{Path} is no longer there (deleted or moved since the lab opened it): put it back, or restart the lab to start a new one.", StorageProblem.Missing);
        return null;
    }

    // SQLite's own words without its "SQLite Error N:" prefix and quotes.
    private static string Reason(SqliteException e)
    {
        var message = e.Message;
        var colon = message.IndexOf(": ", StringComparison.Ordinal);
        return (message.StartsWith("SQLite Error", StringComparison.Ordinal) && colon > 0 ? message[(colon + 2)..] : message).Trim('\'', '.', ' ');
    }

    private static bool IsDiskFull(SqliteException e) => e.Message.Contains("disk is full", StringComparison.OrdinalIgnoreCase);

    private static void CreateFolder(string path)
    {
        var folder = System.IO.Path.GetDirectoryName(path)!;
        try
        {
            Directory.CreateDirectory(folder);
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            throw new StorageException($"{path} cannot be created: its folder {folder} cannot be made ({e.Message.TrimEnd('.')}).", StorageProblem.Unusable);
        }
    }

    // The cache's folder may not exist yet: whether it can be created is the question for the folder that does.
    private static string NearestExistingFolder(string path)
    {
        var folder = System.IO.Path.GetDirectoryName(path);
        while (folder is not null && !Directory.Exists(folder))
            folder = System.IO.Path.GetDirectoryName(folder);
        return folder ?? System.IO.Path.GetPathRoot(path)!;
    }

    private static SqliteFile Checked(SqliteFile file, string check)
    {
        file.Use(connection =>
        {
            using var command = connection.CreateCommand();
            command.CommandText = check;
            command.ExecuteNonQuery();
        });
        return file;
    }
}
