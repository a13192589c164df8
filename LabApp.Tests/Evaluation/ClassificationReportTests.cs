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

        var report = ClassificationReport.Create(expected.YTrue, expected.YPred, targetNames: expected.TargetNames, digits: expected.Digits);

        Assert.Equal(expected.Report, report.ToString());
    }

    [Theory]
    [MemberData(nameof(CaseNames))]
    public void Metrics_AreScikitLearnsToTheBit(string name)
    {
        var expected = Case(name);

        var labels = ClassificationMetrics.LabelsOf(expected.YTrue, expected.YPred);
        var perClass = ClassificationMetrics.PerClass(expected.YTrue, expected.YPred, labels);
        var report = ClassificationReport.Create(expected.YTrue, expected.YPred);

        Assert.Equal(expected.Labels, labels);
        Assert.Equal(expected.Precision, perClass.Select(c => c.Precision));
        Assert.Equal(expected.Recall, perClass.Select(c => c.Recall));
        Assert.Equal(expected.F1, perClass.Select(c => c.F1));
        Assert.Equal(expected.Support, perClass.Select(c => c.Support));
        Assert.Equal(expected.Accuracy, ClassificationMetrics.Accuracy(expected.YTrue, expected.YPred));
        Assert.Equal(expected.Macro, Triple(report.MacroAverage));
        Assert.Equal(expected.Weighted, Triple(report.WeightedAverage));
        Assert.Equal(expected.F1Macro, ClassificationMetrics.F1(expected.YTrue, expected.YPred, Average.Macro));
        Assert.Equal(expected.F1Weighted, ClassificationMetrics.F1(expected.YTrue, expected.YPred, Average.Weighted));
        if (expected.F1Binary is { } f1Binary && expected.Labels.Contains(1))
            Assert.Equal(f1Binary, ClassificationMetrics.F1(expected.YTrue, expected.YPred, Average.Binary));
    }

    [Theory]
    [MemberData(nameof(CaseNames))]
    public void ConfusionMatrix_IsScikitLearns(string name)
    {
        var expected = Case(name);

        var matrix = ClassificationMetrics.ConfusionMatrix(expected.YTrue, expected.YPred, expected.Labels);

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

        var report = ClassificationReport.Create(ties.YTrue, ties.YPred, targetNames: ties.TargetNames);

        Assert.Equal(0.125, report.Classes[0].Precision);
        Assert.Equal(0.375, report.Classes[3].Recall);
        Assert.Contains("           w       0.12", report.ToString());
        Assert.Contains("           z       1.00      0.38", report.ToString());
    }

    [Fact]
    public void Create_WithWrongNumberOfNames_SaysHowManyClasses()
    {
        var error = Assert.Throws<ArgumentException>(() => ClassificationReport.Create([0, 1, 2], [0, 1, 1], targetNames: ["Negative Review", "Positive Review"]));

        Assert.Contains("2 class names for 3 labels", error.Message);
    }

    [Fact]
    public void Metrics_WithDifferentLengths_SayBothCounts()
    {
        var error = Assert.Throws<ArgumentException>(() => ClassificationMetrics.Accuracy([0, 1, 1], [0, 1]));

        Assert.Contains("3 true labels but 2 predictions", error.Message);
    }

    [Fact]
    public void A_label_set_that_misses_a_class_prints_the_micro_average_as_scikit_learn_does()
    {
        var report = ClassificationReport.Create([0, 1, 1], [0, 1, 0], labels: [0, 1, 2], targetNames: ["a", "b", "c"]);

        Assert.False(report.MicroIsAccuracy);
        Assert.Contains("   micro avg       0.67      0.67      0.67         3", report.ToString());
        Assert.DoesNotContain("accuracy", report.ToString());
    }

    [Fact]
    public void Binary_F1_without_the_positive_label_says_so()
    {
        var error = Assert.Throws<ArgumentException>(() => ClassificationMetrics.F1([0, 2, 2], [0, 2, 0], Average.Binary));

        Assert.Contains("positive label 1", error.Message);
    }

    private static ReportCase Case(string name) => Cases.Single(c => c.Name == name);

    private static double[] Triple(ClassScores scores) => [scores.Precision, scores.Recall, scores.F1];

    private sealed record ReportFixture(ReportCase[] Cases);

    private sealed record ReportCase(
        string Name, int[] YTrue, int[] YPred, string[]? TargetNames, int Digits, string Report,
        int[] Labels, double[] Precision, double[] Recall, double[] F1, int[] Support,
        double Accuracy, double[] Macro, double[] Weighted, double F1Macro, double F1Weighted, double? F1Binary,
        int[][] ConfusionMatrix);
}
