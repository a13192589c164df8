namespace LabApp.Core.Data;

/// <summary>How many reviews of each label a split has, and how long its reviews are (in words, as a student counts them).</summary>
public sealed record SplitSummary(string Split, int Count, IReadOnlyList<int> NegativeWordCounts, IReadOnlyList<int> PositiveWordCounts)
{
    public int Negative => NegativeWordCounts.Count;

    public int Positive => PositiveWordCounts.Count;

    public double PositiveShare => Count == 0 ? 0 : Positive / (double)Count;

    /// <summary>The word counts of the reviews with <paramref name="label"/> (0 negative, 1 positive).</summary>
    public IReadOnlyList<int> WordCountsOf(int label) => label == 1 ? PositiveWordCounts : NegativeWordCounts;

    public static SplitSummary Of(ReviewSplit split)
    {
        var words = split.Texts.Select(t => t.Split(' ', StringSplitOptions.RemoveEmptyEntries).Length).ToArray();
        return new SplitSummary(
            split.Name,
            split.Count,
            words.Where((_, i) => split.Labels[i] == 0).ToArray(),
            words.Where((_, i) => split.Labels[i] == 1).ToArray());
    }
}
