namespace LabApp.Core.Experiments;

/// <summary>One training size over several seeds: the weighted F1 of each, their mean and their sample standard deviation.</summary>
/// <param name="StandardDeviation">The sample standard deviation (n − 1 in the denominator, numpy's <c>std(ddof=1)</c>); null for one seed.</param>
public sealed record SeedBandPoint(int TrainSize, double Mean, double? StandardDeviation, IReadOnlyList<(ulong Seed, double WeightedF1)> PerSeed);

/// <summary>
/// A learning curve with seed variation: for every training size, the weighted F1 of each seed's
/// <c>shuffle(seed)</c> subsets (train and test alike, as the book makes them) and how much they spread.
/// </summary>
public sealed record SeedBand(string ModelId, int TestSize, IReadOnlyList<ulong> Seeds, IReadOnlyList<SeedBandPoint> Points)
{
    /// <summary>The seeds a band starts from: the book's 42 and four more.</summary>
    public static IReadOnlyList<ulong> DefaultSeeds { get; } = [42, 0, 1, 2, 3];

    /// <summary>The band of <paramref name="rows"/> (one per size and seed, one model and test size), smallest size first.</summary>
    public static SeedBand Of(IReadOnlyList<LimitedDataRow> rows)
    {
        if (rows.Count == 0)
            throw new ArgumentException("A seed band needs at least one run.");
        var seeds = rows.Select(r => r.Seed).Distinct().ToArray();
        var points = rows.GroupBy(r => r.TrainSize).OrderBy(g => g.Key).Select(g =>
        {
            var f1 = g.Select(r => r.WeightedF1).ToArray();
            var mean = f1.Sum() / f1.Length;
            double? sd = f1.Length < 2 ? null : Math.Sqrt(f1.Sum(v => (v - mean) * (v - mean)) / (f1.Length - 1));
            return new SeedBandPoint(g.Key, mean, sd, g.Select(r => (r.Seed, r.WeightedF1)).ToArray());
        }).ToArray();
        return new SeedBand(rows[0].Settings.ModelId, rows[0].TestSize, seeds, points);
    }

    /// <summary>"42, 0, 1, 2, 3" as the seeds a student typed; a message saying what is wrong otherwise.</summary>
    public static (IReadOnlyList<ulong> Seeds, string? Problem) Parse(string? text)
    {
        var parts = (text ?? "").Split([',', ' '], StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries);
        if (parts.Length == 0)
            return ([], "Give at least one seed, as 42, 0, 1, 2, 3.");
        var seeds = new List<ulong>();
        foreach (var part in parts)
        {
            if (!ulong.TryParse(part, out var seed) || seed > int.MaxValue)
                return ([], $"'{part}' is not a seed: use whole numbers from 0 to {int.MaxValue}, separated by commas, as 42, 0, 1, 2, 3.");
            if (seeds.Contains(seed))
                return ([], $"Seed {seed} is given twice: give each seed once, as 42, 0, 1, 2, 3.");
            seeds.Add(seed);
        }

        return seeds.Count > MaxSeeds ? ([], $"At most {MaxSeeds} seeds at once.") : (seeds, null);
    }

    /// <summary>At most this many seeds per band: each seed is one fit per training size.</summary>
    public const int MaxSeeds = 20;
}
