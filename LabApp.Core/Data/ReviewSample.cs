namespace LabApp.Core.Data;

/// <summary>Some reviews of a split: <see cref="Indices"/> are their row positions in it, in the order they were taken.</summary>
public sealed record ReviewSample(ReviewSplit Split, IReadOnlyList<int> Indices)
{
    public int Count => Indices.Count;

    public IReadOnlyList<string> Texts { get; } = Indices.Select(i => Split.Texts[i]).ToArray();

    public IReadOnlyList<int> Labels { get; } = Indices.Select(i => Split.Labels[i]).ToArray();

    /// <summary><c>split.shuffle(seed).select(range(size))</c>, or the whole split in row order when <paramref name="size"/> is null.</summary>
    public static ReviewSample Of(ReviewSplit split, int? size, ulong seed) =>
        new(split, size is { } n ? split.SeededSubset(n, seed) : Enumerable.Range(0, split.Count).ToArray());
}
