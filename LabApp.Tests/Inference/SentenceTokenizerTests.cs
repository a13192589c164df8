using LabApp.Core.Inference;

namespace LabApp.Tests.Inference;

public sealed class SentenceTokenizerTests
{
    public static TheoryData<string, int[]> Reference()
    {
        var data = new TheoryData<string, int[]>();
        foreach (var c in Fixtures.Load("minilm-tokens.json").EnumerateArray())
            data.Add(c.GetProperty("text").GetString()!, c.GetProperty("ids").EnumerateArray().Select(e => e.GetInt32()).ToArray());
        return data;
    }

    [Theory]
    [MemberData(nameof(Reference))]
    public void Ids_match_the_reference_BERT_tokenizer(string text, int[] expected)
    {
        Assert.Equal(expected, SharedModel.Tokenizer.Encode(text, 256));
    }

    [Fact]
    public void Long_texts_keep_the_first_word_pieces_and_end_with_SEP()
    {
        var text = string.Join(' ', Enumerable.Repeat("unpretentious", 200));
        var ids = SharedModel.Tokenizer.Encode(text, 256);
        Assert.Equal(256, ids.Length);
        Assert.Equal(101, ids[0]);
        Assert.Equal(102, ids[^1]);
    }
}
