using System.Text;

namespace LabApp.Headless;

/// <summary>The notebook's banners: a title between two rules of 80 <c>=</c> (or a <c>-</c> rule alone), as its cells print them.</summary>
internal static class NotebookText
{
    public static readonly string Rule = new('=', 80);

    public static readonly string Line = new('-', 80);

    /// <summary><c>print("="*80); print(title); print("="*80)</c>.</summary>
    public static StringBuilder AppendBanner(this StringBuilder text, string title) =>
        text.Append(Rule).Append('\n').Append(title).Append('\n').Append(Rule).Append('\n');
}
