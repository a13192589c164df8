namespace LabApp.Core.Inference;

/// <summary>What the sentiment model says about one review: the softmax of its three logits, summing to 1.</summary>
public sealed record SentimentScores(float Negative, float Neutral, float Positive)
{
    /// <summary>
    /// The book's positive (1) / negative (0) decision: <c>np.argmax([negative, positive])</c>. The neutral score takes
    /// no part, even when it is the largest of the three; a tie goes to negative, as argmax takes the first maximum.
    /// </summary>
    public int BinaryLabel => Positive > Negative ? 1 : 0;
}
