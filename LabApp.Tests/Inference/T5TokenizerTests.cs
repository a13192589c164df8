using System.Text.Json;
using LabApp.Core.Inference;

namespace LabApp.Tests.Inference;

/// <summary>T5's tokenizer through ML.Tokenizers against python-sentencepiece, on a tiny Unigram model trained like T5's.</summary>
public sealed class T5TokenizerTests
{
    private static readonly T5Tokenizer Tokenizer = T5Tokenizer.FromFile(RepositoryPaths.Fixture("tiny-t5-spiece.model"));

    private static IEnumerable<(string Text, int[] Ids, string? Decoded)> Reference()
    {
        using var expected = JsonDocument.Parse(File.ReadAllText(RepositoryPaths.Fixture("tiny-t5-tokens.json")));
        return expected.RootElement.EnumerateArray().Select(c => (
            c.GetProperty("text").GetString()!,
            c.GetProperty("ids").EnumerateArray().Select(e => e.GetInt32()).ToArray(),
            c.GetProperty("decoded").GetString())).ToArray();
    }

    [Fact]
    public void Encodes_as_python_sentencepiece_with_the_closing_token()
    {
        var mismatches = Reference()
            .Where(c => !Tokenizer.Encode(c.Text, 512).SequenceEqual(c.Ids.Append(1)))
            .Select(c => $"{c.Text}: {string.Join(",", Tokenizer.Encode(c.Text, 512))} (python: {string.Join(",", c.Ids)},1)")
            .ToArray();

        Assert.Empty(mismatches);
    }

    [Fact]
    public void Covers_the_cases_where_ml_tokenizers_differs_from_sentencepiece()
    {
        var cases = Reference().ToDictionary(c => c.Text, c => c.Ids);

        // An empty text is just </s>.
        Assert.Equal([1], Tokenizer.Encode("", 512));

        // "UPPER": five characters missing from the vocabulary make one <unk> (id 2), in sentencepiece and here.
        Assert.Single(cases["UPPER case and Émile's café"], id => id == 2);
        Assert.Single(Tokenizer.Encode("UPPER case and Émile's café", 512), id => id == 2);

        // The model's own normalisation rules (here "ﬁ", "ａ", "’", no-break space) apply before the pieces are found.
        Assert.Equal(cases["ﬁlm ａｂ it’s\u00a0here"].Append(1), Tokenizer.Encode("ﬁlm ａｂ it’s\u00a0here", 512));
    }

    [Fact]
    public void Decodes_as_python_sentencepiece()
    {
        var mismatches = Reference()
            .Where(c => c.Decoded is not null && Tokenizer.Decode(c.Ids) != c.Decoded)
            .Select(c => $"{c.Decoded} decoded as {Tokenizer.Decode(c.Ids)}")
            .ToArray();

        Assert.Empty(mismatches);
    }

    [Fact]
    public void Decoding_drops_special_tokens_and_ids_past_the_vocabulary()
    {
        // <pad> 'po' 's' 'i' 'tive' </s> <pad>, and 427: one of the 28 logits past the 400 pieces.
        Assert.Equal("positive", Tokenizer.Decode([0, 3, 163, 4, 14, 217, 427, 1, 0]));
    }

    [Fact]
    public void Truncation_keeps_the_first_pieces_and_the_closing_token()
    {
        var ids = Tokenizer.Encode(string.Join(' ', Enumerable.Repeat("film", 600)), 512);

        Assert.Equal(512, ids.Length);
        Assert.Equal(1, ids[^1]);
        Assert.Equal(62, ids[0]);
    }

    [Fact]
    public void Pads_and_starts_decoding_with_id_0_and_ends_with_id_1()
    {
        Assert.Equal(0, Tokenizer.PaddingId);
        Assert.Equal(1, Tokenizer.EndOfSentenceId);
    }

    [Fact]
    public void A_file_that_is_not_a_sentencepiece_model_is_refused_with_what_to_do()
    {
        using var folder = TinyModelFolder.Empty();
        folder.Write("spiece.model", "this is not a protobuf");

        var error = Assert.Throws<InvalidDataException>(() => T5Tokenizer.FromFile(folder.PathOf("spiece.model")));

        Assert.Contains("is not a SentencePiece model", error.Message);
        Assert.Contains("Download the model's spiece.model again", error.Message);
    }
}
