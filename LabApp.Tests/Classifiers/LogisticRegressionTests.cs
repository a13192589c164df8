using LabApp.Core.Classifiers;
using LabApp.Core.Inference;

namespace LabApp.Tests.Classifiers;

public sealed class LogisticRegressionTests
{
    private const string Binary = "sklearn_logistic_binary.json";
    private const string Multinomial = "sklearn_logistic_multinomial.json";

    public static TheoryData<string, int> Fits => new()
    {
        { Binary, 0 }, { Binary, 1 }, { Binary, 2 }, { Binary, 3 },
        { Multinomial, 0 }, { Multinomial, 1 }, { Multinomial, 2 },
    };

    [Theory]
    [MemberData(nameof(Fits))]
    public void Fit_MatchesScikitLearn(string fixtureName, int fitIndex)
    {
        var fixture = SklearnFixture.Load<LogisticFixture>(fixtureName);
        var expected = fixture.Fits[fitIndex];
        var train = fixture.Matrix(fixture.XTrain);
        var test = fixture.Matrix(fixture.XTest);

        var model = LogisticRegression.Fit(train, fixture.YTrain, new LogisticRegressionOptions(expected.C, expected.MaxIter, expected.Tol));

        Assert.Equal(expected.Classes, model.Classes);
        Assert.Equal(expected.Converged, model.Converged);
        // Same optimiser path as SciPy, so the same stopping iteration; ±1 allows for another CPU's SIMD rounding.
        Assert.InRange(model.Iterations, expected.NIter - 1, expected.NIter + 1);
        Assert.Equal(expected.Coef.Length, model.Coefficients.Count);
        for (var k = 0; k < expected.Coef.Length; k++)
        {
            AssertClose(expected.Coef[k], model.Coefficients[k], 1e-4);
            Assert.Equal(expected.Intercept[k], model.Intercepts[k], 1e-4);
        }

        var probabilities = model.PredictProba(test);
        for (var i = 0; i < probabilities.Length; i++)
            AssertClose(expected.PredictProba[i], probabilities[i], 1e-5);
        var predictions = model.Predict(test);
        var agreeing = predictions.Where((label, i) => label == expected.Predict[i]).Count();
        Assert.True(agreeing >= 0.995 * predictions.Length, $"{agreeing} of {predictions.Length} predictions agree with scikit-learn.");
    }

    [Fact]
    public void PredictProba_OfOneRow_SumsToOneAndAgreesWithPredict()
    {
        var fixture = SklearnFixture.Load<LogisticFixture>(Multinomial);
        var test = fixture.Matrix(fixture.XTest);
        var model = LogisticRegression.Fit(fixture.Matrix(fixture.XTrain), fixture.YTrain);

        var probabilities = model.PredictProba(test.Row(0));

        Assert.Equal(1.0, probabilities.Sum(), 1e-12);
        Assert.Equal(model.Classes[Array.IndexOf(probabilities, probabilities.Max())], model.Predict(test.Row(0)));
    }

    [Fact]
    public void Fit_WithOneClass_SaysTwoAreNeeded()
    {
        var x = new EmbeddingMatrix(3, 2, [1, 0, 0, 1, 1, 1]);

        var error = Assert.Throws<ArgumentException>(() => LogisticRegression.Fit(x, [4, 4, 4]));

        Assert.Contains("at least two classes", error.Message);
        Assert.Contains("only class 4", error.Message);
    }

    [Fact]
    public void Fit_WithFewerLabelsThanRows_SaysBothCounts()
    {
        var x = new EmbeddingMatrix(3, 2, [1, 0, 0, 1, 1, 1]);

        var error = Assert.Throws<ArgumentException>(() => LogisticRegression.Fit(x, [0, 1]));

        Assert.Contains("3 embeddings but 2 labels", error.Message);
    }

    [Theory]
    [InlineData(0.0)]
    [InlineData(-1.0)]
    [InlineData(double.NaN)]
    public void Fit_WithNonPositiveC_SaysCMustBePositive(double c)
    {
        var x = new EmbeddingMatrix(2, 1, [0, 1]);

        var error = Assert.Throws<ArgumentException>(() => LogisticRegression.Fit(x, [0, 1], new LogisticRegressionOptions(C: c)));

        Assert.Contains("C must be a positive", error.Message);
    }

    [Fact]
    public void Fit_WithZeroMaxIter_SaysAtLeastOne()
    {
        var x = new EmbeddingMatrix(2, 1, [0, 1]);

        var error = Assert.Throws<ArgumentException>(() => LogisticRegression.Fit(x, [0, 1], new LogisticRegressionOptions(MaxIter: 0)));

        Assert.Contains("MaxIter must be at least 1", error.Message);
    }

    [Fact]
    public void Fit_WithNaN_NamesTheRow()
    {
        var x = new EmbeddingMatrix(2, 2, [0, 1, float.NaN, 1]);

        var error = Assert.Throws<ArgumentException>(() => LogisticRegression.Fit(x, [0, 1]));

        Assert.Contains("row 1", error.Message);
    }

    [Fact]
    public void Predict_WithWrongWidth_SaysBothWidths()
    {
        var model = LogisticRegression.Fit(new EmbeddingMatrix(2, 2, [0, 1, 1, 0]), [0, 1]);

        var error = Assert.Throws<ArgumentException>(() => model.Predict([1f, 2f, 3f]));

        Assert.Contains("2-dimensional", error.Message);
        Assert.Contains("got 3 values", error.Message);
    }

    private static void AssertClose(IReadOnlyList<double> expected, IReadOnlyList<double> actual, double tolerance)
    {
        Assert.Equal(expected.Count, actual.Count);
        var worst = expected.Select((value, j) => Math.Abs(value - actual[j])).Max();
        Assert.True(worst <= tolerance, $"Largest difference from scikit-learn is {worst:E2}, above {tolerance:E0}.");
    }

    private sealed record LogisticFixture(int Dimension, string XTrain, int[] YTrain, string XTest, LogisticFit[] Fits)
    {
        public EmbeddingMatrix Matrix(string base64)
        {
            var values = SklearnFixture.Float32(base64);
            return new EmbeddingMatrix(values.Length / Dimension, Dimension, values);
        }
    }

    private sealed record LogisticFit(
        double C, int MaxIter, double Tol, int NIter, bool Converged, int[] Classes,
        double[][] Coef, double[] Intercept, double[][] PredictProba, int[] Predict);
}
