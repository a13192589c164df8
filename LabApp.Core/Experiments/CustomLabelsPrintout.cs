using System.Text;
using static LabApp.Core.Experiments.BookFormat;

namespace LabApp.Core.Experiments;

/// <summary>Medium Task 1's result as the notebook's cell prints it, line for line.</summary>
public static class CustomLabelsPrintout
{
    private const string Warning = "\u26a0\ufe0f";

    public static string Of(CustomLabelsResult result)
    {
        var text = new StringBuilder();
        text.Append(Rule).Append('\n');
        text.Append($"MULTI-CLASS CLASSIFICATION ({result.Labels.Count} categories)\n");
        text.Append(Rule).Append('\n');
        for (var i = 0; i < result.Choices.Count; i++)
        {
            var choice = result.Choices[i];
            text.Append($"\nReview {i + 1}: '{Head(choice.Review, 60)}...'\n");
            text.Append($"  1st: {PadRight(choice.BestLabel, 30)} ({Fixed(choice.BestScore, 3)})\n");
            text.Append($"  2nd: {PadRight(choice.SecondLabel, 30)} ({Fixed(choice.SecondScore, 3)})\n");
            text.Append($"  Margin: {Fixed(choice.Margin, 3)}").Append(Verdict(choice.Certainty)).Append('\n');
        }

        text.Append('\n').Append(Rule).Append('\n');
        text.Append("CATEGORY CONFUSION ANALYSIS\n");
        text.Append(Rule).Append('\n');
        text.Append("How similar are the category descriptions to each other?\n");
        text.Append("(High similarity = easy to confuse)\n\n");
        text.Append($"{PadRight("Category Pair", 60)} {PadRight("Similarity", 12)}\n");
        text.Append(new string('-', 75)).Append('\n');
        foreach (var pair in result.LabelSimilarities.TopPairs)
        {
            var marker = pair.TooSimilar ? Warning + " " : "";
            text.Append($"{marker}{PadRight($"{pair.First} <-> {pair.Second}", 60)} {Fixed(pair.Similarity, 3)}\n");
        }

        return text.ToString();
    }

    private static string Verdict(Certainty certainty) => certainty switch
    {
        Certainty.VeryUncertain => $" {Warning}  VERY UNCERTAIN - almost tied!",
        Certainty.Uncertain => $" {Warning}  Uncertain",
        _ => " \u2713 Confident",
    };
}
