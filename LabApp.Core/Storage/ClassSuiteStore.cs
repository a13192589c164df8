using System.Globalization;
using LabApp.Core.Experiments;

namespace LabApp.Core.Storage;

/// <summary>
/// The class's own edge cases that the instructor added to the behavioural tests: one more capability of
/// <c>/checklist</c> for every student, kept on the server beside the workbooks (same file), one case per text.
/// </summary>
public sealed class ClassSuiteStore
{
    private readonly SqliteFile _file;

    public ClassSuiteStore(string filePath)
    {
        _file = new SqliteFile(filePath, """
            CREATE TABLE IF NOT EXISTS class_cases (
                text_key TEXT PRIMARY KEY,
                category TEXT NOT NULL,
                text TEXT NOT NULL,
                expected INTEGER NOT NULL,
                added TEXT NOT NULL);
            """);
    }

    /// <summary>Raised after a case was added, on the adder's thread.</summary>
    public event Action? Changed;

    /// <summary>The class's cases, in the order they were added.</summary>
    public IReadOnlyList<EdgeCase> Cases() => _file.Use(connection =>
    {
        using var command = connection.CreateCommand();
        command.CommandText = "SELECT category, text, expected FROM class_cases ORDER BY added, rowid";
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
        var added = _file.Use(connection =>
        {
            using var command = connection.CreateCommand();
            command.CommandText = """
                INSERT INTO class_cases (text_key, category, text, expected, added) VALUES ($key, $category, $text, $expected, $added)
                ON CONFLICT (text_key) DO NOTHING
                """;
            command.Parameters.AddWithValue("$key", KeyOf(edgeCase.Text));
            command.Parameters.AddWithValue("$category", edgeCase.Category.Trim());
            command.Parameters.AddWithValue("$text", edgeCase.Text.Trim());
            command.Parameters.AddWithValue("$expected", edgeCase.Expected);
            command.Parameters.AddWithValue("$added", time.ToString("O", CultureInfo.InvariantCulture));
            return command.ExecuteNonQuery() == 1;
        });
        if (added)
            Changed?.Invoke();
        return added;
    }

    /// <summary>
    /// What makes two texts one case: their words, whatever the spacing and case (and braces read as parentheses, as the
    /// behavioural tests write them).
    /// </summary>
    public static string KeyOf(string text) =>
        string.Join(' ', text.Replace('{', '(').Replace('}', ')').Split((char[]?)null, StringSplitOptions.RemoveEmptyEntries)).ToLowerInvariant();
}
