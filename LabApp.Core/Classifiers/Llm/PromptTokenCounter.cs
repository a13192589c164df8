using Microsoft.ML.Tokenizers;

namespace LabApp.Core.Classifiers.Llm;

/// <summary>Counts what one chat request costs in prompt tokens, the way OpenAI bills gpt-3.5-turbo.</summary>
internal static class PromptTokenCounter
{
    /// <summary>
    /// The chat format's own tokens for a request of one user message, as OpenAI's cookbook counts them for
    /// gpt-3.5-turbo-0125: 3 to open the message, 1 for the role "user", 3 to prime the reply.
    /// </summary>
    public const int ChatFramingTokens = 7;

    // Creating the tokenizer reads the 100k-entry cl100k_base vocabulary: do it once, on first use.
    private static readonly Lazy<TiktokenTokenizer> Tokenizer = new(() => TiktokenTokenizer.CreateForModel("gpt-3.5-turbo"));

    public static int Count(string prompt) => Tokenizer.Value.CountTokens(prompt) + ChatFramingTokens;
}
