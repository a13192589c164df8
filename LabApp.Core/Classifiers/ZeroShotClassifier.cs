using LabApp.Core.Data;
using LabApp.Core.Inference;

namespace LabApp.Core.Classifiers;

/// <summary>
/// Zero-shot classification: the label descriptions are embedded like the reviews, and each review takes
/// the label it is most cosine-similar to. Label <c>i</c> stands for class <c>i</c>.
/// </summary>
public static class ZeroShotClassifier
{
    /// <summary>More classes than any of the chapter's tasks compares (the book's sets have 2, 5 and 6).</summary>
    public const int MostLabels = 20;

    /// <summary>Checks a label set as a student types it; returns the problem, or null when it can be used.</summary>
    public static string? Validate(IReadOnlyList<string> labels)
    {
        if (labels.Count < 2)
            return $"Give at least two label descriptions (there {(labels.Count == 1 ? "is one" : "are none")}).";
        if (labels.Count > MostLabels)
            return $"Give at most {MostLabels} label descriptions (there are {labels.Count}): remove the ones you do not compare.";
        var blank = labels.Select((l, i) => (l, i)).FirstOrDefault(p => TypedText.IsBlank(p.l));
        if (blank.l is not null)
            return $"Label {blank.i + 1} is empty: type a description or remove it.";
        var longest = labels.Select((l, i) => (l, i)).MaxBy(p => p.l.Length);
        if (longest.l.Length > TypedText.MaxCharacters)
            return $"Label {longest.i + 1} has more than {TypedText.MaxCharacters:N0} characters: shorten it.";
        var duplicate = labels.GroupBy(l => l.Trim(), StringComparer.OrdinalIgnoreCase).FirstOrDefault(g => g.Count() > 1);
        if (duplicate is not null)
            return $"\"{duplicate.Key}\" appears twice: each label needs its own description.";
        return null;
    }

    public static SimilarityMatrix Similarities(EmbeddingMatrix reviews, EmbeddingMatrix labels) => SimilarityMatrix.Cosine(reviews, labels);
}
