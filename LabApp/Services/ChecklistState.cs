using System.Globalization;
using LabApp.Core.Experiments;
using LabApp.Core.Models;
using LabApp.Core.Runners;

namespace LabApp.Services;

/// <summary>A lexicon as the student edits it: its name and its words, one per line.</summary>
public sealed class EditableLexicon
{
    public string Name { get; set; } = "";

    public string Words { get; set; } = "";
}

/// <summary>A behavioural test as the student edits it: its templates one per line.</summary>
public sealed class EditableTest
{
    public string Capability { get; set; } = "";

    public ChecklistTestType Type { get; set; } = ChecklistTestType.MFT;

    public string Perturbation { get; set; } = "";

    public string Templates { get; set; } = "";
}

/// <summary>
/// The behavioural test suite as one student left it: the embedding model, their lexicons and tests (the lab's suite
/// to begin with), the cases per test and the typo seed, the last report and the cell of the matrix they opened.
/// </summary>
public sealed class ChecklistState : IPageState<ChecklistInputs>
{
    public ChecklistState() => Use(ChecklistInputs.Default);

    public string Route => "/checklist";

    /// <summary>The embedding model's short name.</summary>
    public string Model { get; private set; } = "";

    public int MaxCases { get; private set; }

    public int Seed { get; private set; }

    public List<EditableLexicon> Lexicons { get; } = [];

    public List<EditableTest> Tests { get; } = [];

    public ChecklistReport? Report { get; private set; }

    /// <summary>The matrix cell whose cases are listed: a capability and a classifier.</summary>
    public (string Capability, string Classifier)? Opened { get; private set; }

    public string? ModelProblem { get; private set; }

    public string? MaxCasesProblem { get; private set; }

    public string? SeedProblem { get; private set; }

    public ChecklistSuite Suite => new(
        Lexicons.Select(l => new Lexicon(l.Name.Trim(), Lines(l.Words))).ToArray(),
        Tests.Select(t => new ChecklistTest(t.Capability.Trim(), t.Type, t.Perturbation.Trim(), Lines(t.Templates))).ToArray(),
        MaxCases,
        (ulong)Seed);

    public ChecklistInputs Work => new(ModelCatalog.Find(Model).Id, Suite);

    public IReadOnlyList<(string Name, object? Value)> Settings =>
        [("model", Model), ("cases", MaxCases.ToString(CultureInfo.InvariantCulture)), ("seed", Seed.ToString(CultureInfo.InvariantCulture))];

    // One lexicon or test per repeated parameter, its fields separated by tabs (which no field holds).
    public IReadOnlyList<(string Name, object? Value)> Lists =>
    [
        ("lexicon", Suite.Lexicons.Select(l => string.Join('\t', [l.Name, .. l.Words])).ToArray()),
        ("test", Suite.Tests.Select(t => string.Join('\t', [t.Capability, t.Type.ToString(), t.Perturbation, .. t.Templates])).ToArray()),
    ];

    /// <summary>The opened cell's result, while the report has it.</summary>
    public ChecklistTestResult? OpenedResult => Opened is { } cell ? Report?.At(cell.Capability, cell.Classifier) : null;

    /// <summary>Whether the opened cell lists only the cases that fail (the student's switch).</summary>
    public bool FailingOnly { get; set; } = true;

    /// <summary>The opened cell's cases as the switch filters them.</summary>
    public IEnumerable<ChecklistCaseResult> OpenedCases => OpenedResult is not { } result ? [] : FailingOnly ? result.Cases.Where(c => !c.Passed) : result.Cases;

    /// <summary>Why the suite cannot run (a template naming no lexicon, an empty test), or null.</summary>
    public string? SuiteProblem => ChecklistExpansion.Check(Suite);

    public bool IsOpened(string capability, string classifier) => Opened == (capability, classifier);

    public void Open(string capability, string classifier) => Opened = (capability, classifier);

    /// <summary>The report came in; the first failing cell opens by itself, so the failing cases are one click away, or none.</summary>
    public void Show(ChecklistReport report)
    {
        Report = report;
        if (OpenedResult is null && report.Tests.FirstOrDefault(t => t.Failed > 0) is { } failing)
            Opened = (failing.Capability, failing.Classifier);
    }

    public void ChooseModel(string model) => (Model, ModelProblem) = (model, null);

    public void ChooseMaxCases(int cases) => (MaxCases, MaxCasesProblem) = (cases, null);

    public void ChooseSeed(int seed) => (Seed, SeedProblem) = (seed, null);

    public void AddLexicon() => Lexicons.Add(new EditableLexicon { Name = "new_words", Words = "word" });

    public void AddTest() => Tests.Add(new EditableTest { Capability = "Your capability", Templates = "positive: " });

    /// <summary>What a test type expects of a case, for the opened cell's heading.</summary>
    public static string ExpectedMeaning(ChecklistTestType type) => type switch
    {
        ChecklistTestType.MFT => "expected: the template's label",
        ChecklistTestType.INV => "expected: the original sentence's prediction, which the changed one must keep",
        _ => "a positive score (probability, or positive minus negative similarity) that must not rise above the original's",
    };

    /// <summary>A matrix cell's class: the more of a test's cases fail, the warmer the cell.</summary>
    public static string ShadeOf(double failureRate) => failureRate switch
    {
        0 => "failure-none",
        < 0.2 => "failure-low",
        < 0.5 => "failure-some",
        _ => "failure-high",
    };

    /// <summary>The lab's suite in place of the student's; the model and the settings stay.</summary>
    public void UseLabSuite() => UseLists(ChecklistInputs.Default with { ModelId = ModelCatalog.Find(Model).Id });

    public void Read(UrlState url)
    {
        (Model, ModelProblem) = PageStates.Model(url, Model);
        (MaxCases, MaxCasesProblem) = url.Int("cases", MaxCases, 1, ChecklistSuite.LargestMaxCases);
        (Seed, SeedProblem) = url.Int("seed", Seed, 0, int.MaxValue);
        var lexicons = url.Texts("lexicon");
        var tests = url.Texts("test");
        if (lexicons.Count == 0 && tests.Count == 0)
            return;
        UseLists(new ChecklistInputs(ModelCatalog.Find(Model).Id, new ChecklistSuite(
            lexicons.Select(l => l.Split('\t')).Select(f => new Lexicon(f[0], f[1..])).ToArray(),
            tests.Select(t => t.Split('\t')).Select(f => new ChecklistTest(f[0], TypeOf(f.ElementAtOrDefault(1)), f.ElementAtOrDefault(2) ?? "", f.Length > 3 ? f[3..] : [])).ToArray(),
            MaxCases,
            (ulong)Seed)));
    }

    public void Use(ChecklistInputs inputs)
    {
        Model = PageStates.ModelName(inputs.ModelId);
        var suite = inputs.Suite ?? ChecklistInputs.Default.Suite;
        MaxCases = suite.MaxCases is >= 1 and <= ChecklistSuite.LargestMaxCases ? suite.MaxCases : ChecklistInputs.Default.Suite.MaxCases;
        Seed = (int)Math.Min(suite.Seed, int.MaxValue);
        (ModelProblem, MaxCasesProblem, SeedProblem) = (null, null, null);
        UseLists(inputs);
    }

    private void UseLists(ChecklistInputs inputs)
    {
        // Saved work and addresses are the student's to edit: a missing list or entry is none.
        Lexicons.Clear();
        Lexicons.AddRange((inputs.Suite?.Lexicons ?? []).OfType<Lexicon>().Select(l => new EditableLexicon { Name = l.Name ?? "", Words = string.Join('\n', l.Words ?? []) }));
        Tests.Clear();
        Tests.AddRange((inputs.Suite?.Tests ?? []).OfType<ChecklistTest>().Select(t => new EditableTest
        {
            Capability = t.Capability ?? "",
            Type = t.Type,
            Perturbation = t.Perturbation ?? "",
            Templates = string.Join('\n', t.Templates ?? []),
        }));
        Report = null;
        Opened = null;
    }

    private static ChecklistTestType TypeOf(string? name) =>
        Enum.TryParse<ChecklistTestType>(name, ignoreCase: true, out var type) ? type : ChecklistTestType.MFT;

    private static string[] Lines(string text) =>
        text.Split('\n').Select(l => l.TrimEnd('\r').Trim()).Where(l => l.Length > 0).ToArray();
}
