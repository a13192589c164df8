using System.CommandLine.Parsing;
using LabApp.Core.Data;
using LabApp.Core.Experiments;

namespace LabApp.Headless;

/// <summary>
/// <c>--reviews-file F</c>: UTF-8 text, one review per line; blank lines are skipped. For <c>run confidence</c> each line
/// is the true label (0 = negative, 1 = positive), a tab, then the review, as the book's <c>y_true</c> beside its
/// <c>test_reviews</c>. A file that cannot be used is a parse error: one line that says what is wrong and where.
/// </summary>
internal static class ReviewsFile
{
    public static IReadOnlyList<string>? Texts(ArgumentResult result)
    {
        if (Lines(result) is not { } lines)
            return null;
        var texts = lines.Select(l => l.Text).ToArray();
        return Checked(result, texts, CustomLabelsExperiment.CheckReviews(texts));
    }

    public static IReadOnlyList<LabelledReview>? Labelled(ArgumentResult result)
    {
        if (Lines(result) is not { } lines)
            return null;
        var reviews = new List<LabelledReview>();
        foreach (var (number, text) in lines)
        {
            var tab = text.IndexOf('\t');
            if (tab < 0 || text[..tab].Trim() is not ("0" or "1"))
            {
                result.AddError($"--reviews-file {Path(result)}, line {number}: expected 0 or 1 (the true label), a tab, then the review, as \"1<TAB>A fine film\".");
                return null;
            }

            reviews.Add(new LabelledReview(text[(tab + 1)..], text[..tab].Trim() == "1" ? 1 : 0));
        }

        return Checked(result, reviews, ConfidenceExperiment.Check(reviews));
    }

    private static T? Checked<T>(ArgumentResult result, T reviews, string? problem) where T : class
    {
        if (problem is null)
            return reviews;
        result.AddError($"--reviews-file {Path(result)}: {problem}");
        return null;
    }

    private static IReadOnlyList<(int Number, string Text)>? Lines(ArgumentResult result)
    {
        var path = Path(result);
        if (!File.Exists(path))
        {
            result.AddError($"--reviews-file {path}: no such file; give a text file with one review per line.");
            return null;
        }

        string[] read;
        try
        {
            read = File.ReadAllLines(path);
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            result.AddError($"--reviews-file {path} could not be read: {e.Message}");
            return null;
        }

        var lines = read.Select((text, i) => (Number: i + 1, Text: text)).Where(l => !TypedText.IsBlank(l.Text)).ToArray();
        if (lines.Length > 0)
            return lines;
        result.AddError($"--reviews-file {path} has no reviews: give one review per line.");
        return null;
    }

    private static string Path(ArgumentResult result) => result.Tokens.Count > 0 ? result.Tokens[0].Value : "";
}
