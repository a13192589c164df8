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
        var pieces = _tokenizer.EncodeToIds(text, addSpecialTokens: false);
        var kept = Math.Min(pieces.Count, maxLength - 2);
        var ids = new int[kept + 2];
        ids[0] = _tokenizer.ClassificationTokenId;
        for (var i = 0; i < kept; i++)
            ids[i + 1] = pieces[i];
        ids[^1] = _tokenizer.SeparatorTokenId;
        return ids;
    }

    /// <summary>How many word pieces <paramref name="text"/> has, special tokens excluded: more than the model reads means truncation.</summary>
    public int CountWordPieces(string text) => _tokenizer.EncodeToIds(text, addSpecialTokens: false).Count;

    private static BertOptions BaseOptions() => new()
    {
        LowerCaseBeforeTokenization = true,
        RemoveNonSpacingMarks = true,
        ApplyBasicTokenization = true,
        IndividuallyTokenizeCjk = true,
        SplitOnSpecialTokens = true,
    };
}
