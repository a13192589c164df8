using System.Text.Json;
using System.Text.RegularExpressions;
using Microsoft.ML.Tokenizers;

namespace LabApp.Core.Inference;

/// <summary>
/// RoBERTa's byte-level BPE from the model's vocab.json and merges.txt, as Hugging Face's RobertaTokenizer applies it:
/// GPT-2's pre-tokenizer, no prefix space, <c>&lt;s&gt; … &lt;/s&gt;</c> around the text and <c>&lt;pad&gt;</c> for padding.
/// </summary>
public sealed partial class RobertaTokenizer
{
    // ML.Tokenizers' CodeGenTokenizer has this rule too, but only with CodeGen's own <|endoftext|> tokens;
    // BpeTokenizer takes RoBERTa's special tokens and, with ByteLevel, the same byte-to-character alphabet.
    [GeneratedRegex(@"'s|'t|'re|'ve|'m|'ll|'d| ?\p{L}+| ?\p{N}+| ?[^\s\p{L}\p{N}]+|\s+(?!\S)|\s+")]
    private static partial Regex Gpt2PreTokenizer();

    private static readonly string[] SpecialTokenNames = ["<s>", "</s>", "<pad>", "<unk>", "<mask>"];

    private readonly BpeTokenizer _tokenizer;
    private readonly int _startId;
    private readonly int _endId;

    private RobertaTokenizer(BpeTokenizer tokenizer, int startId, int endId, int paddingId)
    {
        _tokenizer = tokenizer;
        _startId = startId;
        _endId = endId;
        PaddingId = paddingId;
    }

    public int PaddingId { get; }

    public static RobertaTokenizer FromFiles(string vocabPath, string mergesPath)
    {
        var vocabulary = ReadVocabulary(vocabPath);
        var specialTokens = SpecialTokenNames.Where(vocabulary.ContainsKey).ToDictionary(t => t, t => vocabulary[t]);
        var options = new BpeOptions(vocabulary)
        {
            // merges.txt opens with a "#version: 0.2" line that is not a merge.
            Merges = File.ReadLines(mergesPath).Where(line => line.Length > 0 && !line.StartsWith("#version", StringComparison.Ordinal)),
            ByteLevel = true,
            PreTokenizer = new RegexPreTokenizer(Gpt2PreTokenizer(), specialTokens),
            SpecialTokens = specialTokens,
            UnknownToken = specialTokens.ContainsKey("<unk>") ? "<unk>" : null,
        };
        return new RobertaTokenizer(BpeTokenizer.Create(options), specialTokens["<s>"], specialTokens["</s>"], specialTokens["<pad>"]);
    }

    /// <summary>
    /// The ids of <paramref name="text"/> with <c>&lt;s&gt;</c> and <c>&lt;/s&gt;</c>, at most <paramref name="maxLength"/> of them:
    /// truncation keeps the first tokens, as Hugging Face's <c>truncation=True</c> does.
    /// </summary>
    public int[] Encode(string text, int maxLength)
    {
        var pieces = _tokenizer.EncodeToIds(text);
        var kept = Math.Min(pieces.Count, maxLength - 2);
        var ids = new int[kept + 2];
        ids[0] = _startId;
        for (var i = 0; i < kept; i++)
            ids[i + 1] = pieces[i];
        ids[^1] = _endId;
        return ids;
    }

    private static Dictionary<string, int> ReadVocabulary(string vocabPath)
    {
        Dictionary<string, int>? vocabulary;
        try
        {
            using var stream = File.OpenRead(vocabPath);
            vocabulary = JsonSerializer.Deserialize<Dictionary<string, int>>(stream);
        }
        catch (JsonException e)
        {
            throw new InvalidDataException($"{vocabPath} is not a vocab.json (a JSON object of token → id): {e.Message} Download the model's vocab.json again.", e);
        }

        var absent = new[] { "<s>", "</s>", "<pad>" }.Where(t => vocabulary is null || !vocabulary.ContainsKey(t)).ToArray();
        if (vocabulary is null || absent.Length > 0)
            throw new InvalidDataException($"{vocabPath} has no {string.Join(", ", absent)} token: it is not a RoBERTa vocabulary. Use the vocab.json of the sentiment model's own repository.");
        return vocabulary;
    }
}
