using System.Globalization;
using System.Text;

namespace LabApp.Core.Experiments;

/// <summary>
/// Python's string formatting as the notebook's f-strings use it, for printouts that match the book's character for
/// character: widths and slices count code points (not UTF-16 units). .NET's fixed-point formatting rounds the exact
/// binary value half to even, as Python's does (6.25 is "6.2" in both).
/// </summary>
public static class NotebookText
{
    public const string Rule = "================================================================================";

    /// <summary><c>f"{x:.3f}"</c>.</summary>
    public static string Fixed(double value, int decimals) => value.ToString("F" + decimals, CultureInfo.InvariantCulture);

    /// <summary><c>f"{x:.1%}"</c>: Python multiplies by 100, then formats as <c>.1f</c>.</summary>
    public static string Percent(double share) => Fixed(share * 100, 1) + "%";

    /// <summary><c>f"{x}"</c> of a Python float: the shortest text that reads back as the same number.</summary>
    public static string Repr(double value) => value.ToString("R", CultureInfo.InvariantCulture);

    /// <summary><c>f"{text:&lt;width}"</c>.</summary>
    public static string PadRight(string text, int width) => text + new string(' ', Math.Max(0, width - CodePoints(text)));

    /// <summary><c>f"{text:&gt;width}"</c>.</summary>
    public static string PadLeft(string text, int width) => new string(' ', Math.Max(0, width - CodePoints(text))) + text;

    /// <summary><c>text[:length]</c>.</summary>
    public static string Head(string text, int length)
    {
        var head = new StringBuilder();
        foreach (var rune in text.EnumerateRunes().Take(length))
            head.Append(rune.ToString());
        return head.ToString();
    }

    private static int CodePoints(string text) => text.EnumerateRunes().Count();
}
