using System.Text.Json;
using LabApp.Core.Inference;

namespace LabApp.Tests.Inference;

public sealed class RobertaTokenizerTests
{
    private static readonly RobertaTokenizer Tokenizer = RobertaTokenizer.FromFiles(
        RepositoryPaths.Fixture("tiny-roberta-vocab.json"), RepositoryPaths.Fixture("tiny-roberta-merges.txt"));

    public static TheoryData<string, int[]> ReferenceCases()
    {
        using var expected = JsonDocument.Parse(File.ReadAllText(RepositoryPaths.Fixture("tiny-roberta-expected.json")));
        var data = new TheoryData<string, int[]>();
        foreach (var c in expected.RootElement.GetProperty("cases").EnumerateArray())
            data.Add(c.GetProperty("text").GetString()!, c.GetProperty("ids").EnumerateArray().Select(e => e.GetInt32()).ToArray());
        return data;
    }

    [Theory]
    [MemberData(nameof(ReferenceCases))]
    public void Encodes_as_the_python_gpt2_bpe_reference(string text, int[] expectedIds)
    {
        Assert.Equal(expectedIds, Tokenizer.Encode(text, 512));
    }

    [Fact]
    public void Truncation_keeps_the_first_tokens_and_the_closing_token()
    {
        var ids = Tokenizer.Encode(string.Join(' ', Enumerable.Repeat("long", 600)), 512);

        Assert.Equal(512, ids.Length);
        Assert.Equal(0, ids[0]);
        Assert.Equal(2, ids[^1]);
    }

    [Fact]
    public void Pads_with_roberta_pad_id()
    {
        Assert.Equal(1, Tokenizer.PaddingId);
    }

    [Fact]
    public void A_vocabulary_without_roberta_special_tokens_is_refused_with_what_to_use_instead()
    {
        using var folder = TinyModelFolder.Empty();
        folder.Write("vocab.json", """{"a": 0, "b": 1}""");
        folder.Copy("tiny-roberta-merges.txt", "merges.txt");

        var error = Assert.Throws<InvalidDataException>(() => RobertaTokenizer.FromFiles(folder.PathOf("vocab.json"), folder.PathOf("merges.txt")));

        Assert.Contains("<s>, </s>, <pad>", error.Message);
        Assert.Contains("not a RoBERTa vocabulary", error.Message);
    }
}
