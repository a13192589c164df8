using LabApp.Core.Experiments;

namespace LabApp.Core.Storage;

/// <summary>
/// The class's own edge cases that the instructor added to the behavioural tests: one more capability of
/// <c>/checklist</c> for every student, kept on the server beside the workbooks (same file, or the class's PostgreSQL
/// database), one case per text.
/// </summary>
public sealed class ClassSuiteStore
{
    /// <summary>Other servers hear of a new case on this channel.</summary>
    internal const string ChangeChannel = "class-cases";

    private readonly StoreDatabase _database;

    public ClassSuiteStore(string filePath)
        : this(new SqliteDatabase(new SqliteFile(filePath, """
            CREATE TABLE IF NOT EXISTS class_cases (
                text_key TEXT PRIMARY KEY,
                category TEXT NOT NULL,
                text TEXT NOT NULL,
                expected INTEGER NOT NULL,
                added TEXT NOT NULL);
            """)))
    {
    }

    /// <summary>The class's suite in <paramref name="database"/>, whose schema is there already.</summary>
    public ClassSuiteStore(StoreDatabase database)
    {
        _database = database;
        _database.Heard += (channel, _) =>
        {
            if (channel is ChangeChannel or PostgresDatabase.Everything)
                Changed?.Invoke();
        };
    }

    /// <summary>Raised after a case was added, on the adder's thread (or the listener's, for a case added on another server).</summary>
    public event Action? Changed;

    /// <summary>The class's cases, in the order they were added.</summary>
    public IReadOnlyList<EdgeCase> Cases() => _database.Use(connection =>
    {
        using var command = connection.Command("SELECT category, text, expected FROM class_cases ORDER BY added, rowid");
        using var reader = command.ExecuteReader();
        var cases = new List<EdgeCase>();
        while (reader.Read())
            cases.Add(new EdgeCase(reader.GetString(0), reader.GetString(1), reader.GetInt32(2)));
        return (IReadOnlyList<EdgeCase>)cases;
    });

    /// <summary>Adds <paramref name="edgeCase"/>; false when the class's suite has its text already (however spaced or capitalised).</summary>
    /// <exception cref="ArgumentException">A case without text or without a label of 0 or 1.</exception>
    public bool Add(EdgeCase edgeCase, DateTimeOffset time)
    {
        if (Data.TypedText.IsBlank(edgeCase.Text) || edgeCase.Expected is not (0 or 1))
            throw new ArgumentException("An edge case for the class's suite needs a text and an expected label, negative or positive.", nameof(edgeCase));
        var added = _database.Use(connection =>
        {
            using var command = connection.Command("""
                INSERT INTO class_cases (text_key, category, text, expected, added) VALUES (@key, @category, @text, @expected, @added)
                ON CONFLICT (text_key) DO NOTHING
                """)
                .With("key", KeyOf(edgeCase.Text))
                .With("category", edgeCase.Category.Trim())
                .With("text", edgeCase.Text.Trim())
                .With("expected", edgeCase.Expected)
                .With("added", _database.TimeValue(time));
            return command.ExecuteNonQuery() == 1;
        });
        if (added)
        {
            Changed?.Invoke();
            _database.Announce(ChangeChannel, "");
        }

        return added;
    }

    /// <summary>
    /// What makes two texts one case: their words, whatever the spacing and case (and braces read as parentheses, as the
    /// behavioural tests write them).
    /// </summary>
    public static string KeyOf(string text) =>
        string.Join(' ', text.Replace('{', '(').Replace('}', ')').Split((char[]?)null, StringSplitOptions.RemoveEmptyEntries)).ToLowerInvariant();
}
