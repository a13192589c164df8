using System.Globalization;
using System.Text;
using System.Text.Json;
using System.Text.Json.Serialization;
using LabApp.Core.Experiments;

namespace LabApp.Headless;

/// <summary><c>run checklist</c>'s output: the failure-rate matrix as text, or every test and case as JSON.</summary>
internal static class ChecklistPrintout
{
    /// <summary>How a <c>--suite-file</c> is read: the suite's JSON as the lab writes it, test types by name.</summary>
    public static readonly JsonSerializerOptions SuiteJson = new() { PropertyNameCaseInsensitive = true, Converters = { new JsonStringEnumConverter() } };

    /// <summary>Capabilities down, classifiers across, each cell the share of failed cases (failed/total), then what was not tested.</summary>
    public static string Text(ChecklistReport report)
    {
        var text = new StringBuilder();
        var width = Math.Max(10, report.Capabilities.Max(c => c.Length));
        text.Append("capability".PadRight(width)).Append("  type");
        foreach (var classifier in report.Classifiers)
            text.Append("  ").Append(classifier.PadLeft(16));
        text.AppendLine();
        foreach (var capability in report.Capabilities)
        {
            var type = report.Tests.First(t => t.Capability == capability).Type;
            text.Append(capability.PadRight(width)).Append("  ").Append(type.ToString().PadRight(4));
            foreach (var classifier in report.Classifiers)
            {
                var result = report.At(capability, classifier)!;
                text.Append("  ").Append(string.Create(CultureInfo.InvariantCulture, $"{result.FailureRate * 100,5:0.0}% ({result.Failed}/{result.Total})").PadLeft(16));
            }

            text.AppendLine();
        }

        foreach (var absent in report.Absent)
            text.AppendLine(absent);
        return text.ToString();
    }

    public static ChecklistJson JsonOf(ChecklistReport report) => new(
        report.Tests.Select(t => new ChecklistJson.TestJson(t.Capability, t.Type.ToString(), t.Classifier, t.Total, t.Failed, t.FailureRate,
            t.Cases.Select(c => new ChecklistJson.CaseJson(c.Text, c.Original, c.Expected, c.Predicted, c.Passed)).ToArray())).ToArray(),
        report.Absent);
}

/// <summary>
/// <c>run checklist --json</c>: one entry per test and classifier. For an MFT <c>expected</c> is the template's label;
/// for an INV the original sentence's prediction; for a DIR "≤" the original's positive score, and <c>predicted</c> the
/// changed sentence's score. <c>original</c> is the sentence before the change (null for an MFT).
/// </summary>
internal sealed record ChecklistJson(
    [property: JsonPropertyName("tests")] IReadOnlyList<ChecklistJson.TestJson> Tests,
    [property: JsonPropertyName("not_tested")] IReadOnlyList<string> NotTested)
{
    internal sealed record TestJson(
        [property: JsonPropertyName("capability")] string Capability,
        [property: JsonPropertyName("type")] string Type,
        [property: JsonPropertyName("classifier")] string Classifier,
        [property: JsonPropertyName("total")] int Total,
        [property: JsonPropertyName("failed")] int Failed,
        [property: JsonPropertyName("failure_rate")] double FailureRate,
        [property: JsonPropertyName("cases")] IReadOnlyList<CaseJson> Cases);

    internal sealed record CaseJson(
        [property: JsonPropertyName("text")] string Text,
        [property: JsonPropertyName("original")] string? Original,
        [property: JsonPropertyName("expected")] string Expected,
        [property: JsonPropertyName("predicted")] string Predicted,
        [property: JsonPropertyName("passed")] bool Passed);
}
