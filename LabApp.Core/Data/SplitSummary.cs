namespace LabApp.Core.Data;

/// <summary>How many reviews of each label a split has, and how long its reviews are (in words, as a student counts them).</summary>
public sealed record SplitSummary(string Split, int Count, int Negative, int Positive, IReadOnlyList<int> WordCounts)
{
    public static SplitSummary Of(ReviewSplit split) => new(
        split.Name,
        split.Count,
        split.Labels.Count(l => l == 0),
        split.Labels.Count(l => l == 1),
        split.Texts.Select(t => t.Split(' ', StringSplitOptions.RemoveEmptyEntries).Length).ToArray());

    public double PositiveShare => Count == 0 ? 0 : Positive / (double)Count;
}
