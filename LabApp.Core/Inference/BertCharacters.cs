using System.Globalization;
using System.Text;

namespace LabApp.Core.Inference;

/// <summary>
/// The character classes of Hugging Face's BERT normalizer and pre-tokenizer (tokenizers/src/normalizers/bert.rs,
/// pre_tokenizers/bert.rs), on code points.
/// </summary>
internal static class BertCharacters
{
    /// <summary>
    /// The normalizer's clean_text and handle_chinese_chars: drops U+0000, U+FFFD and control characters (a lone
    /// surrogate reads as U+FFFD), writes every white space as a space and puts spaces around CJK ideographs.
    /// <paramref name="destination"/> needs three times the length of <paramref name="text"/>; returns the length written.
    /// </summary>
    public static int CleanText(ReadOnlySpan<char> text, Span<char> destination)
    {
        var written = 0;
        for (var i = 0; i < text.Length;)
        {
            Rune.DecodeFromUtf16(text[i..], out var rune, out var width);
            i += width;
            if (rune.Value is 0 or 0xFFFD || IsControl(rune))
                continue;
            if (IsWhiteSpace(rune))
            {
                destination[written++] = ' ';
                continue;
            }

            var chinese = IsChineseCharacter(rune);
            if (chinese)
                destination[written++] = ' ';
            written += rune.EncodeToUtf16(destination[written..]);
            if (chinese)
                destination[written++] = ' ';
        }

        return written;
    }

    // ICU, behind .NET's normalization, rejects U+FFFE, which Hugging Face keeps: it has no decomposition and no
    // combining class, so the text is decomposed piece by piece around it.
    private const char NonCharacter = '\uFFFE';

    /// <summary>The length of <paramref name="text"/> in NFD (canonical decomposition).</summary>
    public static int DecomposedLength(ReadOnlySpan<char> text)
    {
        var length = -1;
        foreach (var piece in text.Split(NonCharacter))
            length += 1 + text[piece].GetNormalizedLength(NormalizationForm.FormD);
        return length;
    }

    /// <summary>Writes <paramref name="text"/> in NFD into <paramref name="destination"/>, which holds <see cref="DecomposedLength"/>; returns the length written.</summary>
    public static int Decompose(ReadOnlySpan<char> text, Span<char> destination)
    {
        var written = 0;
        foreach (var piece in text.Split(NonCharacter))
        {
            if (piece.Start.Value > 0)
                destination[written++] = NonCharacter;
            text[piece].TryNormalize(destination[written..], out var length, NormalizationForm.FormD);
            written += length;
        }

        return written;
    }

    /// <summary>
    /// strip_accents and lowercase on NFD text, in place: drops non-spacing marks (Mn) and lower-cases the rest
    /// one code point at a time. Returns the new length.
    /// </summary>
    public static int StripAccentsAndLowerCase(Span<char> text)
    {
        var written = 0;
        for (var i = 0; i < text.Length;)
        {
            Rune.DecodeFromUtf16(text[i..], out var rune, out var width);
            i += width;
            if (!IsNonSpacingMark(rune))
                written += Rune.ToLowerInvariant(rune).EncodeToUtf16(text[written..]);
        }

        return written;
    }

    /// <summary>Rust's <c>char::is_whitespace</c> (Unicode's White_Space property); tab, line feed and carriage return are among them.</summary>
    public static bool IsWhiteSpace(Rune rune) => rune.Value switch
    {
        >= 0x09 and <= 0x0D or 0x20 or 0x85 or 0xA0 or 0x1680 or >= 0x2000 and <= 0x200A
            or 0x2028 or 0x2029 or 0x202F or 0x205F or 0x3000 => true,
        _ => false,
    };

    /// <summary>
    /// The pre-tokenizer's punctuation: every ASCII character that is neither a letter, a digit, white space nor a
    /// control ($ + &lt; = &gt; ^ ` | ~ included), and every Unicode punctuation (P*).
    /// </summary>
    public static bool IsPunctuation(Rune rune) => rune.Value switch
    {
        >= 33 and <= 47 or >= 58 and <= 64 or >= 91 and <= 96 or >= 123 and <= 126 => true,
        < 128 => false,
        _ => Rune.GetUnicodeCategory(rune) is UnicodeCategory.ConnectorPunctuation or UnicodeCategory.DashPunctuation
            or UnicodeCategory.OpenPunctuation or UnicodeCategory.ClosePunctuation or UnicodeCategory.InitialQuotePunctuation
            or UnicodeCategory.FinalQuotePunctuation or UnicodeCategory.OtherPunctuation
            ? !InRanges(PunctuationSinceUnicode9, rune.Value)
            : rune.Value is 0x166D or 0x111C9,
    };

    // Other (Cc, Cf, Co) except the three white-space controls; unassigned code points (Cn) are kept.
    private static bool IsControl(Rune rune) => rune.Value is not ('\t' or '\n' or '\r')
        && Rune.GetUnicodeCategory(rune) is UnicodeCategory.Control or UnicodeCategory.Format or UnicodeCategory.PrivateUse
        && !InRanges(FormatSinceUnicode9, rune.Value);

    private static bool IsNonSpacingMark(Rune rune) => rune.Value is 0x1734 or 0x1171E
        || Rune.GetUnicodeCategory(rune) == UnicodeCategory.NonSpacingMark && !InRanges(NonSpacingMarksSinceUnicode9, rune.Value);

    // The CJK ideograph blocks of normalizers/bert.rs (its Extension C..F range starts at U+2B920, not U+2B820).
    private static bool IsChineseCharacter(Rune rune) => rune.Value is >= 0x4E00 and <= 0x9FFF or >= 0x3400 and <= 0x4DBF
        or >= 0x20000 and <= 0x2A6DF or >= 0x2A700 and <= 0x2B73F or >= 0x2B740 and <= 0x2B81F or >= 0x2B920 and <= 0x2CEAF
        or >= 0xF900 and <= 0xFAFF or >= 0x2F800 and <= 0x2FA1F;

    /*
     * Hugging Face takes the categories behind control, punctuation and strip_accents from the unicode_categories
     * crate 0.1.1 (2016), whose tables are older than Unicode 9.0; .NET knows today's. Below are the code points where
     * the two disagree, found by sweeping every code point through both (HuggingFaceTokenizerTests): characters made
     * format (Cf), punctuation (P*) or non-spacing marks (Mn) since then, which Hugging Face keeps as ordinary characters,
     * and the four whose category changed: U+166D and U+111C9 were punctuation, U+1734 and U+1171E non-spacing marks.
     * Rust also lower-cases with newer Unicode data than .NET (Unicode 16-17 letters) and the normalization crate does not
     * decompose U+11938; neither those letters nor their lower case are in the BERT vocabularies, so the ids agree.
     * Each table is sorted pairs of first and last code point.
     */
    private static ReadOnlySpan<int> FormatSinceUnicode9 =>
    [
        0x890, 0x891, 0x8E2, 0x8E2, 0x110CD, 0x110CD, 0x13430, 0x1343F,
    ];

    private static ReadOnlySpan<int> PunctuationSinceUnicode9 =>
    [
        0x61D, 0x61D, 0x9FD, 0x9FD, 0xA76, 0xA76, 0xC77, 0xC77, 0xC84, 0xC84, 0x1B4E, 0x1B4F, 0x1B7D, 0x1B7F,
        0x2E43, 0x2E4F, 0x2E52, 0x2E5D, 0x10D6E, 0x10D6E, 0x10EAD, 0x10EAD, 0x10F55, 0x10F59, 0x10F86, 0x10F89,
        0x113D4, 0x113D5, 0x113D7, 0x113D8, 0x1144B, 0x1144F, 0x1145A, 0x1145B, 0x1145D, 0x1145D, 0x11660, 0x1166C,
        0x116B9, 0x116B9, 0x1183B, 0x1183B, 0x11944, 0x11946, 0x119E2, 0x119E2, 0x11A3F, 0x11A46, 0x11A9A, 0x11A9C,
        0x11A9E, 0x11AA2, 0x11B00, 0x11B09, 0x11BE1, 0x11BE1, 0x11C41, 0x11C45, 0x11C70, 0x11C71, 0x11EF7, 0x11EF8,
        0x11F43, 0x11F4F, 0x11FFF, 0x11FFF, 0x12FF1, 0x12FF2, 0x16D6D, 0x16D6F, 0x16E97, 0x16E9A, 0x16FE2, 0x16FE2,
        0x1E5FF, 0x1E5FF, 0x1E95E, 0x1E95F,
    ];

    private static ReadOnlySpan<int> NonSpacingMarksSinceUnicode9 =>
    [
        0x7FD, 0x7FD, 0x897, 0x89F, 0x8CA, 0x8E1, 0x9FE, 0x9FE, 0xAFA, 0xAFF, 0xB55, 0xB55, 0xC04, 0xC04, 0xC3C, 0xC3C,
        0xD00, 0xD00, 0xD3B, 0xD3C, 0xD81, 0xD81, 0xEBA, 0xEBA, 0xECE, 0xECE, 0x180F, 0x180F, 0x1885, 0x1886,
        0x1ABF, 0x1ACE, 0x1DF6, 0x1DFB, 0xA82C, 0xA82C, 0xA8C5, 0xA8C5, 0xA8FF, 0xA8FF, 0xA9BD, 0xA9BD,
        0x10D24, 0x10D27, 0x10D69, 0x10D6D, 0x10EAB, 0x10EAC, 0x10EFC, 0x10EFF, 0x10F46, 0x10F50, 0x10F82, 0x10F85,
        0x11070, 0x11070, 0x11073, 0x11074, 0x110C2, 0x110C2, 0x111C9, 0x111C9, 0x111CF, 0x111CF, 0x1123E, 0x1123E,
        0x11241, 0x11241, 0x1133B, 0x1133B, 0x113BB, 0x113C0, 0x113CE, 0x113CE, 0x113D0, 0x113D0, 0x113D2, 0x113D2,
        0x113E1, 0x113E2, 0x11438, 0x1143F, 0x11442, 0x11444, 0x11446, 0x11446, 0x1145E, 0x1145E, 0x1182F, 0x11837,
        0x11839, 0x1183A, 0x1193B, 0x1193C, 0x1193E, 0x1193E, 0x11943, 0x11943, 0x119D4, 0x119D7, 0x119DA, 0x119DB,
        0x119E0, 0x119E0, 0x11A01, 0x11A0A, 0x11A33, 0x11A38, 0x11A3B, 0x11A3E, 0x11A47, 0x11A47, 0x11A51, 0x11A56,
        0x11A59, 0x11A5B, 0x11A8A, 0x11A96, 0x11A98, 0x11A99, 0x11C30, 0x11C36, 0x11C38, 0x11C3D, 0x11C3F, 0x11C3F,
        0x11C92, 0x11CA7, 0x11CAA, 0x11CB0, 0x11CB2, 0x11CB3, 0x11CB5, 0x11CB6, 0x11D31, 0x11D36, 0x11D3A, 0x11D3A,
        0x11D3C, 0x11D3D, 0x11D3F, 0x11D45, 0x11D47, 0x11D47, 0x11D90, 0x11D91, 0x11D95, 0x11D95, 0x11D97, 0x11D97,
        0x11EF3, 0x11EF4, 0x11F00, 0x11F01, 0x11F36, 0x11F3A, 0x11F40, 0x11F40, 0x11F42, 0x11F42, 0x11F5A, 0x11F5A,
        0x13440, 0x13440, 0x13447, 0x13455, 0x1611E, 0x16129, 0x1612D, 0x1612F, 0x16F4F, 0x16F4F, 0x16FE4, 0x16FE4,
        0x1CF00, 0x1CF2D, 0x1CF30, 0x1CF46, 0x1E000, 0x1E006, 0x1E008, 0x1E018, 0x1E01B, 0x1E021, 0x1E023, 0x1E024,
        0x1E026, 0x1E02A, 0x1E08F, 0x1E08F, 0x1E130, 0x1E136, 0x1E2AE, 0x1E2AE, 0x1E2EC, 0x1E2EF, 0x1E4EC, 0x1E4EF,
        0x1E5EE, 0x1E5EF, 0x1E944, 0x1E94A,
    ];

    private static bool InRanges(ReadOnlySpan<int> ranges, int codePoint)
    {
        var index = ranges.BinarySearch(codePoint);
        return index >= 0 || (~index & 1) == 1;
    }
}
