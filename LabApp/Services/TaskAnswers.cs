namespace LabApp.Services;

/// <summary>
/// A student's answers to one Medium Task's Questions (and Task 4's write-up), by their place in the book's list: part of
/// the task page's state, so they are saved, shared and handed in with it.
/// </summary>
public sealed class TaskAnswers
{
    /// <summary>The most a task asks (Questions and write-up together) and the longest answer kept.</summary>
    public const int MostQuestions = 20;
    public const int LongestAnswer = LabApp.Core.Data.TypedText.MaxCharacters;

    private readonly List<string> _texts = [];

    public IReadOnlyList<string> Texts => _texts;

    /// <summary>How many questions have an answer.</summary>
    public int Answered => _texts.Count(t => !string.IsNullOrWhiteSpace(t));

    public string this[int question] => question < _texts.Count ? _texts[question] : "";

    /// <summary>The student wrote <paramref name="text"/> as their answer to question <paramref name="question"/> (from 0).</summary>
    public void Set(int question, string? text)
    {
        if (question is < 0 or >= MostQuestions)
            return;
        while (_texts.Count <= question)
            _texts.Add("");
        _texts[question] = text is { Length: > LongestAnswer } ? text[..LongestAnswer] : text ?? "";
    }

    /// <summary>Takes saved answers; a missing list is no answers.</summary>
    public void Use(IReadOnlyList<string?>? texts)
    {
        _texts.Clear();
        _texts.AddRange((texts ?? []).Take(MostQuestions).Select(t => t ?? ""));
    }

    public string[] ToArray() => [.. _texts];
}
