using LabApp.Core.Inference;
using LabApp.Core.Runners;

namespace LabApp.Services;

/// <summary>
/// The test reviews a model page scores, as the student set them: the size (null: the whole split, <c>test=all</c>) and
/// the seed, with what the address said wrongly about each until the student changes it.
/// </summary>
public sealed class TestSubsetChoice
{
    public int? TestSize { get; private set; } = 300;

    public int Seed { get; private set; } = 42;

    public string? TestSizeProblem { get; private set; }

    public string? SeedProblem { get; private set; }

    public TestSubset Subset => new(TestSize, (ulong)Seed);

    /// <summary>The parameters as the address writes them: <c>test=300&amp;seed=42</c>.</summary>
    public (string Name, object? Value)[] Settings => [("test", UrlState.SizeText(TestSize)), ("seed", Seed)];

    public void ChooseTestSize(int? size) => (TestSize, TestSizeProblem) = (size, null);

    public void ChooseSeed(int seed) => (Seed, SeedProblem) = (seed, null);

    /// <summary>Reads what the address has; true when it had any of the two.</summary>
    public bool Read(UrlState url)
    {
        (TestSize, TestSizeProblem) = url.OptionalSize("test", TestSize);
        (Seed, SeedProblem) = url.Int("seed", Seed, 0, int.MaxValue);
        return url.Carries("test", "seed");
    }

    public void Use(int? testSize, int seed)
    {
        TestSize = testSize;
        Seed = seed >= 0 ? seed : Seed;
        (TestSizeProblem, SeedProblem) = (null, null);
    }
}

/// <summary>/task-specific as the student's workbook keeps it: the test subset, and whether its numbers were on the page.</summary>
public sealed record TaskSpecificWork(int? TestSize = 300, int Seed = 42, bool Ran = false);

/// <summary>/task-specific as one student left it (<c>?test=300&amp;seed=42</c>) and the result shown.</summary>
public sealed class TaskSpecificState : IPageState<TaskSpecificWork>
{
    private bool _asked;

    public string Route => "/task-specific";

    public TestSubsetChoice Test { get; } = new();

    public TaskSpecificResult? Shown { get; set; }

    public bool ShowsCurrent => Shown?.Subset == Test.Subset;

    /// <summary>
    /// Whether the page runs by itself once the model is ready: a link or a reload carries the settings, or the student's
    /// workbook says their numbers were on the page; a first visit waits for Run.
    /// </summary>
    public bool RunsByItself => _asked && !ShowsCurrent && Test.Subset.Problem is null;

    public TaskSpecificWork Work => new(Test.TestSize, Test.Seed, ShowsCurrent);

    public IReadOnlyList<(string Name, object? Value)> Settings => Test.Settings;

    public IReadOnlyList<(string Name, object? Value)> Lists => [];

    // Settings the student changes wait for Run, as on a first visit.
    public void ChooseTestSize(int? size)
    {
        Test.ChooseTestSize(size);
        _asked = false;
    }

    public void ChooseSeed(int seed)
    {
        Test.ChooseSeed(seed);
        _asked = false;
    }

    public void Read(UrlState url) => _asked |= Test.Read(url);

    public void Use(TaskSpecificWork work)
    {
        Test.Use(work.TestSize, work.Seed);
        _asked |= work.Ran;
    }
}

/// <summary>/generative as the student's workbook keeps it: the test subset, the prompt, and whether their numbers were on the page.</summary>
public sealed record GenerativeWork(int? TestSize = 300, int Seed = 42, string? Prompt = null, bool Ran = false);

/// <summary>/generative as one student left it (<c>?test=300&amp;seed=42&amp;prompt=…</c>) and the result shown.</summary>
public sealed class GenerativeState : IPageState<GenerativeWork>
{
    private bool _asked;

    public string Route => "/generative";

    public TestSubsetChoice Test { get; } = new();

    public string Prompt { get; private set; } = GenerativeClassifier.DefaultPrompt;

    public string? PromptProblem => GenerativeRunner.PromptProblem(Prompt);

    public GenerativeResult? Shown { get; set; }

    public bool ShowsCurrent => Shown is { } shown && shown.Subset == Test.Subset && shown.Prompt == Prompt;

    /// <summary>As <see cref="TaskSpecificState.RunsByItself"/>, and only with a prompt the model can take.</summary>
    public bool RunsByItself => _asked && !ShowsCurrent && Test.Subset.Problem is null && PromptProblem is null;

    public GenerativeWork Work => new(Test.TestSize, Test.Seed, Prompt, ShowsCurrent);

    public IReadOnlyList<(string Name, object? Value)> Settings => Test.Settings;

    public IReadOnlyList<(string Name, object? Value)> Lists => [("prompt", Prompt)];

    // Settings the student changes wait for Run, as on a first visit.
    public void ChooseTestSize(int? size)
    {
        Test.ChooseTestSize(size);
        _asked = false;
    }

    public void ChooseSeed(int seed)
    {
        Test.ChooseSeed(seed);
        _asked = false;
    }

    public void ChoosePrompt(string? prompt) => (Prompt, _asked) = (prompt ?? "", false);

    public void Read(UrlState url)
    {
        _asked |= Test.Read(url) | url.Carries("prompt");
        Prompt = url.Text("prompt") ?? Prompt;
    }

    public void Use(GenerativeWork work)
    {
        Test.Use(work.TestSize, work.Seed);
        Prompt = work.Prompt ?? Prompt;
        _asked |= work.Ran;
    }
}
