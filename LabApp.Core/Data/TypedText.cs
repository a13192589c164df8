using System.Globalization;

namespace LabApp.Core.Data;

/// <summary>What a text a student types (a review, a label description, an edge case) must be to be used.</summary>
public static class TypedText
{
    /// <summary>Long enough for any review; beyond it a paste is a mistake rather than a review.</summary>
    public const int MaxCharacters = 100_000;

    /// <summary>
    /// The browser's limit on a typed field (its <c>maxlength</c>): one past <see cref="MaxCharacters"/>, so that an
    /// over-long paste is cut where the page's own check still names it, and no edit outgrows the connection's messages.
    /// </summary>
    public const int LongestSent = MaxCharacters + 1;

    /// <summary>
    /// Whether <paramref name="text"/> has nothing to read: only white space and invisible format characters (zero-width
    /// spaces and joiners, byte-order marks, soft hyphens, bidirectional marks), which <see cref="string.IsNullOrWhiteSpace"/>
    /// lets through and a tokenizer reads as an empty text.
    /// </summary>
    public static bool IsBlank(string? text) =>
        text is null || text.All(c => char.IsWhiteSpace(c) || char.GetUnicodeCategory(c) == UnicodeCategory.Format);
}
