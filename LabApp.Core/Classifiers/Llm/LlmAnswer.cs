namespace LabApp.Core.Classifiers.Llm;

/// <summary>
/// What the model said about one review. Only "0" and "1" (spaces and line breaks around them ignored) are labels;
/// anything else keeps <see cref="Label"/> null so that it is counted as unparsed instead of guessed.
/// </summary>
public sealed record LlmAnswer(string Raw, bool FromCache)
{
    /// <summary>The most of an answer that is kept: a label is one character, and a runaway answer must not fill the cache or the page.</summary>
    public const int MaxLength = 200;

    /// <summary>The most of a server's answer body that is read: a chat completion is a few hundred bytes, a runaway answer a few megabytes.</summary>
    public const int MaxBodyBytes = 8 * 1024 * 1024;

    /// <summary>
    /// <paramref name="text"/> cut to <see cref="MaxLength"/> characters with "…" after the cut, so that a cut answer is
    /// never read as a label even when all that is left of it is "1".
    /// </summary>
    public static string Capped(string text) => text.Length <= MaxLength ? text : text[..MaxLength] + "…";

    public int? Label => Raw.Trim() switch
    {
        "0" => 0,
        "1" => 1,
        _ => null,
    };
}

/// <summary>An answer that is neither 0 nor 1: the review's position in the run and the model's text, as it came.</summary>
public sealed record UnparsedAnswer(int Index, string Raw);
