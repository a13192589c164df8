namespace LabApp.Core.Data;

/// <summary>One split of the dataset: review texts and their labels (1 = positive, 0 = negative), in the hub's row order.</summary>
public sealed record ReviewSplit(string Name, IReadOnlyList<string> Texts, IReadOnlyList<int> Labels)
{
    public int Count => Texts.Count;

    /// <summary>
    /// <c>split.shuffle(seed=seed).select(range(take))</c> as Hugging Face datasets does it: the row indices, in order.
    /// </summary>
    public IReadOnlyList<int> SeededSubset(int take, ulong seed)
    {
        if (SubsetProblem(take) is { } problem)
            throw new ArgumentException(problem);
        return NumpyRandom.Permutation(Count, seed).AsSpan(0, take).ToArray();
    }

    /// <summary>Why a subset of <paramref name="take"/> reviews cannot be taken, or null when it can: shown beside a size input.</summary>
    public string? SubsetProblem(int take) => take <= 0 || take > Count
        ? $"The {Name} split has {Count} reviews, so a subset of {take} cannot be taken: choose a size from 1 to {Count}."
        : null;
}
