using LabApp.Core.Experiments;

namespace LabApp.Tests.Experiments;

/// <summary>The behavioural suite's template language and CheckList's three ways of judging a case.</summary>
public sealed class ChecklistTests
{
    private static readonly Dictionary<string, IReadOnlyList<string>> Words = new()
    {
        ["a"] = ["1", "2", "3"],
        ["b"] = ["x", "y"],
        ["name"] = ["Anna", "Ben", "Carlos"],
        ["tail"] = ["Sadly, no.", "Not again."],
    };

    private static ChecklistSuite Suite(params ChecklistTest[] tests) =>
        new(Words.Select(w => new Lexicon(w.Key, w.Value)).ToArray(), tests, 4, 42);

    [Fact]
    public void A_template_takes_every_combination_the_last_placeholder_fastest_and_the_same_word_where_a_name_repeats()
    {
        Assert.Equal(["1x1", "1y1", "2x2", "2y2", "3x3", "3y3"], ChecklistExpansion.Fill("{a}{b}{a}", Words, 10));
    }

    [Fact]
    public void Beyond_the_cap_the_combinations_are_spread_evenly()
    {
        // 6 combinations, 3 wanted: numbers ⌊k·6/3⌋ = 0, 2, 4.
        Assert.Equal(["1 x", "2 x", "3 x"], ChecklistExpansion.Fill("{a} {b}", Words, 3));
        // 6 combinations, 4 wanted: ⌊k·6/4⌋ = 0, 1, 3, 4.
        Assert.Equal(["1 x", "1 y", "2 y", "3 x"], ChecklistExpansion.Fill("{a} {b}", Words, 4));
    }

    [Fact]
    public void A_tests_templates_take_turns_up_to_the_cap_with_their_labels()
    {
        var test = new ChecklistTest("Mixed", ChecklistTestType.MFT, "", ["positive: good {a}", "negative: bad {b}"]);

        var cases = ChecklistExpansion.Expand(Suite(test)).Single().Cases;

        Assert.Equal(["good 1", "bad x", "good 2", "bad y"], cases.Select(c => c.Text));
        Assert.Equal([1, 0, 1, 0], cases.Select(c => c.Expected!.Value));
        Assert.All(cases, c => Assert.Null(c.Original));
    }

    [Fact]
    public void Invariance_and_directional_changes_keep_the_original_beside_the_changed_sentence()
    {
        var suite = Suite(
            new ChecklistTest("Names", ChecklistTestType.INV, "swap {name}", ["{name} liked it."]),
            new ChecklistTest("Punctuation", ChecklistTestType.INV, "punctuation", ["Fine {b}", "Fine {b}!?"]),
            new ChecklistTest("Appended", ChecklistTestType.DIR, "append {tail}", ["Good {a}."]));

        var tests = ChecklistExpansion.Expand(suite);

        Assert.Equal([("Ben liked it.", "Anna liked it."), ("Carlos liked it.", "Ben liked it."), ("Anna liked it.", "Carlos liked it.")],
            tests[0].Cases.Select(c => (c.Text, c.Original!)));
        Assert.Equal([("Fine x.", "Fine x"), ("Fine x", "Fine x!?"), ("Fine y.", "Fine y"), ("Fine y", "Fine y!?")], tests[1].Cases.Select(c => (c.Text, c.Original!)));
        Assert.Equal(["Good 1. Sadly, no.", "Good 2. Not again.", "Good 3. Sadly, no."], tests[2].Cases.Select(c => c.Text));
    }

    [Fact]
    public void A_typo_swaps_the_pair_numpys_default_rng_picks()
    {
        // numpy 1.24: pairs = the 16 positions of two different letters side by side;
        // default_rng(42).permutation(16)[0] and default_rng(43).permutation(16)[0].
        Assert.Equal("hTe movie was very good.", ChecklistExpansion.WithTypo("The movie was very good.", 42));
        Assert.Equal("The omvie was very good.", ChecklistExpansion.WithTypo("The movie was very good.", 43));
        Assert.Null(ChecklistExpansion.WithTypo("a b c !", 42));
    }

    [Theory]
    [InlineData("positive: fine", ChecklistTestType.INV, "typo", null)]
    [InlineData("fine {nope}", ChecklistTestType.INV, "typo", "uses {nope}, which no lexicon defines")]
    [InlineData("fine", ChecklistTestType.MFT, "", "needs its label: start it with positive: or negative:")]
    [InlineData("positive: ", ChecklistTestType.MFT, "", "has no sentence after its label")]
    [InlineData("fine {a}", ChecklistTestType.INV, "swap {name}", "has no {name} to swap")]
    [InlineData("fine", ChecklistTestType.INV, "shuffle", "changes each sentence by typo, punctuation or swap {lexicon}")]
    [InlineData("fine", ChecklistTestType.DIR, "typo", "write append {lexicon}")]
    public void A_test_that_cannot_be_expanded_is_named_with_what_to_fix(string template, ChecklistTestType type, string perturbation, string? problem)
    {
        var found = ChecklistExpansion.Check(Suite(new ChecklistTest("Probe", type, perturbation, [template])));

        if (problem is null)
            Assert.Null(found);
        else
            Assert.Contains($"Test 1 (Probe): ", found);
        if (problem is not null)
            Assert.Contains(problem, found);
    }

    [Fact]
    public void The_labs_suite_expands_with_the_books_six_edge_cases_as_one_test()
    {
        var tests = ChecklistExpansion.Expand(ChecklistSuite.Default);

        Assert.Equal(["Negation", "Negated negatives", "Intensifiers", "Sarcasm markers", "\"But\" contrasts", ChecklistSuite.BookEdgeCasesCapability,
            "Typos", "Names swapped", "Places swapped", "Punctuation", "Negative phrase appended"], tests.Select(t => t.Test.Capability));
        var book = tests.Single(t => t.Test.Capability == ChecklistSuite.BookEdgeCasesCapability);
        Assert.Equal(FailureAnalysisExperiment.BookEdgeCases.Select(c => (c.Text, (int?)c.Expected)), book.Cases.Select(c => (c.Text, c.Expected)));
        Assert.All(tests.Where(t => t.Test.Capability != ChecklistSuite.BookEdgeCasesCapability), t => Assert.Equal(ChecklistSuite.DefaultMaxCases, t.Cases.Count));
    }

    [Fact]
    public void Each_kind_of_test_is_judged_as_CheckList_judges_it()
    {
        var tests = ChecklistExpansion.Expand(Suite(
            new ChecklistTest("Labelled", ChecklistTestType.MFT, "", ["positive: good", "negative: bad"]),
            new ChecklistTest("Invariant", ChecklistTestType.INV, "swap {name}", ["{name} liked it."]),
            new ChecklistTest("Direction", ChecklistTestType.DIR, "append {tail}", ["good", "bad"])));
        var verdicts = new Dictionary<string, ClassifierVerdict>
        {
            ["good"] = new(1, 0.9), ["bad"] = new(1, 0.6),
            ["Anna liked it."] = new(1, 0.8), ["Ben liked it."] = new(0, 0.4), ["Carlos liked it."] = new(1, 0.7),
            ["good Sadly, no."] = new(1, 0.95), ["bad Not again."] = new(0, 0.1),
        };
        Assert.Equal(verdicts.Keys.Order(), ChecklistExperiment.Texts(tests).Order());

        var results = ChecklistExperiment.Evaluate(tests, "probe", verdicts);

        Assert.Equal([true, false], results[0].Cases.Select(c => c.Passed));
        Assert.Equal(("negative", "positive"), (results[0].Cases[1].Expected, results[0].Cases[1].Predicted));
        // Ben's sentence changed from Anna's: the original's prediction is what is expected.
        Assert.Equal([("positive", "negative", false), ("negative", "positive", false), ("positive", "positive", true)],
            results[1].Cases.Select(c => (c.Expected, c.Predicted, c.Passed)));
        Assert.Equal([("≤ 0.900", "0.950", false), ("≤ 0.600", "0.100", true)], results[2].Cases.Select(c => (c.Expected, c.Predicted, c.Passed)));
        Assert.Equal((3, 2, 2 / 3.0), (results[1].Total, results[1].Failed, results[1].FailureRate));
    }
}
