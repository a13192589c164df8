using System.Text.Json.Serialization;
using LabApp.Core.Evaluation;
using LabApp.Core.Experiments;

namespace LabApp.Headless;

/// <summary>The JSON shape of <c>run --json</c>: the metrics, the report's rows and every prediction over the test split.</summary>
internal sealed record RunJson(
    [property: JsonPropertyName("method")] string Method,
    [property: JsonPropertyName("model")] string Model,
    [property: JsonPropertyName("accuracy")] double Accuracy,
    [property: JsonPropertyName("f1_binary")] double? F1Binary,
    [property: JsonPropertyName("f1_macro")] double F1Macro,
    [property: JsonPropertyName("f1_weighted")] double F1Weighted,
    [property: JsonPropertyName("classes")] IReadOnlyList<ClassScores> Classes,
    [property: JsonPropertyName("predictions")] IReadOnlyList<RunJson.PredictionJson> Predictions,
    [property: JsonPropertyName("unparsed")] IReadOnlyList<RunJson.UnparsedJson> Unparsed)
{
    public static RunJson From(ClassificationRun run, IReadOnlyList<(int Index, string Text)> unparsed)
    {
        var truth = run.Predictions.Select(p => p.True).ToArray();
        var predicted = run.Predictions.Select(p => p.Predicted).ToArray();
        var binary = run.TargetNames.Count == 2 ? ClassificationMetrics.F1(truth, predicted, Average.Binary) as double? : null;
        return new RunJson(
            run.Method,
            run.ModelId,
            run.Report.Accuracy,
            binary,
            run.Report.MacroAverage.F1,
            run.Report.WeightedAverage.F1,
            run.Report.Classes,
            run.Predictions.Select(p => new PredictionJson(p.Index, p.True, p.Predicted, p.Scores)).ToArray(),
            unparsed.Select(u => new UnparsedJson(u.Index, u.Text)).ToArray());
    }

    internal sealed record PredictionJson(
        [property: JsonPropertyName("index")] int Index,
        [property: JsonPropertyName("true")] int True,
        [property: JsonPropertyName("predicted")] int Predicted,
        [property: JsonPropertyName("scores")] IReadOnlyList<double> Scores);

    internal sealed record UnparsedJson(
        [property: JsonPropertyName("index")] int Index,
        [property: JsonPropertyName("answer")] string Answer);
}
