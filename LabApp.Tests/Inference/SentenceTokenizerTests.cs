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

public sealed class MpnetTokenizerTests
{
    [Fact]
    public void MPNet_wraps_the_word_pieces_in_its_own_special_tokens()
    {
        // A vocabulary in MPNet's layout: <s>=0, <pad>=1, </s>=2, <unk>=3, then word pieces, <mask> last.
        var vocab = Path.Combine(TestFolders.Create("mpnet-vocab"), "vocab.txt");
        File.WriteAllLines(vocab, ["<s>", "<pad>", "</s>", "<unk>", "[UNK]", "a", "charming", "film", "##s", ",", "quirk", "##y", "<mask>"]);
        var tokenizer = SentenceTokenizer.Mpnet(vocab);

        Assert.Equal([0, 6, 9, 10, 11, 5, 7, 8, 2], tokenizer.Encode("Charming, quirky a films", 384));
        Assert.Equal(1, tokenizer.PaddingId);
        Assert.Equal([0, 6, 2], tokenizer.Encode("charming charming charming", 3));
    }

    [Fact]
    public void An_empty_vocabulary_is_named_with_what_to_do()
    {
        var vocab = Path.Combine(TestFolders.Create("empty-vocab"), "vocab.txt");
        File.WriteAllText(vocab, "");

        var e = Assert.Throws<InvalidDataException>(() => SentenceTokenizer.Bert(vocab));

        Assert.Equal($"{vocab} is empty. Download the model's vocab.txt again or place it there again; 'dotnet run --project LabApp -- info' shows where it comes from.", e.Message);
    }

    [Fact]
    public void A_vocabulary_shifted_by_one_line_is_named_before_it_gives_other_ids()
    {
        var vocab = Path.Combine(TestFolders.Create("shifted-vocab"), "vocab.txt");
        File.WriteAllLines(vocab, File.ReadAllLines(Path.Combine(SharedModel.Folder, "vocab.txt")).Skip(1));

        var e = Assert.Throws<InvalidDataException>(() => SentenceTokenizer.Bert(vocab));

        Assert.StartsWith($"{vocab} has no [PAD] token", e.Message);

        File.WriteAllLines(vocab, ["[PAD]", "[extra]", .. File.ReadAllLines(Path.Combine(SharedModel.Folder, "vocab.txt")).Skip(1)]);
        e = Assert.Throws<InvalidDataException>(() => SentenceTokenizer.Bert(vocab));
        Assert.StartsWith($"{vocab} is shifted: [UNK] is on line 102, where the model has it on line 101.", e.Message);
    }
}
