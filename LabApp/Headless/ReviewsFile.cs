using System.CommandLine.Parsing;
using LabApp.Core.Data;
using LabApp.Core.Experiments;
using LabApp.Core.Storage;

namespace LabApp.Headless;

/// <summary>
/// <c>--reviews-file F</c>: UTF-8 text, one review per line; blank lines are skipped. For <c>run confidence</c> each line
/// is the true label (0 = negative, 1 = positive), a tab, then the review, as the book's <c>y_true</c> beside its
/// <c>test_reviews</c>. The path is checked as the command line is parsed (a folder, a missing file); the file is read
/// when the command runs, through <see cref="InputFile"/> (bounded, a pipe waited for only until a signal), and a file
/// that cannot be used is one line that says what is wrong and where, with exit code 2.
/// </summary>
internal static class ReviewsFile
{
    /// <summary>Far more reviews than a student labels by hand: the test split has 1,066.</summary>
    public const int MostReviews = 10_000;

    /// <summary>The path's problem as the command line is parsed, before anything is read.</summary>
    public static void CheckPath(OptionResult result)
    {
        if (result.GetValueOrDefault<FileInfo?>() is { } file && InputFile.Problem(file.ToString()) is { } problem)
            result.AddError($"--reviews-file {problem}; give a text file with one review per line.");
    }

    public static async Task<IReadOnlyList<string>> TextsAsync(FileInfo file, TextWriter error, CancellationToken cancellationToken)
    {
        var texts = (await LinesAsync(file, error, cancellationToken)).Select(l => l.Text).ToArray();
        return Checked(file, texts, CustomLabelsExperiment.CheckReviews(texts));
    }

    public static async Task<IReadOnlyList<LabelledReview>> LabelledAsync(FileInfo file, TextWriter error, CancellationToken cancellationToken)
    {
        var reviews = new List<LabelledReview>();
        foreach (var (number, text) in await LinesAsync(file, error, cancellationToken))
        {
            var tab = text.IndexOf('\t');
            if (tab < 0 || text[..tab].Trim() is not ("0" or "1"))
                throw new UsageException($"--reviews-file {file}, line {number}: expected 0 or 1 (the true label), a tab, then the review, as \"1<TAB>A fine film\".");
            reviews.Add(new LabelledReview(text[(tab + 1)..], text[..tab].Trim() == "1" ? 1 : 0));
        }

        return Checked(file, reviews, ConfidenceExperiment.Check(reviews));
    }

    private static T Checked<T>(FileInfo file, T reviews, string? problem) =>
        problem is null ? reviews : throw new UsageException($"--reviews-file {file}: {problem}");

    private static async Task<IReadOnlyList<(int Number, string Text)>> LinesAsync(FileInfo file, TextWriter error, CancellationToken cancellationToken)
    {
        IReadOnlyList<string> read;
        try
        {
            read = await InputFile.ReadLinesAsync(file.ToString(), cancellationToken);
        }
        catch (InputFileException e)
        {
            throw new UsageException($"--reviews-file {e.Message}");
        }

        var lines = read.Select((text, i) => (Number: i + 1, Text: text)).Where(l => !TypedText.IsBlank(l.Text)).ToArray();
        if (lines.Length == 0)
            throw new UsageException($"--reviews-file {file} has no reviews: give one review per line.");
        if (lines.Length > MostReviews)
            throw new UsageException($"--reviews-file {file} has {lines.Length:N0} reviews: give at most {MostReviews:N0} (the test split has 1,066).");
        if (lines.Length > 1000)
            await error.WriteLineAsync($"reading {lines.Length:N0} reviews from {file}: embedding them takes a while");
        return lines;
    }
}
