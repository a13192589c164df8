using LabApp.Core.Classifiers;
using LabApp.Core.Data;
using LabApp.Core.Inference;
using LabApp.Core.Models;

namespace LabApp.Core.Experiments;

/// <summary>How sure the zero-shot choice of a label is, read off the margin between the best and second-best label.</summary>
public enum Certainty
{
    Confident,
    Uncertain,
    VeryUncertain,
}

/// <summary>One review's zero-shot choice: the best and second-best label, their similarities and the margin between them.</summary>
public sealed record LabelChoice(string Review, string BestLabel, double BestScore, string SecondLabel, double SecondScore, bool WasTruncated)
{
    public double Margin => BestScore - SecondScore;

    public Certainty Certainty => CustomLabelsExperiment.CertaintyOf(Margin);
}

/// <summary>Two labels of the set and how similar their descriptions are; too similar labels compete for the same reviews.</summary>
public sealed record LabelPair(string First, string Second, double Similarity)
{
    public bool TooSimilar => Similarity > LabelSimilarityMatrix.TooSimilar;
}

/// <summary>Cosine similarity of every label description with every other, and the pairs from most to least similar.</summary>
public sealed class LabelSimilarityMatrix
{
    /// <summary>Above this, two descriptions say nearly the same thing to the embedding model.</summary>
    public const double TooSimilar = 0.7;

    private LabelSimilarityMatrix(IReadOnlyList<string> labels, SimilarityMatrix similarities, IReadOnlyList<LabelPair> pairs)
    {
        Labels = labels;
        Similarities = similarities;
        Pairs = pairs;
    }

    public IReadOnlyList<string> Labels { get; }

    public SimilarityMatrix Similarities { get; }

    /// <summary>Every unordered pair of labels, most similar first (ties in the order the labels are listed, as the book's stable sort).</summary>
    public IReadOnlyList<LabelPair> Pairs { get; }

    /// <summary>The most similar pairs, as many as the book prints.</summary>
    public IReadOnlyList<LabelPair> TopPairs => Pairs.Take(PairsShown).ToArray();

    /// <summary>The book prints the ten most similar pairs.</summary>
    public const int PairsShown = 10;

    public static LabelSimilarityMatrix Of(IReadOnlyList<string> labels, EmbeddingMatrix labelEmbeddings)
    {
        var similarities = SimilarityMatrix.Cosine(labelEmbeddings, labelEmbeddings);
        var pairs = new List<LabelPair>();
        for (var a = 0; a < labels.Count; a++)
        {
            for (var b = a + 1; b < labels.Count; b++)
                pairs.Add(new LabelPair(labels[a], labels[b], similarities[a, b]));
        }

        return new LabelSimilarityMatrix(labels, similarities, pairs.OrderByDescending(p => p.Similarity).ToArray());
    }
}

/// <summary>What the student's reviews and labels gave: the reviews × labels similarities, each review's choice and the labels' own similarities.</summary>
public sealed record CustomLabelsResult(
    IReadOnlyList<string> Reviews,
    IReadOnlyList<string> Labels,
    SimilarityMatrix Similarities,
    IReadOnlyList<LabelChoice> Choices,
    LabelSimilarityMatrix LabelSimilarities)
{
    /// <summary>The choice made for <paramref name="review"/>, or null when this result has no such review (it was typed since).</summary>
    public LabelChoice? ChoiceFor(string review) => Choices.FirstOrDefault(c => c.Review == review);
}

/// <summary>
/// A result kept under a name, so the student can compare it with a later label set: its labels and each review's
/// choice, all a comparison reads (and small enough for the student's workbook).
/// </summary>
public sealed record CustomLabelsSnapshot(string Name, IReadOnlyList<string> Labels, IReadOnlyList<LabelChoice> Choices)
{
    public static CustomLabelsSnapshot Of(string name, CustomLabelsResult result) => new(name, result.Labels, result.Choices);
}

/// <summary>How one review's choice moved between two label sets.</summary>
public sealed record ReviewShift(string Review, string LabelBefore, double MarginBefore, string LabelAfter, double MarginAfter)
{
    public bool Switched => LabelBefore != LabelAfter;

    public double MarginChange => MarginAfter - MarginBefore;

    public Certainty CertaintyBefore => CustomLabelsExperiment.CertaintyOf(MarginBefore);

    public Certainty CertaintyAfter => CustomLabelsExperiment.CertaintyOf(MarginAfter);
}

/// <summary>
/// Before against after: labels added and removed, every review present in both, and the reviews typed since (which
/// have no "before"). The book's questions: did reviews switch to the new category, and did it create more uncertainty
/// or resolve confusion?
/// </summary>
public sealed record CustomLabelsComparison(
    IReadOnlyList<string> AddedLabels, IReadOnlyList<string> RemovedLabels, IReadOnlyList<ReviewShift> Reviews, IReadOnlyList<string> NewReviews)
{
    public int SwitchedCount => Reviews.Count(r => r.Switched);

    /// <summary>Reviews that now go to a label the earlier set did not have.</summary>
    public int SwitchedToAddedCount => Reviews.Count(r => r.Switched && AddedLabels.Contains(r.LabelAfter));

    /// <summary>Reviews flagged uncertain or very uncertain before (margin below <see cref="CustomLabelsExperiment.UncertainBelow"/>).</summary>
    public int UncertainBefore => Reviews.Count(r => r.CertaintyBefore != Certainty.Confident);

    public int UncertainAfter => Reviews.Count(r => r.CertaintyAfter != Certainty.Confident);

    public int VeryUncertainBefore => Reviews.Count(r => r.CertaintyBefore == Certainty.VeryUncertain);

    public int VeryUncertainAfter => Reviews.Count(r => r.CertaintyAfter == Certainty.VeryUncertain);
}

/// <summary>A label set the student can start from with one click.</summary>
public sealed record LabelPreset(string Name, IReadOnlyList<string> Labels);

/// <summary>Problems with the student's input, each meant to be shown beside the box it is about; null where there is none.</summary>
public sealed record CustomLabelsProblems(string? Reviews, string? Labels)
{
    public bool Any => Reviews is not null || Labels is not null;
}

/// <summary>What the student chose on task 1: the embedding model, the reviews and the label descriptions.</summary>
public sealed record CustomLabelsInputs(string ModelId, IReadOnlyList<string> Reviews, IReadOnlyList<string> Labels)
{
    /// <summary>How the page opens: the book's eight reviews and its five sentiment levels.</summary>
    public static CustomLabelsInputs Default { get; } = new(ModelCatalog.MiniLmId, BookInputs.CustomLabelsReviews, BookInputs.FiveLevels);
}

/// <summary>
/// Medium task 1: the student's own label descriptions as zero-shot classes for a handful of reviews.
/// Shows which label wins each review, by how much, and which labels are so alike that they split the same reviews.
/// </summary>
public static class CustomLabelsExperiment
{
    /// <summary>Below this margin the top two labels are practically tied.</summary>
    public const double VeryUncertainBelow = 0.05;

    /// <summary>Below this margin the choice could flip with a small rewording of a label.</summary>
    public const double UncertainBelow = 0.15;

    /// <summary>Six levels without a neutral middle, so every review must lean one way.</summary>
    public static IReadOnlyList<string> NoNeutralLevels { get; } =
        ["very negative sentiment", "negative sentiment", "slightly negative sentiment", "slightly positive sentiment", "positive sentiment", "very positive sentiment"];

    /// <summary>The book's two label sets first (the task's before and after), then two of the lab's own.</summary>
    public static IReadOnlyList<LabelPreset> Presets { get; } =
    [
        new("Book: 5 levels", BookInputs.FiveLevels),
        new("Book: 6 levels", BookInputs.SixLevels),
        new("Zero-shot: 2 labels", BookInputs.ZeroShotLabels),
        new("6 levels, no neutral", NoNeutralLevels),
    ];

    public static Certainty CertaintyOf(double margin) => margin switch
    {
        < VeryUncertainBelow => Certainty.VeryUncertain,
        < UncertainBelow => Certainty.Uncertain,
        _ => Certainty.Confident,
    };

    /// <summary>The flag as the lab writes it (the page's chip, the run log, <c>--json</c>).</summary>
    public static string NameOf(Certainty certainty) => certainty switch
    {
        Certainty.VeryUncertain => "very uncertain",
        Certainty.Uncertain => "uncertain",
        _ => "confident",
    };

    public static CustomLabelsProblems Check(IReadOnlyList<string> reviews, IReadOnlyList<string> labels) =>
        new(CheckReviews(reviews), ZeroShotClassifier.Validate(labels));

    /// <summary>The experiment itself, on embeddings already computed: row <c>i</c> of each matrix belongs to text <c>i</c>.</summary>
    public static CustomLabelsResult Run(
        IReadOnlyList<string> reviews,
        IReadOnlyList<string> labels,
        EmbeddingMatrix reviewEmbeddings,
        EmbeddingMatrix labelEmbeddings,
        IReadOnlyList<bool> truncated)
    {
        var similarities = SimilarityMatrix.Cosine(reviewEmbeddings, labelEmbeddings);
        var choices = new LabelChoice[reviews.Count];
        for (var r = 0; r < reviews.Count; r++)
        {
            var (best, second) = similarities.TopTwo(r);
            choices[r] = new LabelChoice(reviews[r], labels[best], similarities[r, best], labels[second], similarities[r, second], truncated[r]);
        }

        return new CustomLabelsResult(reviews, labels, similarities, choices, LabelSimilarityMatrix.Of(labels, labelEmbeddings));
    }

    /// <summary>Which reviews changed label and how their margins moved from <paramref name="before"/> to <paramref name="after"/>.</summary>
    public static CustomLabelsComparison Compare(CustomLabelsSnapshot before, CustomLabelsSnapshot after)
    {
        var earlier = before.Choices.GroupBy(c => c.Review).ToDictionary(g => g.Key, g => g.First());
        var shifts = after.Choices
            .Where(c => earlier.ContainsKey(c.Review))
            .Select(c => new ReviewShift(c.Review, earlier[c.Review].BestLabel, earlier[c.Review].Margin, c.BestLabel, c.Margin))
            .ToArray();
        var added = after.Choices.Select(c => c.Review).Where(r => !earlier.ContainsKey(r)).Distinct().ToArray();
        return new CustomLabelsComparison(after.Labels.Except(before.Labels).ToArray(), before.Labels.Except(after.Labels).ToArray(), shifts, added);
    }

    /// <summary>The reviews' problem (none, an empty one, one too long), or null when they can be classified.</summary>
    public static string? CheckReviews(IReadOnlyList<string> reviews)
    {
        if (reviews.Count == 0)
            return "Add at least one review to classify.";
        for (var i = 0; i < reviews.Count; i++)
        {
            if (TypedText.IsBlank(reviews[i]))
                return $"Review {i + 1} is empty: type a review or remove it.";
            if (reviews[i].Length > TypedText.MaxCharacters)
                return $"Review {i + 1} has more than {TypedText.MaxCharacters:N0} characters: shorten it.";
        }

        return null;
    }
}
