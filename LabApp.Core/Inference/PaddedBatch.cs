namespace LabApp.Core.Inference;

/// <summary>The int64 <c>input_ids</c> and <c>attention_mask</c> of a batch of token sequences, padded to the longest.</summary>
internal static class PaddedBatch
{
    /// <summary>
    /// The rows of <paramref name="tokenIds"/> in batches of at most <paramref name="batchSize"/>, longest first (ties in
    /// input order), as sentence-transformers orders them: a batch then pads only to its own longest row, about twice
    /// faster than batching in file order on review sentences.
    /// </summary>
    public static IEnumerable<int[]> LongestFirst(int[][] tokenIds, int batchSize) =>
        Enumerable.Range(0, tokenIds.Length).OrderByDescending(i => tokenIds[i].Length).Chunk(batchSize);

    /// <summary>Row <c>b</c> holds the tokens of sequence <c>batch[b]</c>, then <paramref name="paddingId"/> with mask 0.</summary>
    public static (long[] Ids, long[] Mask, long[] Shape) Build(ReadOnlySpan<int> batch, int[][] tokenIds, int paddingId)
    {
        var length = 0;
        foreach (var row in batch)
            length = Math.Max(length, tokenIds[row].Length);

        var ids = new long[batch.Length * length];
        var mask = new long[batch.Length * length];
        Array.Fill(ids, paddingId);
        for (var b = 0; b < batch.Length; b++)
        {
            var rowIds = tokenIds[batch[b]];
            for (var t = 0; t < rowIds.Length; t++)
            {
                ids[b * length + t] = rowIds[t];
                mask[b * length + t] = 1;
            }
        }
        return (ids, mask, [batch.Length, length]);
    }
}
