using System.Globalization;
using System.IO.Compression;
using System.Text;

namespace LabApp.Services;

/// <summary>
/// The class's work to take away: one Markdown workbook per student (as it stands now; hand-ins keep their own copies)
/// and one CSV of every answer, a row per student and Question, for a spreadsheet.
/// </summary>
public static class ClassExport
{
    public static byte[] Zip(IReadOnlyList<ClassStudent> students, DateTimeOffset time)
    {
        using var zip = new MemoryStream();
        using (var archive = new ZipArchive(zip, ZipArchiveMode.Create, leaveOpen: true))
        {
            var names = new HashSet<string>(StringComparer.OrdinalIgnoreCase);
            foreach (var student in students)
                Add(archive, $"{UniqueName(names, FileName(student.Label))}.md", WorkbookMarkdown.Write(student.Workbook with { Name = student.Label }, time));
            Add(archive, "answers.csv", AnswersCsv(students));
        }

        return zip.ToArray();
    }

    /// <summary>Every answer of every student: student, task, question number, question, answer.</summary>
    public static string AnswersCsv(IReadOnlyList<ClassStudent> students)
    {
        var csv = new StringBuilder("student,task,question,prompt,answer\r\n");
        var board = ClassBoard.Of(students);
        foreach (var question in board.Questions)
        {
            foreach (var answer in question.Answers)
            {
                csv.Append(string.Join(',', Field(answer.Student), question.Task.ToString(CultureInfo.InvariantCulture),
                    question.Box.Number.ToString(CultureInfo.InvariantCulture), Field(question.Box.Prompt), Field(answer.Text))).Append("\r\n");
            }
        }

        return csv.ToString();
    }

    private static void Add(ZipArchive archive, string name, string text)
    {
        using var entry = archive.CreateEntry(name, CompressionLevel.Optimal).Open();
        entry.Write(Encoding.UTF8.GetBytes(text));
    }

    // RFC 4180, and a leading =, +, - or @ quoted away from a spreadsheet's formulas: a student's answer is text.
    private static string Field(string text)
    {
        var safe = text.Length > 0 && "=+-@".Contains(text[0]) ? "'" + text : text;
        return safe.IndexOfAny([',', '"', '\r', '\n']) >= 0 ? $"\"{safe.Replace("\"", "\"\"", StringComparison.Ordinal)}\"" : safe;
    }

    private static string FileName(string label)
    {
        var name = new string(label.Select(c => char.IsLetterOrDigit(c) || c is ' ' or '-' or '_' ? c : '_').ToArray()).Trim();
        return name.Length == 0 ? "student" : name;
    }

    private static string UniqueName(HashSet<string> taken, string name)
    {
        var unique = name;
        for (var i = 2; !taken.Add(unique); i++)
            unique = $"{name} ({i})";
        return unique;
    }
}
