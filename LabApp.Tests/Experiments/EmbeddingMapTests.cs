using System.Text.Json;
using LabApp.Core.Experiments;
using LabApp.Core.Models;
using LabApp.Core.Runners;

namespace LabApp.Tests.Experiments;

/// <summary>
/// The embedding map of the test split against scikit-learn's PCA of the same MiniLM embeddings
/// (tools/reference/make_embedding_map_fixture.py), the components' signs fixed by the same rule.
/// </summary>
public sealed class EmbeddingMapTests
{
    private static readonly JsonElement Reference = JsonDocument.Parse(File.ReadAllText(RepositoryPaths.Fixture("minilm-test-pca.json"))).RootElement;

    private static readonly EmbeddingMapRunner Runner = new(SharedModel.Lab);

    [Fact]
    public async Task The_two_axes_and_every_reviews_place_are_scikit_learns_pca()
    {
        var test = await SharedModel.Lab.PrepareAsync(new ExperimentSettings(ModelCatalog.MiniLmId), "test", null);

        var axes = PrincipalComponents.Fit(test.Embeddings);

        Assert.Equal(Reference.GetProperty("rows").GetInt32(), test.Count);
        var ratio = Reference.GetProperty("explained_variance_ratio").EnumerateArray().Select(v => v.GetDouble()).ToArray();
        var variance = Reference.GetProperty("explained_variance").EnumerateArray().Select(v => v.GetDouble()).ToArray();
        for (var a = 0; a < 2; a++)
        {
            Assert.Equal(ratio[a], axes.ExplainedVarianceRatio[a], 1e-9);
            Assert.Equal(variance[a], axes.ExplainedVariance[a], 1e-9);
            var first = Reference.GetProperty("component_first_entries")[a].EnumerateArray().Select(v => v.GetDouble()).ToArray();
            for (var j = 0; j < first.Length; j++)
                Assert.Equal(first[j], axes.Components[a][j], 1e-6);
        }

        var coordinates = Reference.GetProperty("coordinates").EnumerateArray().ToArray();
        for (var i = 0; i < test.Count; i++)
        {
            var place = axes.Project(test.Embeddings.Row(i));
            Assert.Equal(coordinates[i][0].GetDouble(), place[0], 1e-6);
            Assert.Equal(coordinates[i][1].GetDouble(), place[1], 1e-6);
        }
    }

    [Fact]
    public async Task A_review_typed_in_lands_where_the_same_review_of_the_split_is_and_the_colours_partition_the_reviews()
    {
        var map = await Runner.MapAsync(ModelCatalog.MiniLmId);
        var test = SharedData.Load("test");

        var placed = await Runner.PlaceAsync(map, [test.Texts[7]]);

        var point = map.Reviews.Single(r => r.Index == 7);
        Assert.Equal(point.X, placed[0].X, 1e-9);
        Assert.Equal(point.Y, placed[0].Y, 1e-9);
        Assert.Equal(test.Count, map.Reviews.Count);
        foreach (var colouring in Enum.GetValues<MapColouring>())
        {
            var groups = map.Groups(colouring);
            Assert.Equal(Enumerable.Range(0, test.Count), groups.SelectMany(g => g.Points).Order());
        }

        var wrong = map.Groups(MapColouring.Correctness).Single(g => g.Name == "wrong").Points.Select(p => map.Reviews[p].Index);
        Assert.Equal(map.Run.Predictions.Where(p => !p.IsCorrect).Select(p => p.Index).Order(), wrong.Order());
        Assert.Equal(["true: Negative Review", "true: Positive Review"], map.Groups(MapColouring.TrueLabel).Select(g => g.Name));
    }
}
