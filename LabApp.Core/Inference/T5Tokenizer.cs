using Microsoft.ML.Tokenizers;

namespace LabApp.Core.Inference;

/// <summary>
/// T5's SentencePiece Unigram tokenizer from its spiece.model, as the Python sentencepiece library encodes:
/// the model's own normalisation, a dummy prefix space, <c>&lt;/s&gt;</c> at the end and <c>&lt;pad&gt;</c> for padding.
/// </summary>
public sealed class T5Tokenizer
{
    private readonly SentencePieceTokenizer _tokenizer;
    private readonly int _pieceCount;

    private T5Tokenizer(SentencePieceTokenizer tokenizer, int paddingId)
    {
        _tokenizer = tokenizer;
        _pieceCount = tokenizer.Vocabulary.Values.Max() + 1;
        PaddingId = paddingId;
    }

    /// <summary>Also the decoder's start token, as T5 was trained.</summary>
    public int PaddingId { get; }

    public int EndOfSentenceId => _tokenizer.EndOfSentenceId;

    public static T5Tokenizer FromFile(string spiecePath)
    {
        var (model, paddingId) = SentencePieceModelFile.WithPaddingAsMissingBos(File.ReadAllBytes(spiecePath), spiecePath);
        if (paddingId < 0)
            throw new InvalidDataException($"{spiecePath} has no padding piece, which T5 uses to start decoding: it is not T5's tokenizer. Use the spiece.model of the model's own repository.");
        using var stream = new MemoryStream(model, writable: false);
        return new T5Tokenizer(SentencePieceTokenizer.Create(stream, addBeginningOfSentence: false, addEndOfSentence: false), paddingId);
    }

    /// <summary>
    /// The ids of <paramref name="text"/> ending in <c>&lt;/s&gt;</c>, at most <paramref name="maxLength"/> of them
    /// (the first pieces are kept, as Hugging Face's <c>truncation=True</c> does).
    /// </summary>
    /// <remarks>
    /// <c>&lt;/s&gt;</c> is appended here because ML.Tokenizers returns no token at all for an empty text, where
    /// T5 gets <c>[&lt;/s&gt;]</c>; and a run of characters missing from the vocabulary becomes one <c>&lt;unk&gt;</c>,
    /// as sentencepiece's Unigram encoder merges them, where ML.Tokenizers gives one <c>&lt;unk&gt;</c> per character.
    /// </remarks>
    public int[] Encode(string text, int maxLength)
    {
        var pieces = _tokenizer.EncodeToIds(text, addBeginningOfSentence: false, addEndOfSentence: false);
        var unknownId = _tokenizer.UnknownId;
        var ids = new List<int>(Math.Min(pieces.Count + 1, maxLength));
        for (var i = 0; i < pieces.Count && ids.Count < maxLength - 1; i++)
        {
            if (pieces[i] != unknownId || i == 0 || pieces[i - 1] != unknownId)
                ids.Add(pieces[i]);
        }
        ids.Add(EndOfSentenceId);
        return ids.ToArray();
    }

    /// <summary>
    /// The text of generated ids without special tokens, as <c>decode(..., skip_special_tokens=True)</c> gives it.
    /// Ids past the SentencePiece vocabulary are dropped too: the model's output layer is wider than the vocabulary
    /// (flan-t5: 32128 logits over 32000 pieces), and Hugging Face names those ids &lt;extra_id_N&gt;, special tokens.
    /// </summary>
    public string Decode(IEnumerable<int> ids) => _tokenizer.Decode(ids.Where(id => id < _pieceCount), considerSpecialTokens: false);
}
