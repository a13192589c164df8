using System.Text.Json.Serialization;
using LabApp.Core.Evaluation;
using LabApp.Core.Experiments;

namespace LabApp.Headless;

/// <summary>
/// The JSON shape of <c>run --json</c>: the metrics, the report's rows, every prediction over the test split, and for a
/// classifier with a confidence its selective prediction (and, with probabilities, calibration; for logistic regression
/// the temperature fitted on the validation split).
/// </summary>
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
    [JsonPropertyName("confidence")]
    public string Confidence { get; init; } = "";

    [JsonPropertyName("selective"), JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)]
    public SelectiveJson? Selective { get; init; }

    [JsonPropertyName("calibration"), JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)]
    public CalibrationJson? Calibration { get; init; }

    [JsonPropertyName("temperature"), JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)]
    public TemperatureJson? Temperature { get; init; }

    public static RunJson From(ClassificationRun run, IReadOnlyList<(int Index, string Text)> unparsed)
    {
        var truth = run.Predictions.Select(p => p.True).ToArray();
        var predicted = run.Predictions.Select(p => p.Predicted).ToArray();
        var binary = run.TargetNames.Count == 2 ? ClassificationMetrics.F1(truth, predicted, Average.Binary) as double? : null;
        var reliability = RunReliability.Of(run);
        return new RunJson(
            run.Method,
            run.ModelId,
            run.Report.Accuracy,
            binary,
            run.Report.MacroAverage.F1,
            run.Report.WeightedAverage.F1,
            run.Report.Classes,
            run.Predictions.Select(p => new PredictionJson(p.Index, p.True, p.Predicted, p.Scores)).ToArray(),
            unparsed.Select(u => new UnparsedJson(u.Index, u.Text)).ToArray())
        {
            Confidence = reliability.Confidence switch
            {
                ConfidenceKind.PredictedProbability => "predicted_probability",
                ConfidenceKind.Margin => "margin",
                _ => "none",
            },
            Selective = reliability.Selective is { } s
                ? new SelectiveJson(s.Aurc, s.EAurc, s.AccuracyAt80, s.Curve.Select(p => new CoverageJson(p.Coverage, p.Risk)).ToArray())
                : null,
            Calibration = reliability.Calibration is { } c ? CalibrationJson.Of(c) : null,
        };
    }

    /// <summary><see cref="From(ClassificationRun, IReadOnlyList{ValueTuple{int, string}})"/> with the temperature and the ECE after it.</summary>
    public static RunJson From(CalibratedRun calibrated) => From(calibrated.Run, []) with
    {
        Temperature = new TemperatureJson(calibrated.Temperature, calibrated.Before.Ece, calibrated.After.Ece, CalibrationJson.Of(calibrated.After)),
    };

    internal sealed record PredictionJson(
        [property: JsonPropertyName("index")] int Index,
        [property: JsonPropertyName("true")] int True,
        [property: JsonPropertyName("predicted")] int Predicted,
        [property: JsonPropertyName("scores")] IReadOnlyList<double> Scores);

    internal sealed record UnparsedJson(
        [property: JsonPropertyName("index")] int Index,
        [property: JsonPropertyName("answer")] string Answer);

    internal sealed record SelectiveJson(
        [property: JsonPropertyName("aurc")] double Aurc,
        [property: JsonPropertyName("e_aurc")] double EAurc,
        [property: JsonPropertyName("accuracy_at_80")] double AccuracyAt80,
        [property: JsonPropertyName("curve")] IReadOnlyList<CoverageJson> Curve);

    internal sealed record CoverageJson(
        [property: JsonPropertyName("coverage")] double Coverage,
        [property: JsonPropertyName("risk")] double Risk);

    internal sealed record CalibrationJson(
        [property: JsonPropertyName("bins")] IReadOnlyList<BinJson> Bins,
        [property: JsonPropertyName("ece")] double Ece,
        [property: JsonPropertyName("mce")] double Mce,
        [property: JsonPropertyName("brier")] double Brier)
    {
        public static CalibrationJson Of(CalibrationResult c) =>
            new(c.Bins.Select(b => new BinJson(b.Lower, b.Upper, b.Count, b.MeanPredicted, b.FractionPositive)).ToArray(), c.Ece, c.Mce, c.Brier);
    }

    internal sealed record BinJson(
        [property: JsonPropertyName("lower")] double Lower,
        [property: JsonPropertyName("upper")] double Upper,
        [property: JsonPropertyName("count")] int Count,
        [property: JsonPropertyName("mean_predicted")] double MeanPredicted,
        [property: JsonPropertyName("fraction_positive")] double FractionPositive);

    /// <summary>The temperature fitted on the validation split, the test ECE before and after it, and the calibration after it.</summary>
    internal sealed record TemperatureJson(
        [property: JsonPropertyName("t")] double T,
        [property: JsonPropertyName("ece_before")] double EceBefore,
        [property: JsonPropertyName("ece_after")] double EceAfter,
        [property: JsonPropertyName("calibration_after")] CalibrationJson CalibrationAfter);
}
