namespace LabApp.Core.Classifiers.Llm;

/// <summary>The instruction sent with each review; <see cref="DocumentPlaceholder"/> marks where the review goes.</summary>
public sealed record PromptTemplate
{
    public const string DocumentPlaceholder = "[DOCUMENT]";

    /// <summary>The book's prompt for "ChatGPT as a classifier".</summary>
    public static PromptTemplate Book { get; } = new("""
        Predict whether the following document is a positive or negative movie review:

        [DOCUMENT]

        If it is positive return 1 and if it is negative return 0. Do not give any other answers.
        """);

    private PromptTemplate(string text) => Text = text;

    public string Text { get; }

    /// <summary>Checks a template as a student types it; returns the problem, or null when it can be used.</summary>
    public static string? Validate(string text)
    {
        if (string.IsNullOrWhiteSpace(text))
            return $"The prompt is empty: write the instruction and put {DocumentPlaceholder} where the review goes.";
        if (text.Length > Data.TypedText.MaxCharacters)
            return $"The prompt has more than {Data.TypedText.MaxCharacters:N0} characters: shorten it (the review is added to it in every request).";
        if (!text.Contains(DocumentPlaceholder, StringComparison.Ordinal))
            return $"The prompt has no {DocumentPlaceholder}: put {DocumentPlaceholder} (capitals, square brackets) where the review goes, or every request would ask about no review.";
        return null;
    }

    /// <summary>A template from a student's text; throws <see cref="ArgumentException"/> with the <see cref="Validate"/> message.</summary>
    public static PromptTemplate From(string text) =>
        Validate(text) is { } problem ? throw new ArgumentException(problem) : new PromptTemplate(text);

    /// <summary>The prompt for one review: every placeholder replaced by it.</summary>
    public string Fill(string review) => Text.Replace(DocumentPlaceholder, review, StringComparison.Ordinal);
}
