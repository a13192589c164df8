using LabApp.Core.Classifiers;

namespace LabApp.Core.Experiments;

/// <summary>
/// The chapter notebook's own inputs to its Medium Tasks and its zero-shot section, as its cells type them: the lab's
/// defaults and its "Book" presets, so a student with the notebook open beside the lab starts from the same place.
/// </summary>
public static class BookInputs
{
    /// <summary>Medium Task 1: the eight reviews to classify into custom sentiment levels.</summary>
    public static IReadOnlyList<string> CustomLabelsReviews { get; } =
    [
        "This is the best movie I've ever seen! Absolute masterpiece!",
        "Pretty good movie, I enjoyed it",
        "It was okay, nothing special",
        "Not great, pretty disappointing",
        "Absolutely terrible, worst movie ever",
        "Amazing performances and stunning visuals!",
        "Mediocre at best",
        "Quite bad, wouldn't recommend",
    ];

    /// <summary>Medium Task 1: the five sentiment levels.</summary>
    public static IReadOnlyList<string> FiveLevels { get; } =
    [
        "extremely negative sentiment",
        "somewhat negative sentiment",
        "neutral sentiment",
        "somewhat positive sentiment",
        "extremely positive sentiment",
    ];

    /// <summary>Medium Task 1: six levels, "very positive sentiment" between somewhat and extremely positive.</summary>
    public static IReadOnlyList<string> SixLevels { get; } =
    [
        "extremely negative sentiment",
        "somewhat negative sentiment",
        "neutral sentiment",
        "somewhat positive sentiment",
        "very positive sentiment",
        "extremely positive sentiment",
    ];

    /// <summary>Medium Task 3: the eight reviews whose confidence is examined, and their true labels (1 = positive).</summary>
    public static IReadOnlyList<(string Text, int True)> ConfidenceReviews { get; } =
    [
        ("Absolutely fantastic! Best movie ever!", 1),
        ("Pretty good, I liked it", 1),
        ("It was fine, nothing special", 0),
        ("Not bad but not great either", 0),
        ("Quite disappointing", 0),
        ("Terrible! Complete waste of time!", 0),
        ("The movie had some interesting moments", 1),
        ("Outstanding performances all around!", 1),
    ];

    /// <summary>Medium Task 3: the label descriptions.</summary>
    public static IReadOnlyList<string> ConfidenceLabels { get; } =
    [
        "A negative movie review",
        "A positive movie review",
    ];

    /// <summary>Medium Task 3: the thresholds of its experiment log.</summary>
    public static IReadOnlyList<double> ConfidenceThresholds { get; } = [0.05, 0.15, 0.3, 0.5];

    /// <summary>Medium Task 4: the six edge cases as (category, text, expected label).</summary>
    public static IReadOnlyList<(string Category, string Text, int Expected)> EdgeCases { get; } =
    [
        ("Sarcastic", "Oh great, another masterpiece. NOT!", 0),
        ("Mixed", "The acting was great but the plot was terrible", 0),
        ("Backhanded", "Not as bad as I expected", 1),
        ("Double negative", "Not unwatchable", 1),
        ("Very short", "Boring", 0),
        ("Ambiguous", "It was a movie", 0),
    ];

    /// <summary>
    /// Medium Tasks 2 and 4: <c>LogisticRegression(random_state=42, max_iter=1000)</c>. The random state takes no part
    /// in scikit-learn's lbfgs solver, so only the iteration limit differs from the defaults.
    /// </summary>
    public static LogisticRegressionOptions MediumTaskClassifier { get; } = new(MaxIter: 1000);

    /// <summary>The zero-shot section's label descriptions.</summary>
    public static IReadOnlyList<string> ZeroShotLabels { get; } =
    [
        "A negative review",
        "A positive review",
    ];

    /// <summary>The zero-shot section's tip: more specific descriptions.</summary>
    public static IReadOnlyList<string> ZeroShotTipLabels { get; } =
    [
        "A very negative movie review",
        "A very positive movie review",
    ];
}
