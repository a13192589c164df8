using LabApp.Core.Experiments;
using LabApp.Core.Models;
using LabApp.Core.Runners;
using LabApp.Core.Storage;

namespace LabApp.Tests.Checklist;

/// <summary>The class's own edge cases: kept once per text on the server, and read by the lab's classifiers as a capability.</summary>
public sealed class ClassSuiteTests
{
    private static readonly DateTimeOffset Monday = new(2026, 12, 7, 9, 0, 0, TimeSpan.Zero);

    [Fact]
    public void A_case_is_kept_once_whatever_its_spacing_and_case_and_one_without_a_label_is_refused()
    {
        var store = new ClassSuiteStore(Path.Combine(TestFolders.Create("class-suite"), "workbooks.sqlite"));

        Assert.True(store.Add(new EdgeCase("Double negative", " Not bad at all. ", 1), Monday));
        Assert.False(store.Add(new EdgeCase("Negation", "not  BAD at all.", 0), Monday.AddMinutes(1)));
        Assert.Throws<ArgumentException>(() => store.Add(new EdgeCase("Unchosen", "Meh.", -1), Monday));

        Assert.Equal([new EdgeCase("Double negative", "Not bad at all.", 1)], store.Cases());
    }

    [Fact]
    public async Task The_classs_cases_are_one_capability_read_by_the_three_classifiers_on_minilm()
    {
        EdgeCase[] cases = [new("Double negative", "Not bad at all, honestly.", 1), new("Braces", "A {great} film.", 1)];
        var suite = ChecklistSuite.WithClassCases(new ChecklistSuite([], [], ChecklistSuite.LargestMaxCases, 42), cases);

        var (report, classifiers) = await new ChecklistEvaluator(SharedModel.Lab).EvaluateAsync(new ChecklistInputs(ModelCatalog.MiniLmId, suite));

        Assert.Equal([SupervisedExperiment.Method, CentroidExperiment.Method, ZeroShotExperiment.Method], classifiers.Select(c => c.Classifier));
        var tests = report.Tests.Where(t => t.Capability == ChecklistSuite.ClassEdgeCasesCapability).ToArray();
        Assert.Equal(3, tests.Length);
        Assert.All(tests, t => Assert.Equal(["Not bad at all, honestly.", "A (great) film."], t.Cases.Select(c => c.Text)));
        Assert.All(tests, t => Assert.All(t.Cases, c => Assert.Equal("positive", c.Expected)));
    }
}
