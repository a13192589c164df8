using System.Buffers;
using System.Text;
using LabApp.Core.Models;

namespace LabApp.Core.Inference;

/// <summary>
/// WordPiece tokenization exactly as Hugging Face tokenizers runs it for the sentence-transformers BERT-family models
/// (all-MiniLM-L6-v2, all-mpnet-base-v2): the same ids for every text, special tokens around it, truncated to the
/// model's maximum sequence length.
/// </summary>
/// <remarks>
/// Written by hand because Microsoft.ML.Tokenizers' BertTokenizer cannot be configured to match: it drops the symbols
/// Hugging Face keeps as tokens ($ + &lt; = &gt; ^ | ~ ` ½ © €), reads UTF-16 halves instead of code points and makes
/// [UNK] of Hangul syllables where Hugging Face decomposes them into jamo. The steps are Hugging Face's (tokenizers/src):
/// <list type="number">
/// <item>added tokens (<c>tokenizer/added_vocabulary.rs</c>): the special tokens written in the raw text, case-sensitive
/// and leftmost-longest, become their ids before anything is normalized (MPNet's &lt;mask&gt; also takes the white space
/// before it, which changes no id);</item>
/// <item><c>normalizers/bert.rs</c> on the rest: drop U+0000, U+FFFD and control characters, every white space becomes
/// a space, spaces around CJK ideographs, NFD and drop non-spacing marks (strip_accents follows lowercase), lower-case
/// (see <see cref="BertCharacters"/> for the exact classes);</item>
/// <item><c>pre_tokenizers/bert.rs</c>: split on white space, and every punctuation character is a word of its own;</item>
/// <item><c>models/wordpiece/mod.rs</c>: greedy longest-match-first pieces, continuations prefixed "##"; a word of more
/// than 100 characters, or one with a rest no piece matches, is one unknown token;</item>
/// <item>the template <c>CLS $A SEP</c> and truncation of the pieces to the maximum length less the two specials.</item>
/// </list>
/// Thread-safe: all state is read-only after construction; scratch buffers come from the shared array pools.
/// </remarks>
public sealed class SentenceTokenizer
{
    /// <summary>
    /// Names the ids this tokenizer gives; it changes whenever some text would get other ids, so embeddings cached under
    /// an older version are never served for the new ones.
    /// </summary>
    public const string Version = "hf-tokenizers-0.23.2";

    /// <summary>The one file of a model's folder the tokenizer reads.</summary>
    public const string VocabularyFile = "vocab.txt";

    private const int MaxCharactersPerWord = 100;
    private const string ContinuationPrefix = "##";

    private readonly string[] _pieces;
    private readonly Dictionary<string, int>.AlternateLookup<ReadOnlySpan<char>> _wordStarts;
    private readonly Dictionary<string, int>.AlternateLookup<ReadOnlySpan<char>> _continuations;
    private readonly int _longestPiece;
    private readonly (string Text, int Id)[] _specialTokens;
    private readonly SearchValues<char> _specialTokenStarts;

    private SentenceTokenizer(string vocabPath, string classification, string separator, string padding, string[] specialTokens, (string Token, int Id)[] fixedIds)
    {
        _pieces = ReadVocabulary(vocabPath);
        var wordStarts = new Dictionary<string, int>(_pieces.Length, StringComparer.Ordinal);
        var continuations = new Dictionary<string, int>(StringComparer.Ordinal);
        for (var id = 0; id < _pieces.Length; id++)
        {
            var piece = _pieces[id];
            wordStarts[piece] = id;
            if (piece.StartsWith(ContinuationPrefix, StringComparison.Ordinal))
                continuations[piece[ContinuationPrefix.Length..]] = id;
            _longestPiece = Math.Max(_longestPiece, piece.Length);
        }

        _wordStarts = wordStarts.GetAlternateLookup<ReadOnlySpan<char>>();
        _continuations = continuations.GetAlternateLookup<ReadOnlySpan<char>>();
        UnknownId = IdOf(wordStarts, "[UNK]", vocabPath);
        ClassificationId = IdOf(wordStarts, classification, vocabPath);
        SeparatorId = IdOf(wordStarts, separator, vocabPath);
        PaddingId = IdOf(wordStarts, padding, vocabPath);
        _specialTokens = specialTokens.Select(t => (t, IdOf(wordStarts, t, vocabPath))).ToArray();
        _specialTokenStarts = SearchValues.Create(specialTokens.Select(t => t[0]).Distinct().ToArray());
        RequireFixedIds(wordStarts, fixedIds, vocabPath);
    }

    /// <summary>BERT's uncased vocabulary and special tokens ([CLS], [SEP], [PAD]), as all-MiniLM-L6-v2 uses them.</summary>
    public static SentenceTokenizer Bert(string vocabPath) =>
        new(vocabPath, "[CLS]", "[SEP]", "[PAD]", ["[PAD]", "[UNK]", "[CLS]", "[SEP]", "[MASK]"], [("[PAD]", 0), ("[UNK]", 100), ("[CLS]", 101), ("[SEP]", 102), ("[MASK]", 103)]);

    /// <summary>MPNet's WordPiece vocabulary with its RoBERTa-style special tokens &lt;s&gt;, &lt;/s&gt;, &lt;pad&gt; (unknown stays [UNK]).</summary>
    public static SentenceTokenizer Mpnet(string vocabPath) =>
        new(vocabPath, "<s>", "</s>", "<pad>", ["<s>", "<pad>", "</s>", "<unk>", "[UNK]", "<mask>"], [("<s>", 0), ("<pad>", 1), ("</s>", 2), ("<unk>", 3)]);

    /// <summary>The tokenizer <paramref name="card"/>'s model reads its input with, from the vocab.txt in <paramref name="folder"/>.</summary>
    public static SentenceTokenizer For(ModelCard card, string folder)
    {
        var vocab = Path.Combine(folder, VocabularyFile);
        return card.Id == ModelCatalog.MpnetId ? Mpnet(vocab) : Bert(vocab);
    }

    public int PaddingId { get; }

    private int ClassificationId { get; }

    private int SeparatorId { get; }

    private int UnknownId { get; }

    /// <summary>The ids of <paramref name="text"/> with its special tokens, at most <paramref name="maxLength"/> of them (the first word pieces).</summary>
    public int[] Encode(string text, int maxLength)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(maxLength, 2);
        var rented = ArrayPool<int>.Shared.Rent(maxLength - 2);
        try
        {
            var kept = Math.Min(Tokenize(text, rented.AsSpan(0, maxLength - 2)), maxLength - 2);
            var ids = new int[kept + 2];
            ids[0] = ClassificationId;
            rented.AsSpan(0, kept).CopyTo(ids.AsSpan(1));
            ids[^1] = SeparatorId;
            return ids;
        }
        finally
        {
            ArrayPool<int>.Shared.Return(rented);
        }
    }

    /// <summary>The word pieces the model reads for <paramref name="text"/>, special tokens included, as <see cref="Encode"/> gives their ids.</summary>
    public IReadOnlyList<string> WordPieces(string text, int maxLength) => Array.ConvertAll(Encode(text, maxLength), id => _pieces[id]);

    /// <summary>How many word pieces <paramref name="text"/> has, special tokens excluded: more than the model reads means truncation.</summary>
    public int CountWordPieces(string text) => Tokenize(text, []);

    /// <summary>Writes the first word pieces of <paramref name="text"/> into <paramref name="ids"/>; returns how many there are in all.</summary>
    private int Tokenize(ReadOnlySpan<char> text, Span<int> ids)
    {
        var count = 0;
        var rest = text;
        while (FindSpecialToken(rest, out var at, out var token))
        {
            count = TokenizeNormalized(rest[..at], ids, count);
            count = Add(ids, count, token.Id);
            rest = rest[(at + token.Text.Length)..];
        }

        return TokenizeNormalized(rest, ids, count);
    }

    // Leftmost-longest, as the added vocabulary's Aho-Corasick automaton matches.
    private bool FindSpecialToken(ReadOnlySpan<char> text, out int at, out (string Text, int Id) token)
    {
        token = default;
        for (at = 0; at < text.Length; at++)
        {
            if (!_specialTokenStarts.Contains(text[at]))
                continue;
            foreach (var candidate in _specialTokens)
                if (candidate.Text.Length > (token.Text?.Length ?? 0) && text[at..].StartsWith(candidate.Text, StringComparison.Ordinal))
                    token = candidate;
            if (token.Text is not null)
                return true;
        }

        return false;
    }

    private int TokenizeNormalized(ReadOnlySpan<char> text, Span<int> ids, int count)
    {
        if (text.IsEmpty)
            return count;

        // Cleaning at most triples the text (spaces around each ideograph); NFD may grow it further, so its length is asked.
        var cleaned = ArrayPool<char>.Shared.Rent(3 * text.Length);
        char[]? decomposed = null;
        try
        {
            var normalized = cleaned.AsSpan(0, BertCharacters.CleanText(text, cleaned));
            if (Ascii.IsValid(normalized))
            {
                Ascii.ToLowerInPlace(normalized, out _);
                return TokenizeWords(normalized, ids, count);
            }

            decomposed = ArrayPool<char>.Shared.Rent(BertCharacters.DecomposedLength(normalized));
            var length = BertCharacters.Decompose(normalized, decomposed);
            var stripped = decomposed.AsSpan(0, BertCharacters.StripAccentsAndLowerCase(decomposed.AsSpan(0, length)));
            return TokenizeWords(stripped, ids, count);
        }
        finally
        {
            ArrayPool<char>.Shared.Return(cleaned);
            if (decomposed is not null)
                ArrayPool<char>.Shared.Return(decomposed);
        }
    }

    private int TokenizeWords(ReadOnlySpan<char> text, Span<int> ids, int count)
    {
        var wordStart = 0;
        var i = 0;
        while (i < text.Length)
        {
            Rune.DecodeFromUtf16(text[i..], out var rune, out var width);
            if (BertCharacters.IsWhiteSpace(rune) || BertCharacters.IsPunctuation(rune))
            {
                count = AddWord(text[wordStart..i], ids, count);
                if (!BertCharacters.IsWhiteSpace(rune))
                    count = AddWord(text.Slice(i, width), ids, count);
                wordStart = i + width;
            }

            i += width;
        }

        return AddWord(text[wordStart..], ids, count);
    }

    private int AddWord(ReadOnlySpan<char> word, Span<int> ids, int count)
    {
        if (word.IsEmpty)
            return count;
        if (CountCharacters(word) > MaxCharactersPerWord)
            return Add(ids, count, UnknownId);

        var first = count;
        var start = 0;
        while (start < word.Length)
        {
            var end = Math.Min(word.Length, start + _longestPiece);
            if (end < word.Length && char.IsLowSurrogate(word[end]))
                end--;
            var lookup = start == 0 ? _wordStarts : _continuations;
            var id = -1;
            while (end > start && !lookup.TryGetValue(word[start..end], out id))
                end -= end - start >= 2 && char.IsSurrogatePair(word[end - 2], word[end - 1]) ? 2 : 1;
            if (end == start)
                return Add(ids, first, UnknownId);
            count = Add(ids, count, id);
            start = end;
        }

        return count;
    }

    private static int CountCharacters(ReadOnlySpan<char> word)
    {
        var surrogatePairs = 0;
        for (var i = 1; i < word.Length; i++)
            if (char.IsSurrogatePair(word[i - 1], word[i]))
                surrogatePairs++;
        return word.Length - surrogatePairs;
    }

    // Pieces beyond the buffer are counted but not kept: truncation keeps the first ones.
    private static int Add(Span<int> ids, int count, int id)
    {
        if (count < ids.Length)
            ids[count] = id;
        return count + 1;
    }

    private static string[] ReadVocabulary(string vocabPath)
    {
        if (!File.Exists(vocabPath))
            throw new FileNotFoundException($"The vocabulary file is missing: {vocabPath}. Run 'dotnet run --project LabApp -- info' to see how to get it.", vocabPath);
        // One piece per line, id = line number; Hugging Face trims each line's end (the packaged MiniLM file has CRLF).
        var pieces = File.ReadAllLines(vocabPath).Select(line => line.TrimEnd()).ToArray();
        return pieces.Length > 0 ? pieces : throw new InvalidDataException($"{vocabPath} is empty. {PlaceAgain}");
    }

    private const string PlaceAgain = "Download the model's vocab.txt again or place it there again; 'dotnet run --project LabApp -- info' shows where it comes from.";

    private static int IdOf(Dictionary<string, int> vocabulary, string token, string vocabPath) =>
        vocabulary.TryGetValue(token, out var id) ? id : throw new InvalidDataException($"{vocabPath} has no {token} token, so it is not the model's vocabulary. {PlaceAgain}");

    // An id is a line number: a vocabulary with a line added or lost gives every later piece another id, and the model
    // would read other words. The special tokens the model was trained with sit at known lines, which shows a shift.
    private static void RequireFixedIds(Dictionary<string, int> vocabulary, (string Token, int Id)[] fixedIds, string vocabPath)
    {
        foreach (var (token, expected) in fixedIds)
        {
            var id = IdOf(vocabulary, token, vocabPath);
            if (id != expected)
                throw new InvalidDataException($"{vocabPath} is shifted: {token} is on line {id + 1}, where the model has it on line {expected + 1}. {PlaceAgain}");
        }
    }
}
