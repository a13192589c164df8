using LabApp.Core.Evaluation;

namespace LabApp.Tests.Evaluation;

public sealed class ClassificationReportTests
{
    private static readonly IReadOnlyList<ReportCase> Cases = SklearnFixture.Load<ReportFixture>("sklearn_classification_reports.json").Cases;

    public static TheoryData<string> CaseNames => new(Cases.Select(c => c.Name));

    [Theory]
    [MemberData(nameof(CaseNames))]
    public void ToString_IsScikitLearnsText(string name)
    {
        var expected = Case(name);

        var report = ClassificationReport.Create(expected.YTrue, expected.YPred, expected.TargetNames, expected.Digits);

        Assert.Equal(expected.Report, report.ToString());
    }

    [Theory]
    [MemberData(nameof(CaseNames))]
    public void Metrics_AreScikitLearnsToTheBit(string name)
    {
        var expected = Case(name);

        var perClass = ClassificationMetrics.PerClass(expected.YTrue, expected.YPred);

        Assert.Equal(expected.Labels, perClass.Select(c => c.Label));
        Assert.Equal(expected.Precision, perClass.Select(c => c.Precision));
        Assert.Equal(expected.Recall, perClass.Select(c => c.Recall));
        Assert.Equal(expected.F1, perClass.Select(c => c.F1Score));
        Assert.Equal(expected.Support, perClass.Select(c => c.Support));
        Assert.Equal(expected.Accuracy, ClassificationMetrics.Accuracy(expected.YTrue, expected.YPred));
        Assert.Equal(expected.Macro, Triple(ClassificationMetrics.MacroAverage(expected.YTrue, expected.YPred)));
        Assert.Equal(expected.Weighted, Triple(ClassificationMetrics.WeightedAverage(expected.YTrue, expected.YPred)));
        Assert.Equal(expected.F1Macro, ClassificationMetrics.F1Macro(expected.YTrue, expected.YPred));
        Assert.Equal(expected.F1Weighted, ClassificationMetrics.F1Weighted(expected.YTrue, expected.YPred));
        Assert.Equal(expected.Labels.Length <= 2, expected.F1Binary.HasValue);
        if (expected.F1Binary is { } f1Binary)
            Assert.Equal(f1Binary, ClassificationMetrics.F1Binary(expected.YTrue, expected.YPred));
    }

    [Theory]
    [MemberData(nameof(CaseNames))]
    public void ConfusionMatrix_IsScikitLearns(string name)
    {
        var expected = Case(name);

        var matrix = ConfusionMatrix.Create(expected.YTrue, expected.YPred);

        Assert.Equal(expected.Labels, matrix.Labels);
        for (var t = 0; t < expected.Labels.Length; t++)
        {
            for (var p = 0; p < expected.Labels.Length; p++)
                Assert.Equal(expected.ConfusionMatrix[t][p], matrix[t, p]);
        }
    }

    [Fact]
    public void ToString_RoundsExactTiesToEven()
    {
        // Precision of "w" is exactly 1/8 and recall of "z" exactly 3/8: Python prints 0.12 and 0.38.
        var ties = Case("exact ties");

        var report = ClassificationReport.Create(ties.YTrue, ties.YPred, ties.TargetNames);

        Assert.Equal(0.125, report.Classes[0].Precision);
        Assert.Equal(0.375, report.Classes[3].Recall);
        Assert.Contains("           w       0.12", report.ToString());
        Assert.Contains("           z       1.00      0.38", report.ToString());
    }

    [Fact]
    public void Create_WithWrongNumberOfNames_SaysHowManyClasses()
    {
        var error = Assert.Throws<ArgumentException>(() => ClassificationReport.Create([0, 1, 2], [0, 1, 1], ["Negative Review", "Positive Review"]));

        Assert.Contains("2 target names for 3 classes (0, 1, 2)", error.Message);
    }

    [Fact]
    public void Metrics_WithDifferentLengths_SayBothCounts()
    {
        var error = Assert.Throws<ArgumentException>(() => ClassificationMetrics.Accuracy([0, 1, 1], [0, 1]));

        Assert.Contains("3 true labels but 2 predictions", error.Message);
    }

    [Fact]
    public void Metrics_WithNoRows_SayThereIsNothingToScore()
    {
        var error = Assert.Throws<ArgumentException>(() => ConfusionMatrix.Create([], []));

        Assert.Contains("no rows", error.Message);
    }

    [Fact]
    public void F1Binary_WithThreeClasses_PointsToTheAverages()
    {
        var error = Assert.Throws<ArgumentException>(() => ClassificationMetrics.F1Binary([0, 1, 2], [0, 1, 1]));

        Assert.Contains("use F1Macro or F1Weighted", error.Message);
    }

    private static ReportCase Case(string name) => Cases.Single(c => c.Name == name);

    private static double[] Triple(AveragedScores scores) => [scores.Precision, scores.Recall, scores.F1Score];

    private sealed record ReportFixture(ReportCase[] Cases);

    private sealed record ReportCase(
        string Name, int[] YTrue, int[] YPred, string[]? TargetNames, int Digits, string Report,
        int[] Labels, double[] Precision, double[] Recall, double[] F1, int[] Support,
        double Accuracy, double[] Macro, double[] Weighted, double F1Macro, double F1Weighted, double? F1Binary,
        int[][] ConfusionMatrix);
}
