using System.IO.Compression;
using System.Security.Cryptography;
using System.Text.Json;
using LabApp.Core.Inference;

namespace LabApp.Tests.Inference;

/// <summary>
/// The lab's WordPiece against Hugging Face tokenizers itself (the Rust library through its Node binding, 0.23.2):
/// tools/reference/hf_tokenize.mjs wrote the ids of the fixtures below.
/// </summary>
public sealed class HuggingFaceTokenizerTests
{
    private static readonly Lazy<SentenceTokenizer> Mpnet = new(() => SentenceTokenizer.Mpnet(MpnetLayoutVocabulary()));

    [Theory]
    [InlineData("minilm")]
    [InlineData("pieces")]
    [InlineData("mpnet")]
    public void Hard_strings_get_Hugging_Face_s_MiniLM_ids_and_pieces_and_MPNet_ids(string column)
    {
        var fixture = Fixtures.Load("hf-wordpiece-hard-strings.json");
        var maxLength = fixture.GetProperty("max_length").GetProperty(column == "mpnet" ? "mpnet" : "minilm").GetInt32();
        Func<string, object> tokenize = column switch
        {
            "minilm" => text => SharedModel.Tokenizer.Encode(text, maxLength),
            "pieces" => text => SharedModel.Tokenizer.WordPieces(text, maxLength),
            _ => text => Mpnet.Value.Encode(text, maxLength),
        };

        var cases = fixture.GetProperty("cases").EnumerateArray().ToArray();
        var mismatches = cases
            .Select(c => (Text: c.GetProperty("text").GetString()!, Expected: JsonSerializer.Serialize(c.GetProperty(column))))
            .Select(c => (c.Text, c.Expected, Actual: JsonSerializer.Serialize(tokenize(c.Text))))
            .Where(c => c.Expected != c.Actual)
            .Select(c => $"{JsonSerializer.Serialize(c.Text)}: expected {c.Expected}, got {c.Actual}")
            .ToList();

        Assert.True(cases.Length > 100, "the fixture has lost its cases");
        Assert.True(mismatches.Count == 0, $"{mismatches.Count} of {cases.Length} texts differ:\n{string.Join('\n', mismatches)}");
    }

    [Fact]
    public void Every_rt_polarity_sentence_gets_Hugging_Face_s_ids()
    {
        var lines = FixtureLines("hf-wordpiece-rt-polarity.txt.gz").ToList();
        var header = lines.TakeWhile(l => l.StartsWith('#')).ToHashSet();
        AssertMadeFrom(header, "vocab.txt", Path.Combine(SharedModel.Folder, "vocab.txt"));
        var sentences = new List<string>();
        foreach (var name in new[] { "rt-polarity.pos", "rt-polarity.neg" })
        {
            var path = Path.Combine(RepositoryPaths.SharedData, "rt-polaritydata", name);
            AssertMadeFrom(header, name, path);
            sentences.AddRange(File.ReadAllText(path).Split('\n')[..^1]);
        }

        var expected = lines.Skip(header.Count).ToList();
        var differing = Enumerable.Range(0, sentences.Count)
            .Where(i => string.Join(' ', SharedModel.Tokenizer.Encode(sentences[i], 256)) != expected[i])
            .Select(i => $"line {i + 1}: {sentences[i]}")
            .ToList();

        Assert.Equal(10_662, sentences.Count);
        Assert.Equal(sentences.Count, expected.Count);
        Assert.True(differing.Count == 0, $"{differing.Count} sentences differ:\n{string.Join('\n', differing)}");
    }

    [Fact]
    public void Every_code_point_between_two_letters_gets_Hugging_Face_s_ids()
    {
        var mismatches = new List<string>();
        foreach (var line in FixtureLines("hf-wordpiece-code-points.txt.gz").Where(l => !l.StartsWith('#')))
        {
            var fields = line.Split(' ');
            var first = Convert.ToInt32(fields[0], 16);
            var expected = fields[2..].Select(int.Parse).ToArray();
            for (var cp = first; cp < first + int.Parse(fields[1]); cp++)
            {
                var actual = SharedModel.Tokenizer.Encode($"a{char.ConvertFromUtf32(cp)}b", 256);
                if (!actual.AsSpan().SequenceEqual(expected))
                    mismatches.Add($"U+{cp:X4}: expected [{string.Join(' ', expected)}], got [{string.Join(' ', actual)}]");
            }
        }

        Assert.True(mismatches.Count == 0, $"{mismatches.Count} code points differ:\n{string.Join('\n', mismatches.Take(400))}");
    }

    private static void AssertMadeFrom(IReadOnlySet<string> header, string name, string path)
    {
        var line = $"# sha256 {name} {Convert.ToHexStringLower(SHA256.HashData(File.ReadAllBytes(path)))}";
        Assert.True(header.Contains(line),
            $"{path} is not the file the fixture was made from; if it changed on purpose, run 'node hf_tokenize.mjs fixtures' in tools/reference.");
    }

    private static IEnumerable<string> FixtureLines(string name)
    {
        using var reader = new StreamReader(new GZipStream(File.OpenRead(RepositoryPaths.Fixture(name)), CompressionMode.Decompress));
        while (reader.ReadLine() is { } line)
            yield return line;
    }

    // all-mpnet-base-v2's vocab.txt is BERT's uncased vocabulary (MiniLM's) with <s> <pad> </s> <unk> in front and
    // <mask> last; hf_tokenize.mjs lays out the same file for its MPNet ids.
    private static string MpnetLayoutVocabulary()
    {
        var path = Path.Combine(TestFolders.Create("mpnet-vocab"), "vocab.txt");
        var bert = File.ReadAllLines(Path.Combine(SharedModel.Folder, "vocab.txt"));
        File.WriteAllLines(path, ["<s>", "<pad>", "</s>", "<unk>", .. bert, "<mask>"]);
        return path;
    }
}
