namespace LabApp.Core.Classifiers.Llm;

/// <summary>
/// The answers of a run in the order of the reviews, and what the run cost: the requests that reached the
/// server (cached answers excluded), the retries they needed, and the tokens the server reported using.
/// </summary>
public sealed record LlmRunResult
{
    internal LlmRunResult(LlmAnswer[] answers, int requests, int retries, long promptTokensUsed, long outputTokensUsed)
    {
        Answers = answers;
        Requests = requests;
        Retries = retries;
        PromptTokensUsed = promptTokensUsed;
        OutputTokensUsed = outputTokensUsed;
        Labels = Array.ConvertAll(answers, a => a.Label);
        Unparsed = answers.Select((a, i) => (a, i)).Where(p => p.a.Label is null).Select(p => new UnparsedAnswer(p.i, p.a.Raw)).ToArray();
    }

    public IReadOnlyList<LlmAnswer> Answers { get; }

    /// <summary>0, 1, or null where the answer was neither (see <see cref="Unparsed"/>).</summary>
    public IReadOnlyList<int?> Labels { get; }

    public IReadOnlyList<UnparsedAnswer> Unparsed { get; }

    public int FromCache => Answers.Count(a => a.FromCache);

    public int Requests { get; }

    public int Retries { get; }

    /// <summary>As reported by the server in each answer's usage; 0 from servers that report none.</summary>
    public long PromptTokensUsed { get; }

    public long OutputTokensUsed { get; }
}
