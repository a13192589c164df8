using LabApp.Core.Data;
using LabApp.Core.Experiments;

namespace LabApp.Headless;

/// <summary>
/// <c>--edge-cases-file</c>: one edge case per line, <c>category&lt;TAB&gt;expected&lt;TAB&gt;text</c>, expected 0
/// (negative) or 1 (positive); blank lines and lines starting with <c>#</c> are skipped. The text may hold anything but
/// a line break, tabs included.
/// </summary>
internal static class EdgeCasesFile
{
    public const string Format = "each line: category<TAB>0 or 1<TAB>text";

    /// <summary>The cases of <paramref name="lines"/>, or the first problem with the line it is on.</summary>
    public static (IReadOnlyList<EdgeCase> Cases, string? Problem) Parse(string name, IEnumerable<string> lines)
    {
        var cases = new List<EdgeCase>();
        var number = 0;
        foreach (var line in lines)
        {
            number++;
            if (TypedText.IsBlank(line) || line.TrimStart().StartsWith('#'))
                continue;
            var fields = line.Split('\t', 3);
            if (fields.Length < 3)
                return ([], $"{name} line {number} has {fields.Length} tab-separated field{(fields.Length == 1 ? "" : "s")}, not 3 ({Format}).");
            var (category, expected, text) = (fields[0].Trim(), fields[1].Trim(), fields[2].Trim());
            if (expected is not ("0" or "1"))
                return ([], $"{name} line {number}: the expected label is '{fields[1]}', not 0 or 1 ({Format}).");
            if (TypedText.IsBlank(category) || TypedText.IsBlank(text))
                return ([], $"{name} line {number} has no {(category.Length == 0 ? "category" : "text")} ({Format}).");
            cases.Add(new EdgeCase(category, text, expected == "1" ? 1 : 0));
        }

        return cases.Count == 0 ? ([], $"{name} holds no edge case ({Format}).") : (cases, null);
    }
}
