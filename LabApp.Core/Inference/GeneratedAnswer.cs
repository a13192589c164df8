namespace LabApp.Core.Inference;

/// <summary>What the generative model wrote for one review, and the two ways of reading it as a label.</summary>
public sealed record GeneratedAnswer(string Text)
{
    /// <summary>The book's reading: <c>0 if text == "negative" else 1</c>, so anything that is not exactly "negative" counts as positive.</summary>
    public int BookLabel => Text == "negative" ? 0 : 1;

    /// <summary>
    /// A strict reading: "positive" → 1, "negative" → 0 after trimming and lower-casing, anything else null (unparsed),
    /// so that answers the model did not give as a label are counted instead of silently called positive.
    /// </summary>
    public int? StrictLabel => Text.Trim().ToLowerInvariant() switch
    {
        "positive" => 1,
        "negative" => 0,
        _ => null,
    };

    public bool IsUnparsed => StrictLabel is null;

    public static int CountUnparsed(IEnumerable<GeneratedAnswer> answers) => answers.Count(a => a.IsUnparsed);
}
