using System.Globalization;
using System.Text;

namespace LabApp.Core.Experiments;

/// <summary>
/// Numbers and texts as the notebook's f-strings print them, so a page or a printout reads digit for digit like the
/// book. .NET's "F" format rounds the exact binary value half to even, as Python's does (the custom "0.00" format
/// rounds half away from zero: 0.125 would print 0.13 where Python prints 0.12), and "P" adds a space before the
/// percent sign that Python does not.
/// </summary>
public static class BookFormat
{
    /// <summary><c>"=" * 80</c>, the notebook's banner rule.</summary>
    public static readonly string Rule = new('=', 80);

    /// <summary><c>"-" * 80</c>.</summary>
    public static readonly string Line = new('-', 80);

    /// <summary><c>print("="*80); print(title); print("="*80)</c>.</summary>
    public static StringBuilder AppendBanner(this StringBuilder text, string title) =>
        text.Append(Rule).Append('\n').Append(title).Append('\n').Append(Rule).Append('\n');

    /// <summary><c>f"{x:.Nf}"</c>.</summary>
    public static string Fixed(double x, int digits) => x.ToString("F" + digits.ToString(CultureInfo.InvariantCulture), CultureInfo.InvariantCulture);

    /// <summary><c>f"{x:+.Nf}"</c>: a plus sign before zero and positive numbers, a minus before negative ones (and -0).</summary>
    public static string Signed(double x, int digits) => (double.IsNegative(x) ? "" : "+") + Fixed(x, digits);

    /// <summary><c>f"{x:.N%}"</c>: Python multiplies by 100 in floating point and prints that as <c>.Nf</c>.</summary>
    public static string Percent(double x, int digits) => Fixed(x * 100, digits) + "%";

    /// <summary><c>f"{x:+.N%}"</c>.</summary>
    public static string SignedPercent(double x, int digits) => Signed(x * 100, digits) + "%";

    /// <summary><c>f"{x}"</c> of a Python float: the shortest text that reads back as the same number.</summary>
    public static string Repr(double value) => value.ToString("R", CultureInfo.InvariantCulture);

    /// <summary><c>f"{text:&lt;width}"</c>: Python pads to a width in code points.</summary>
    public static string PadRight(string text, int width) => text + new string(' ', Math.Max(0, width - CodePoints(text)));

    /// <summary><c>f"{text:&gt;width}"</c>.</summary>
    public static string PadLeft(string text, int width) => new string(' ', Math.Max(0, width - CodePoints(text))) + text;

    /// <summary>The book's "Positive" / "Negative" for label 1 / 0.</summary>
    public static string Sentiment(int label) => label == 1 ? "Positive" : "Negative";

    /// <summary>The book's ✓ / ✗.</summary>
    public static string Mark(bool correct) => correct ? "✓" : "✗";

    /// <summary><c>text[:n]</c>: Python counts code points, so a character outside the BMP is one, not two.</summary>
    public static string Head(string text, int n)
    {
        var head = new StringBuilder();
        foreach (var rune in text.EnumerateRunes().Take(n))
            head.Append(rune.ToString());
        return head.ToString();
    }

    private static int CodePoints(string text) => text.EnumerateRunes().Count();
}
