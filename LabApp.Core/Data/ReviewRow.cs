namespace LabApp.Core.Data;

/// <summary>One review of a split with its row index, as the data page lists it.</summary>
public sealed record ReviewRow(int Index, string Text, int Label)
{
    public string LabelName => NameOf(Label);

    public static string NameOf(int label) => label == 1 ? "positive" : "negative";

    /// <summary>The reviews containing <paramref name="query"/> (case-insensitive; all when blank), in row order.</summary>
    public static IReadOnlyList<ReviewRow> Search(ReviewSplit split, string? query)
    {
        var rows = new List<ReviewRow>();
        for (var i = 0; i < split.Count; i++)
        {
            if (string.IsNullOrWhiteSpace(query) || split.Texts[i].Contains(query.Trim(), StringComparison.OrdinalIgnoreCase))
                rows.Add(new ReviewRow(i, split.Texts[i], split.Labels[i]));
        }

        return rows;
    }

    /// <summary><c>split.shuffle(seed=seed).select(range(take))</c>: the book's subset, each review with its row in the split.</summary>
    public static IReadOnlyList<ReviewRow> SeededSubset(ReviewSplit split, int take, ulong seed) =>
        split.SeededSubset(take, seed).Select(i => new ReviewRow(i, split.Texts[i], split.Labels[i])).ToArray();
}
