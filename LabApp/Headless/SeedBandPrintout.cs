using System.CommandLine;
using System.Text;
using System.Text.Json.Serialization;
using LabApp.Core.Experiments;
using static LabApp.Core.Experiments.BookFormat;

namespace LabApp.Headless;

/// <summary><c>run limited-data --seeds 42,0,1,2,3</c>: the learning curve per seed, and per size the mean and sample standard deviation.</summary>
internal static class SeedBandPrintout
{
    public static Option<string?> Option()
    {
        var seeds = new Option<string?>("--seeds") { Description = "Seeds for a learning curve with a band, as 42,0,1,2,3: per size the mean and sample standard deviation (ddof=1) of weighted F1." };
        seeds.Validators.Add(r =>
        {
            if (SeedBand.Parse(r.GetValueOrDefault<string?>()).Problem is { } problem)
                r.AddError($"--seeds: {problem}");
        });
        return seeds;
    }

    public static string Text(SeedBand band)
    {
        var text = new StringBuilder();
        text.AppendBanner($"LEARNING CURVE OVER SEEDS {string.Join(", ", band.Seeds)} (test size {band.TestSize})");
        text.Append("| Train Size | Mean F1 | Std (n-1) | " + string.Join(" | ", band.Seeds.Select(s => $"seed {s}")) + " |\n");
        foreach (var point in band.Points)
        {
            var perSeed = band.Seeds.Select(s => point.PerSeed.Where(p => p.Seed == s).Select(p => Fixed(p.WeightedF1, 4)).DefaultIfEmpty("—").First());
            text.Append($"| {point.TrainSize,-10} | {Fixed(point.Mean, 4)}  | {(point.StandardDeviation is { } sd ? Fixed(sd, 4) : "—"),-9} | {string.Join(" | ", perSeed)} |\n");
        }

        return text.ToString();
    }

    public static Json JsonOf(SeedBand band) => new(
        band.ModelId,
        band.TestSize,
        band.Seeds,
        "sample (ddof=1)",
        band.Points.Select(p => new PointJson(p.TrainSize, p.Mean, p.StandardDeviation, p.PerSeed.Select(s => new SeedJson(s.Seed, s.WeightedF1)).ToArray())).ToArray());

    internal sealed record Json(
        [property: JsonPropertyName("model")] string Model,
        [property: JsonPropertyName("test_size")] int TestSize,
        [property: JsonPropertyName("seeds")] IReadOnlyList<ulong> Seeds,
        [property: JsonPropertyName("std_kind")] string StdKind,
        [property: JsonPropertyName("sizes")] IReadOnlyList<PointJson> Sizes);

    internal sealed record PointJson(
        [property: JsonPropertyName("train_size")] int TrainSize,
        [property: JsonPropertyName("mean")] double Mean,
        [property: JsonPropertyName("std")] double? Std,
        [property: JsonPropertyName("per_seed")] IReadOnlyList<SeedJson> PerSeed);

    internal sealed record SeedJson(
        [property: JsonPropertyName("seed")] ulong Seed,
        [property: JsonPropertyName("f1")] double F1);
}
