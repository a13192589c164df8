using System.Numerics;
using System.Text.RegularExpressions;
using LabApp.Core.Data;

namespace LabApp.Core.Experiments;

/// <summary>One sentence to classify: an MFT's with the label it should get, an INV's or DIR's with the original it was changed from.</summary>
public sealed record ChecklistCase(string Text, int? Expected, string? Original);

/// <summary>A test with the cases its templates expand to.</summary>
public sealed record ExpandedTest(ChecklistTest Test, IReadOnlyList<ChecklistCase> Cases);

/// <summary>
/// Turns a suite's templates into sentences, CheckList's way, deterministically. A template's <c>{name}</c> takes each
/// word of the lexicon <c>name</c> (the same word wherever it appears in one sentence); the sentences of a template are
/// every combination of its placeholders' words, the last placeholder changing fastest. Where they are more than the
/// suite's <see cref="ChecklistSuite.MaxCases"/>, combination <c>⌊k · total / max⌋</c> is taken for k = 0 … max − 1,
/// evenly spread over all of them; a test's templates then take turns, first sentence of each, then the second, … up
/// to the maximum. INV and DIR change each chosen sentence k (counted from 0 in its test):
/// <list type="bullet">
/// <item><c>typo</c> swaps two neighbouring letters, the pair at <c>numpy.random.default_rng(seed + k).permutation(m)[0]</c>
/// of the m pairs of two different letters, in text order (a sentence without one is left out);</item>
/// <item><c>punctuation</c> drops the sentence's final <c>. ! ?</c> marks, or adds a full stop when it has none;</item>
/// <item><c>swap {lexicon}</c> puts the lexicon's next word (the first after the last) in the placeholder's place;</item>
/// <item><c>append {lexicon}</c> adds the lexicon's word k (modulo its length) after the sentence.</item>
/// </list>
/// </summary>
public static partial class ChecklistExpansion
{
    private const string Typo = "typo";
    private const string Punctuation = "punctuation";
    private const string Swap = "swap";
    private const string Append = "append";

    /// <summary>What a student may write as a test's change, for the editor's hint.</summary>
    public const string PerturbationHelp = "typo, punctuation, swap {lexicon} (INV) or append {lexicon} (DIR)";

    /// <summary>The first thing in <paramref name="suite"/> that cannot be expanded, said so it can be fixed; null when all can.</summary>
    public static string? Check(ChecklistSuite suite)
    {
        if (suite.MaxCases is < 1 or > ChecklistSuite.LargestMaxCases)
            return $"Cases per test must be from 1 to {ChecklistSuite.LargestMaxCases}, not {suite.MaxCases}.";
        var names = new HashSet<string>(StringComparer.Ordinal);
        foreach (var lexicon in suite.Lexicons)
        {
            if (!NamePattern().IsMatch(lexicon.Name ?? ""))
                return $"The lexicon name \"{lexicon.Name}\" is not one: use letters, digits and _ (as pos_adj), starting with a letter.";
            if (!names.Add(lexicon.Name!))
                return $"Two lexicons are named {lexicon.Name}: rename or remove one.";
            if (lexicon.Words is null || lexicon.Words.Count == 0 || lexicon.Words.Any(string.IsNullOrWhiteSpace))
                return $"The lexicon {lexicon.Name} needs at least one word and no empty line.";
            if (lexicon.Words.FirstOrDefault(w => w.Length > TypedText.MaxCharacters) is { } longWord)
                return $"The lexicon {lexicon.Name} has a word of more than {TypedText.MaxCharacters:N0} characters (\"{Shorten(longWord)}\"): shorten it.";
        }

        if (suite.Tests.Count == 0)
            return "Add at least one test, or bring back the lab's suite.";
        var lexicons = suite.Lexicons.ToDictionary(l => l.Name, l => l.Words);
        for (var t = 0; t < suite.Tests.Count; t++)
        {
            if ((CheckTest(suite.Tests[t], lexicons) ?? NoCase(suite.Tests[t], lexicons, suite)) is { } problem)
                return $"Test {t + 1} ({Describe(suite.Tests[t])}): {problem}";
        }

        return null;
    }

    /// <summary>Every test of <paramref name="suite"/> with its cases, in the suite's order.</summary>
    /// <exception cref="ArgumentException">What <see cref="Check"/> finds wrong.</exception>
    public static IReadOnlyList<ExpandedTest> Expand(ChecklistSuite suite)
    {
        if (Check(suite) is { } problem)
            throw new ArgumentException(problem);
        var lexicons = suite.Lexicons.ToDictionary(l => l.Name, l => l.Words);
        return suite.Tests.Select(test => new ExpandedTest(test, Cases(test, lexicons, suite.MaxCases, suite.Seed))).ToArray();
    }

    /// <summary>The sentences <paramref name="template"/> expands to, at most <paramref name="max"/>, spread as the class documents.</summary>
    public static IReadOnlyList<string> Fill(string template, IReadOnlyDictionary<string, IReadOnlyList<string>> lexicons, int max) =>
        Fillings(template, lexicons, max).Select(f => f.Text).ToArray();

    private static string? CheckTest(ChecklistTest test, IReadOnlyDictionary<string, IReadOnlyList<string>> lexicons)
    {
        if (!Enum.IsDefined(test.Type))
            return $"its type is {(int)test.Type}: use MFT, INV or DIR.";
        if (string.IsNullOrWhiteSpace(test.Capability))
            return "name the capability it tests, such as Negation.";
        if (test.Capability.Length > TypedText.MaxCharacters)
            return $"its capability has more than {TypedText.MaxCharacters:N0} characters: shorten it.";
        if (test.Templates?.FirstOrDefault(l => l is not null && l.Length > TypedText.MaxCharacters) is { } longTemplate)
            return $"\"{Shorten(longTemplate)}\" has more than {TypedText.MaxCharacters:N0} characters: shorten it.";
        if (test.Templates is null || test.Templates.Count == 0 || test.Templates.All(string.IsNullOrWhiteSpace))
            return "give it at least one template.";
        foreach (var line in test.Templates.Where(l => !string.IsNullOrWhiteSpace(l)))
        {
            var template = line;
            if (test.Type == ChecklistTestType.MFT)
            {
                if (Labelled(line) is not { } labelled)
                    return $"\"{Shorten(line)}\" needs its label: start it with positive: or negative:.";
                if (labelled.Template.Length == 0)
                    return $"\"{Shorten(line)}\" has no sentence after its label: write one, or remove the line.";
                template = labelled.Template;
            }

            if (Placeholders(template).FirstOrDefault(p => !lexicons.ContainsKey(p)) is { } unknown)
                return $"\"{Shorten(template)}\" uses {{{unknown}}}, which no lexicon defines: add a lexicon {unknown} or fix the name.";
        }

        if (test.Type == ChecklistTestType.MFT)
            return null;
        var (kind, lexicon) = ParsePerturbation(test.Perturbation);
        var allowed = test.Type == ChecklistTestType.INV ? kind is Typo or Punctuation or Swap : kind is Append;
        if (!allowed)
            return test.Type == ChecklistTestType.INV
                ? $"an invariance test changes each sentence by typo, punctuation or swap {{lexicon}}, not \"{test.Perturbation}\"."
                : $"a directional test appends something: write append {{lexicon}}, not \"{test.Perturbation}\".";
        if (lexicon is not null && !lexicons.ContainsKey(lexicon))
            return $"\"{test.Perturbation}\" names {{{lexicon}}}, which no lexicon defines.";
        if (kind == Swap && lexicons[lexicon!].Count < 2)
            return $"swapping {{{lexicon}}} needs at least two words in that lexicon.";
        if (kind == Swap && test.Templates.Where(l => !string.IsNullOrWhiteSpace(l)).FirstOrDefault(l => !Placeholders(l).Contains(lexicon!)) is { } without)
            return $"\"{Shorten(without)}\" has no {{{lexicon}}} to swap.";
        return null;
    }

    // A test whose templates expand to no case would show a failure rate of 0 % over nothing: it is said instead.
    private static string? NoCase(ChecklistTest test, IReadOnlyDictionary<string, IReadOnlyList<string>> lexicons, ChecklistSuite suite)
    {
        if (Cases(test, lexicons, suite.MaxCases, suite.Seed).Count > 0)
            return null;
        var first = test.Templates.First(l => !string.IsNullOrWhiteSpace(l));
        return ParsePerturbation(test.Perturbation).Kind == Typo
            ? $"\"{Shorten(first)}\" has no two different letters side by side, so a typo makes no case of it: write a template with words."
            : $"its templates make no case to test (each change leaves the sentence as it was): check the templates and the change.";
    }

    private static List<ChecklistCase> Cases(ChecklistTest test, IReadOnlyDictionary<string, IReadOnlyList<string>> lexicons, int max, ulong seed)
    {
        var lines = test.Templates.Where(l => !string.IsNullOrWhiteSpace(l)).Select(l => test.Type == ChecklistTestType.MFT ? Labelled(l)!.Value : (Label: (int?)null, Template: l)).ToArray();
        var perLine = lines.Select(l => Fillings(l.Template, lexicons, max).Select(f => (l.Label, f)).ToArray()).ToArray();
        var chosen = new List<(int? Label, Filling Filling)>();
        for (var round = 0; chosen.Count < max && perLine.Any(p => round < p.Length); round++)
            chosen.AddRange(perLine.Where(p => round < p.Length).Select(p => p[round]).Take(max - chosen.Count));

        if (test.Type == ChecklistTestType.MFT)
            return chosen.Select(c => new ChecklistCase(c.Filling.Text, c.Label, null)).ToList();
        var (kind, lexicon) = ParsePerturbation(test.Perturbation);
        var cases = new List<ChecklistCase>();
        for (var k = 0; k < chosen.Count; k++)
        {
            var original = chosen[k].Filling;
            var changed = kind switch
            {
                Typo => WithTypo(original.Text, seed + (ulong)k),
                Punctuation => WithPunctuationChanged(original.Text),
                Swap => original.Swapped(lexicon!, lexicons),
                _ => $"{original.Text.TrimEnd()} {lexicons[lexicon!][k % lexicons[lexicon!].Count]}",
            };
            if (changed is not null && changed != original.Text)
                cases.Add(new ChecklistCase(changed, null, original.Text));
        }

        return cases;
    }

    /// <summary>The sentence with one pair of neighbouring letters swapped, or null when it has no two different letters side by side.</summary>
    public static string? WithTypo(string text, ulong seed)
    {
        var pairs = Enumerable.Range(0, Math.Max(0, text.Length - 1))
            .Where(i => char.IsLetter(text[i]) && char.IsLetter(text[i + 1]) && text[i] != text[i + 1])
            .ToArray();
        if (pairs.Length == 0)
            return null;
        var at = pairs[NumpyRandom.Permutation(pairs.Length, seed)[0]];
        return string.Concat(text.AsSpan(0, at), text[at + 1].ToString(), text[at].ToString(), text.AsSpan(at + 2));
    }

    public static string WithPunctuationChanged(string text)
    {
        var trimmed = text.TrimEnd();
        var bare = trimmed.TrimEnd('.', '!', '?');
        return bare.Length < trimmed.Length ? bare : trimmed + ".";
    }

    private static (string Kind, string? Lexicon) ParsePerturbation(string? perturbation)
    {
        var text = (perturbation ?? "").Trim();
        if (text is Typo or Punctuation)
            return (text, null);
        var match = PerturbationPattern().Match(text);
        return match.Success ? (match.Groups[1].Value, match.Groups[2].Value) : (text, null);
    }

    private static (int? Label, string Template)? Labelled(string line)
    {
        var colon = line.IndexOf(':');
        if (colon < 0)
            return null;
        return line[..colon].Trim().ToLowerInvariant() switch
        {
            "positive" => (1, line[(colon + 1)..].Trim()),
            "negative" => (0, line[(colon + 1)..].Trim()),
            _ => null,
        };
    }

    private static IReadOnlyList<string> Placeholders(string template) =>
        PlaceholderPattern().Matches(template).Select(m => m.Groups[1].Value).Distinct().ToArray();

    private static IReadOnlyList<Filling> Fillings(string template, IReadOnlyDictionary<string, IReadOnlyList<string>> lexicons, int max)
    {
        var placeholders = Placeholders(template);
        var sizes = placeholders.Select(p => lexicons[p].Count).ToArray();
        var total = sizes.Aggregate(BigInteger.One, (product, size) => product * size);
        var count = (int)BigInteger.Min(total, max);
        var fillings = new Filling[count];
        for (var k = 0; k < count; k++)
        {
            // Combination number k·total/max, written in the mixed radix of the lexicons' sizes, the last digit fastest.
            var number = total <= max ? k : k * total / max;
            var choice = new int[sizes.Length];
            for (var p = sizes.Length - 1; p >= 0; p--)
            {
                choice[p] = (int)(number % sizes[p]);
                number /= sizes[p];
            }

            fillings[k] = new Filling(template, placeholders, choice, lexicons);
        }

        return fillings;
    }

    private static string Describe(ChecklistTest test) => string.IsNullOrWhiteSpace(test.Capability) ? test.Type.ToString() : test.Capability;

    private static string Shorten(string text) => text.Length <= 40 ? text : text[..39] + "…";

    [GeneratedRegex(@"\{([A-Za-z][A-Za-z0-9_]*)\}")]
    private static partial Regex PlaceholderPattern();

    [GeneratedRegex(@"^[A-Za-z][A-Za-z0-9_]*$")]
    private static partial Regex NamePattern();

    [GeneratedRegex(@"^(swap|append)\s*\{([A-Za-z][A-Za-z0-9_]*)\}$")]
    private static partial Regex PerturbationPattern();

    /// <summary>A template with one word chosen per placeholder.</summary>
    private sealed class Filling(string template, IReadOnlyList<string> placeholders, int[] choice, IReadOnlyDictionary<string, IReadOnlyList<string>> lexicons)
    {
        public string Text { get; } = Render(template, placeholders, choice, lexicons);

        /// <summary>The same sentence with <paramref name="placeholder"/>'s next word.</summary>
        public string Swapped(string placeholder, IReadOnlyDictionary<string, IReadOnlyList<string>> words)
        {
            var next = (int[])choice.Clone();
            var p = placeholders.ToList().IndexOf(placeholder);
            next[p] = (next[p] + 1) % words[placeholder].Count;
            return Render(template, placeholders, next, words);
        }

        private static string Render(string template, IReadOnlyList<string> placeholders, int[] choice, IReadOnlyDictionary<string, IReadOnlyList<string>> lexicons) =>
            PlaceholderPattern().Replace(template, m =>
            {
                var p = placeholders.ToList().IndexOf(m.Groups[1].Value);
                return lexicons[m.Groups[1].Value][choice[p]];
            });
    }
}
