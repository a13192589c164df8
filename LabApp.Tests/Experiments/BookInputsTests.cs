using System.Text.Json;
using LabApp.Core.Experiments;

namespace LabApp.Tests.Experiments;

/// <summary>The lab's copy of the notebook's inputs is the book's own: <c>../shared/book/medium-task-inputs.json</c>.</summary>
public sealed class BookInputsTests
{
    private static readonly JsonElement Book = JsonDocument.Parse(
        File.ReadAllText(Path.Combine(RepositoryPaths.Root, "..", "shared", "book", "medium-task-inputs.json"))).RootElement;

    private static string[] Texts(string name) => Book.GetProperty(name).EnumerateArray().Select(e => e.GetString()!).ToArray();

    [Fact]
    public void Every_list_is_the_books_to_the_character()
    {
        Assert.Equal(Texts("mt1_reviews"), BookInputs.CustomLabelsReviews);
        Assert.Equal(Texts("mt1_labels5"), BookInputs.FiveLevels);
        Assert.Equal(Texts("mt1_labels6"), BookInputs.SixLevels);
        Assert.Equal(Texts("mt3_reviews"), BookInputs.ConfidenceReviews.Select(r => r.Text));
        Assert.Equal(Book.GetProperty("mt3_truth").EnumerateArray().Select(e => e.GetInt32()), BookInputs.ConfidenceReviews.Select(r => r.True));
        Assert.Equal(Texts("mt3_labels"), BookInputs.ConfidenceLabels);
        Assert.Equal(Book.GetProperty("mt3_thresholds").EnumerateArray().Select(e => e.GetDouble()), BookInputs.ConfidenceThresholds);
        Assert.Equal(
            Book.GetProperty("mt4_edge_cases").EnumerateArray().Select(e => (e[0].GetString()!, e[1].GetString()!, e[2].GetInt32())),
            BookInputs.EdgeCases.Select(c => (c.Category, c.Text, c.Expected)));
        Assert.Equal(Texts("zero_shot_labels"), BookInputs.ZeroShotLabels);
        Assert.Equal(Texts("zero_shot_tip_labels"), BookInputs.ZeroShotTipLabels);
    }
}
