using System.Collections.Concurrent;
using LabApp.Core.Models;

namespace LabApp.Core.Inference;

/// <summary>What a model reads of a text: its word pieces, special tokens included, and whether it was cut short.</summary>
public sealed record WordPieceReading(IReadOnlyList<string> Pieces, int WordPieceCount, int MaxSequenceLength)
{
    /// <summary>The text has more word pieces than the model reads (its special tokens take two places).</summary>
    public bool IsTruncated => WordPieceCount + 2 > MaxSequenceLength;
}

/// <summary>
/// Each embedding model's tokenizer, loaded once from its vocabulary and shared: tokenizing needs no ONNX session, so
/// nothing is downloaded for it, and a missing vocabulary is named with where it goes.
/// </summary>
public sealed class WordPieceReader(ModelStore store)
{
    private readonly ConcurrentDictionary<string, Lazy<SentenceTokenizer>> _tokenizers = new();

    /// <summary>The tokenizer of <paramref name="card"/>; <see cref="FileNotFoundException"/> says where its vocabulary goes.</summary>
    public SentenceTokenizer TokenizerOf(ModelCard card) =>
        _tokenizers.GetOrAdd(card.Id, _ => new Lazy<SentenceTokenizer>(() => SentenceTokenizer.For(card, VocabularyFolder(card)))).Value;

    public WordPieceReading Read(ModelCard card, string text)
    {
        var tokenizer = TokenizerOf(card);
        return new WordPieceReading(tokenizer.WordPieces(text, card.MaxSequenceLength), tokenizer.CountWordPieces(text), card.MaxSequenceLength);
    }

    private string VocabularyFolder(ModelCard card)
    {
        if (card.IsEmbedded)
            return store.EnsureEmbeddedExtracted(card);
        var vocab = card.Files.Single(f => f.LocalName == SentenceTokenizer.VocabularyFile);
        var path = store.PathOf(card, vocab);
        if (!File.Exists(path))
            throw new FileNotFoundException(
                $"{card.Id} is not in the model cache: put https://huggingface.co/{card.RepoOf(vocab)}/resolve/{card.Revision}/{vocab.RepoPath} at {path}, "
                + $"or let 'embed --model {ModelCatalog.ShortName(card)}' download the model.", path);
        return store.FolderOf(card);
    }
}
