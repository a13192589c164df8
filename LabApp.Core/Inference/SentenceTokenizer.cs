using Microsoft.ML.Tokenizers;

namespace LabApp.Core.Inference;

/// <summary>
/// WordPiece tokenization as the sentence-transformers models were trained with it: lower-cased, accents stripped,
/// special tokens around the text and truncation at the model's maximum sequence length.
/// </summary>
public sealed class SentenceTokenizer
{
    private readonly BertTokenizer _tokenizer;

    private SentenceTokenizer(BertTokenizer tokenizer) => _tokenizer = tokenizer;

    /// <summary>BERT's vocabulary and special tokens ([CLS], [SEP], [PAD]), as all-MiniLM-L6-v2 uses them.</summary>
    public static SentenceTokenizer Bert(string vocabPath) => new(BertTokenizer.Create(vocabPath, BaseOptions()));

    /// <summary>MPNet's WordPiece vocabulary with its RoBERTa-style special tokens &lt;s&gt;, &lt;/s&gt;, &lt;pad&gt;.</summary>
    public static SentenceTokenizer Mpnet(string vocabPath)
    {
        var options = BaseOptions();
        options.ClassificationToken = "<s>";
        options.SeparatorToken = "</s>";
        options.PaddingToken = "<pad>";
        options.UnknownToken = "[UNK]";
        options.MaskingToken = "<mask>";
        return new(BertTokenizer.Create(vocabPath, options));
    }

    public int PaddingId => _tokenizer.PaddingTokenId;

    /// <summary>
    /// The ids of <paramref name="text"/> with its special tokens, at most <paramref name="maxLength"/> of them.
    /// Truncation keeps the first word pieces as Hugging Face tokenizers do (ML.Tokenizers' own limit stops at whole words).
    /// </summary>
    public int[] Encode(string text, int maxLength)
    {
        var pieces = _tokenizer.EncodeToIds(CleanAsHuggingFace(text), addSpecialTokens: false);
        var kept = Math.Min(pieces.Count, maxLength - 2);
        var ids = new int[kept + 2];
        ids[0] = _tokenizer.ClassificationTokenId;
        for (var i = 0; i < kept; i++)
            ids[i + 1] = pieces[i];
        ids[^1] = _tokenizer.SeparatorTokenId;
        return ids;
    }

    /// <summary>
    /// Hugging Face's BERT text cleaning, done on code points before ML.Tokenizers sees the text: every white space
    /// (tab, newline, no-break space) becomes a space, control and format characters go, and a run of characters
    /// beyond the Basic Multilingual Plane (emoji) becomes one [UNK], as WordPiece makes of it. ML.Tokenizers looks at
    /// UTF-16 halves instead and would drop emoji and glue words across tabs.
    /// </summary>
    internal static string CleanAsHuggingFace(string text)
    {
        var cleaned = new System.Text.StringBuilder(text.Length);
        var inUnknownRun = false;
        foreach (var rune in text.EnumerateRunes())
        {
            if (rune.Value is 0 or 0xFFFD || (IsControl(rune) && !IsWhiteSpace(rune)))
                continue;
            if (rune.IsBmp)
            {
                inUnknownRun = false;
                cleaned.Append(IsWhiteSpace(rune) ? ' ' : (char)rune.Value);
            }
            else if (!inUnknownRun)
            {
                inUnknownRun = true;
                cleaned.Append(" [UNK] ");
            }
        }

        return cleaned.ToString();
    }

    private static bool IsWhiteSpace(System.Text.Rune rune) =>
        rune.Value is ' ' or '\t' or '\n' or '\r' || System.Text.Rune.GetUnicodeCategory(rune) == System.Globalization.UnicodeCategory.SpaceSeparator;

    private static bool IsControl(System.Text.Rune rune) => System.Text.Rune.GetUnicodeCategory(rune) is
        System.Globalization.UnicodeCategory.Control or System.Globalization.UnicodeCategory.Format
        or System.Globalization.UnicodeCategory.PrivateUse or System.Globalization.UnicodeCategory.OtherNotAssigned;

    /// <summary>How many word pieces <paramref name="text"/> has, special tokens excluded: more than the model reads means truncation.</summary>
    public int CountWordPieces(string text) => _tokenizer.EncodeToIds(CleanAsHuggingFace(text), addSpecialTokens: false).Count;

    private static BertOptions BaseOptions() => new()
    {
        LowerCaseBeforeTokenization = true,
        RemoveNonSpacingMarks = true,
        ApplyBasicTokenization = true,
        IndividuallyTokenizeCjk = true,
        SplitOnSpecialTokens = true,
    };
}
