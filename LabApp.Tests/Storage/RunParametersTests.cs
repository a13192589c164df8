using System.Text.Json;
using LabApp.Core.Classifiers.Llm;
using LabApp.Core.Experiments;
using LabApp.Core.Models;
using LabApp.Core.Storage;

namespace LabApp.Tests.Storage;

/// <summary>Each kind of run's parameters and headline: written as JSON of its kind, read back equal, through the log's file too.</summary>
public sealed class RunParametersTests
{
    private const string MiniLm = ModelCatalog.MiniLmId;

    public static TheoryData<string, RunParameters, RunHeadline?, string> Kinds => new()
    {
        { "supervised", new SupervisedParameters(MiniLm, 500, null, 7), null, "model=minilm train=500 test=all seed=7" },
        { "zero-shot", new ZeroShotParameters(ModelCatalog.MpnetId, ["A bad film", "A fine film", "A film"], 300, 9), null, "model=mpnet test=300 labels=\"A bad film\" | \"A fine film\" | \"A film\"" },
        { "task-specific", new TaskSpecificParameters(null, 42), null, "test=all seed=42" },
        { "generative", new GenerativeParameters("Positive or negative?\n[DOCUMENT]", 100, 3), null, "test=100 seed=3 prompt \"Positive or negative?\n[DOCUMENT]\"" },
        { "llm", new LlmParameters("gpt-4o-mini", "api.openai.com", "Say 1 or 0.\n\n[DOCUMENT]", 20, 42), null, "model=gpt-4o-mini test=20 seed=42 endpoint=api.openai.com, prompt \"Say 1 or 0.  [DOCUMENT]\"" },
        { "llm", new LlmParameters("llama3", "127.0.0.1:8080", PromptTemplate.Book.Text, 5, 1), null, "model=llama3 test=5 seed=1 endpoint=127.0.0.1:8080, the book's prompt" },
        { "custom-labels", new CustomLabelsParameters(MiniLm, ["gripping", "dull"]), new CustomLabelsHeadline(8, 3, 0.0417), "model=minilm labels=\"gripping\" | \"dull\" reviews=8 uncertain=3 mean_margin=0.042" },
        { "limited-data", new LimitedDataParameters(MiniLm, 100, 300, 42), new LimitedDataHeadline(0.7123, 0.81), "model=minilm train=100 test=300 seed=42 embedding_f1=0.7123 task_f1=0.8100" },
        { "seed-band", new SeedBandParameters(MiniLm, 100, 300, 0, [42, 0, 1]), new LimitedDataHeadline(0.7, null), "model=minilm train=100 test=300 seed=0 band_seeds=42,0,1 embedding_f1=0.7000 task_f1=—" },
        { "confidence", new ConfidenceParameters(MiniLm, ["bad", "good"], ConfidenceMeasure.MaxSimilarity, 0.125), new ConfidenceHeadline(0.625, 0.8, 5, 8), "model=minilm measure=max threshold=0.125 labels=\"bad\" | \"good\" predicted=5/8 coverage=0.625 accuracy_on_predicted=0.800" },
        { "failure-analysis", new FailureAnalysisParameters(MiniLm, 1000, 200, 42, 6), new FailureAnalysisHeadline(0.84, 14, 18, 0.5), "model=minilm train=1000 test=200 seed=42 edge_cases=6 accuracy=0.840 false_positives=14 false_negatives=18 edge_accuracy=0.500" },
        { "checklist", new ChecklistParameters(MiniLm, 11, 6, 42), new ChecklistHeadline(62, 0.145), "model=minilm tests=11 max_cases=6 seed=42 cases=62 failure_rate=0.145" },
        { "earlier", new EarlierParameters("model=minilm train=all test=20 seed=42, model gpt-4o-mini"), null, "model=minilm train=all test=20 seed=42, model gpt-4o-mini" },
    };

    [Theory]
    [MemberData(nameof(Kinds))]
    public void Each_kind_is_written_with_its_kind_first_and_read_back_equal(string kind, RunParameters parameters, RunHeadline? headline, string shown)
    {
        var json = RunJson.Write(parameters);

        Assert.StartsWith($"{{\"kind\":\"{kind}\"", json);
        Assert.Equal(kind, parameters.Kind);
        Assert.Equal(parameters, RunJson.ReadParameters(json));
        Assert.Equal(parameters.GetHashCode(), RunJson.ReadParameters(json).GetHashCode());
        if (headline is not null)
            Assert.Equal(headline, RunJson.ReadHeadline(RunJson.Write(headline)));
        Assert.Equal(shown, new RunRecord(0, TestRuns.Time, kind, "m", MiniLm, parameters, headline, null, TimeSpan.Zero).Description);
    }

    [Theory]
    [MemberData(nameof(Kinds))]
    public void Each_kind_comes_back_from_the_log_file_as_it_went_in(string kind, RunParameters parameters, RunHeadline? headline, string shown)
    {
        var log = new RunLog(Path.Combine(TestFolders.Create("kinds"), "runs.sqlite"));
        var scores = kind == "custom-labels" ? null : new RunScores(0.8, 0.7, 0.75, 300);
        var stored = log.Add("browser", new RunRecord(0, TestRuns.Time, kind, "m", MiniLm, parameters, headline, scores, TimeSpan.FromSeconds(2)));

        var read = Assert.Single(log.Find("browser"));

        Assert.Equal(stored, read);
        Assert.Equal((kind, shown), (read.Kind, read.Description));
    }

    [Fact]
    public void The_json_names_are_snake_case_and_enums_are_named()
    {
        var json = RunJson.Write(new ConfidenceParameters(MiniLm, ["bad", "good"], ConfidenceMeasure.MaxSimilarity, 0.1));
        var headline = RunJson.Write(new FailureAnalysisHeadline(0.84, 14, 18, 0.5));

        Assert.Equal($"{{\"kind\":\"confidence\",\"model\":\"{MiniLm}\",\"labels\":[\"bad\",\"good\"],\"measure\":\"max_similarity\",\"threshold\":0.1}}", json);
        Assert.Equal("{\"kind\":\"failure-analysis\",\"accuracy\":0.84,\"false_positives\":14,\"false_negatives\":18,\"edge_case_accuracy\":0.5}", headline);
    }

    [Fact]
    public void A_kind_is_read_wherever_it_stands_and_an_unknown_kind_is_refused()
    {
        Assert.Equal(new TaskSpecificParameters(300, 3), RunJson.ReadParameters("{\"test_size\":300,\"seed\":3,\"kind\":\"task-specific\"}"));
        Assert.ThrowsAny<JsonException>(() => RunJson.ReadParameters("{\"kind\":\"astrology\"}"));
    }

    [Fact]
    public void A_custom_label_set_has_no_accuracy_anywhere_in_its_record()
    {
        var json = RunJson.Write(new CustomLabelsHeadline(8, 3, 0.04)) + RunJson.Write(new CustomLabelsParameters(MiniLm, ["a", "b"]));

        Assert.DoesNotContain("accuracy", json);
        Assert.DoesNotContain("accuracy", TestRuns.CustomLabels("a", "b").Description);
    }
}
