namespace LabApp.Core.Experiments;

/// <summary>CheckList's three kinds of behavioural test.</summary>
public enum ChecklistTestType
{
    /// <summary>Minimum functionality: labelled sentences a sentiment classifier must get right.</summary>
    MFT,

    /// <summary>Invariance: a change that should not change the prediction (a typo, another name).</summary>
    INV,

    /// <summary>Directional: a change that may move the prediction one way only (a negative phrase appended).</summary>
    DIR,
}

/// <summary>A named list of words or phrases a template's <c>{name}</c> placeholder takes, one after another.</summary>
public sealed record Lexicon(string Name, IReadOnlyList<string> Words);

/// <summary>
/// One behavioural test: the capability it probes, its kind, its templates and, for INV and DIR, the change made to each
/// sentence. An MFT template starts with its label (<c>positive: …</c> or <c>negative: …</c>); INV and DIR templates
/// are plain. <see cref="Perturbation"/> is <c>typo</c>, <c>punctuation</c>, <c>swap {lexicon}</c> or
/// <c>append {lexicon}</c> (see <see cref="ChecklistExpansion"/>); empty for an MFT.
/// </summary>
public sealed record ChecklistTest(string Capability, ChecklistTestType Type, string Perturbation, IReadOnlyList<string> Templates);

/// <summary>
/// A behavioural test suite as a student edits it: the lexicons, the tests, at most <see cref="MaxCases"/> cases per
/// test, and the seed of the typos.
/// </summary>
public sealed record ChecklistSuite(IReadOnlyList<Lexicon> Lexicons, IReadOnlyList<ChecklistTest> Tests, int MaxCases, ulong Seed)
{
    public const int DefaultMaxCases = 30;

    public const int LargestMaxCases = 200;

    /// <summary>The capability under which the book's Medium Task 4 edge cases run.</summary>
    public const string BookEdgeCasesCapability = "Book's edge cases (Task 4)";

    /// <summary>The lab's suite: CheckList's sentiment capabilities on movie reviews, and the book's six edge cases.</summary>
    public static ChecklistSuite Default { get; } = new(
        [
            new("name", ["Anna", "Ben", "Carlos", "Dana", "Emeka", "Fatima", "George", "Hiro"]),
            new("place", ["Paris", "Lagos", "Toronto", "Mumbai", "Berlin", "Lima"]),
            new("thing", ["movie", "film", "plot", "script", "cast", "story"]),
            new("pos_adj", ["good", "great", "wonderful", "brilliant", "enjoyable", "moving"]),
            new("neg_adj", ["bad", "dull", "awful", "boring", "terrible", "lifeless"]),
            new("intens", ["very", "really", "incredibly", "truly", "extremely"]),
            new("neg_phrase", ["But the ending ruined it.", "Sadly, it falls apart in the second half.", "Still, I would never watch it again.", "The acting was awful, though."]),
        ],
        [
            new("Negation", ChecklistTestType.MFT, "",
                ["negative: The {thing} was not {pos_adj}.", "negative: I did not enjoy this {thing} at all.", "negative: This is not a {pos_adj} {thing}."]),
            new("Negated negatives", ChecklistTestType.MFT, "",
                ["positive: The {thing} was not {neg_adj}.", "positive: This {thing} is not {neg_adj} at all.", "positive: I can't say the {thing} was {neg_adj}."]),
            new("Intensifiers", ChecklistTestType.MFT, "",
                ["positive: The {thing} was {intens} {pos_adj}.", "negative: The {thing} was {intens} {neg_adj}."]),
            new("Sarcasm markers", ChecklistTestType.MFT, "",
                ["negative: Oh great, another {neg_adj} {thing}. Just what I needed.", "negative: Wow, what a {pos_adj} {thing}... said no one ever.", "negative: Sure, the {thing} was {pos_adj}, if you enjoy falling asleep."]),
            new("\"But\" contrasts", ChecklistTestType.MFT, "",
                ["positive: The {thing} looked {neg_adj} at first, but it turned out {pos_adj}.", "negative: The {thing} starts {pos_adj}, but it ends up {neg_adj}."]),
            new(BookEdgeCasesCapability, ChecklistTestType.MFT, "",
                BookInputs.EdgeCases.Select(c => $"{LabelName(c.Expected)}: {c.Text}").ToArray()),
            new("Typos", ChecklistTestType.INV, "typo",
                ["The {thing} was {intens} {pos_adj}.", "{name} thought the {thing} was {neg_adj}."]),
            new("Names swapped", ChecklistTestType.INV, "swap {name}",
                ["{name} loved this {thing}.", "{name} found the {thing} {neg_adj}."]),
            new("Places swapped", ChecklistTestType.INV, "swap {place}",
                ["I saw it in {place} and the {thing} was {pos_adj}.", "The {thing} set in {place} felt {neg_adj}."]),
            new("Punctuation", ChecklistTestType.INV, "punctuation",
                ["The {thing} was {pos_adj}", "What a {neg_adj} {thing}!"]),
            new("Negative phrase appended", ChecklistTestType.DIR, "append {neg_phrase}",
                ["The {thing} was {pos_adj}.", "{name} said the {thing} was {intens} {pos_adj}."]),
        ],
        DefaultMaxCases,
        42);

    /// <summary>The capability the class's own edge cases make, once the instructor added some.</summary>
    public const string ClassEdgeCasesCapability = "The class's edge cases";

    /// <summary>
    /// <paramref name="suite"/> with the class's edge cases as one more labelled capability (none when there are none).
    /// A case is a sentence, not a template: braces, which would name lexicons, are written as parentheses.
    /// </summary>
    public static ChecklistSuite WithClassCases(ChecklistSuite suite, IReadOnlyList<EdgeCase> cases) => cases.Count == 0 ? suite : suite with
    {
        Tests =
        [
            .. suite.Tests.Where(t => t.Capability != ClassEdgeCasesCapability),
            new ChecklistTest(ClassEdgeCasesCapability, ChecklistTestType.MFT, "",
                [.. cases.Select(c => $"{LabelName(c.Expected)}: {c.Text.ReplaceLineEndings(" ").Replace('{', '(').Replace('}', ')').Trim()}")]),
        ],
    };

    /// <summary>The label an MFT template starts with: 0 is <c>negative</c>, 1 <c>positive</c>.</summary>
    public static string LabelName(int label) => label == 1 ? "positive" : "negative";
}
