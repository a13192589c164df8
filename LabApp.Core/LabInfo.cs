using System.Text;
using LabApp.Core.Data;
using LabApp.Core.Hub;
using LabApp.Core.Inference;
using LabApp.Core.Models;
using Microsoft.Extensions.DependencyInjection;

namespace LabApp.Core;

/// <summary>What <c>info</c> prints: where the data is and how big each split is, each model's status, the execution provider.</summary>
public sealed record LabInfo(LabSettings Settings, IReadOnlyList<(string Split, string Source, string Size)> Splits, IReadOnlyList<ModelStatus> Models, InferenceDevice Device)
{
    public static async Task<LabInfo> GatherAsync(IServiceProvider services, CancellationToken cancellationToken)
    {
        var settings = services.GetRequiredService<LabSettings>();
        var dataset = services.GetRequiredService<RottenTomatoes>();
        var splits = new List<(string, string, string)>();
        foreach (var split in RottenTomatoes.SplitNames)
        {
            var source = dataset.Describe(split);
            string size;
            try
            {
                var reviews = await dataset.LoadAsync(split, cancellationToken: cancellationToken);
                size = $"{reviews.Count} reviews ({reviews.Labels.Count(l => l == 1)} positive, {reviews.Labels.Count(l => l == 0)} negative)";
            }
            catch (Exception e) when (e is FileNotFoundException or InvalidDataException or HubException)
            {
                size = $"unavailable: {e.Message}";
            }

            splits.Add((split, source, size));
        }

        var reachable = await services.GetRequiredService<HubReachability>().IsReachableAsync().WaitAsync(cancellationToken);
        var store = services.GetRequiredService<ModelStore>();
        var models = ModelCatalog.All.Select(m => store.StatusOf(m, reachable)).ToArray();
        return new LabInfo(settings, splits, models, services.GetRequiredService<InferenceDevice>());
    }

    public string ToText()
    {
        var text = new StringBuilder();
        text.AppendLine($"data: {Settings.DataDir ?? "not set (LAB_DATA_DIR / --data-dir); Hugging Face cache or hub"}");
        foreach (var (split, source, size) in Splits)
            text.AppendLine($"  {split,-10} {size}").AppendLine($"  {"",-10} {source}");
        text.AppendLine($"models: {Settings.ModelsDir}");
        foreach (var status in Models)
        {
            var size = status.Card.ApproximateBytes > 0 ? $"{status.Card.ApproximateBytes / 1e6:F0} MB" : "-";
            text.AppendLine($"  {status.Card.Id,-50} {status.Availability.ToString().ToLowerInvariant(),-12} {size,8}  {status.Card.Task}")
                .AppendLine($"  {"",-50} {status.Detail}");
        }

        text.AppendLine($"execution provider: {Device.Provider} ({Device.Reason})");
        return text.ToString();
    }
}
