using LabApp.Core;
using LabApp.Core.Data;
using LabApp.Core.Hub;

namespace LabApp.Tests.Data;

public sealed class RottenTomatoesTests
{
    [Theory]
    [InlineData("train", 8530)]
    [InlineData("validation", 1066)]
    [InlineData("test", 1066)]
    public void Splits_have_the_hub_sizes_and_are_balanced(string split, int count)
    {
        var reviews = SharedData.Load(split);
        Assert.Equal(count, reviews.Count);
        Assert.Equal(count / 2, reviews.Labels.Count(l => l == 1));
        Assert.Equal(count / 2, reviews.Labels.Count(l => l == 0));
    }

    [Theory]
    [InlineData("train", 0, 4264)]
    [InlineData("validation", 4265, 4797)]
    [InlineData("test", 4798, 5330)]
    public void Splits_are_the_cornell_sentences_positives_first(string split, int firstLine, int lastLine)
    {
        var positives = File.ReadAllLines(Path.Combine(RepositoryPaths.SharedData, "rt-polaritydata", "rt-polarity.pos")).Select(l => l.Trim()).ToArray();
        var negatives = File.ReadAllLines(Path.Combine(RepositoryPaths.SharedData, "rt-polaritydata", "rt-polarity.neg")).Select(l => l.Trim()).ToArray();
        var reviews = SharedData.Load(split);
        var half = lastLine - firstLine + 1;
        Assert.Equal(positives[firstLine..(lastLine + 1)], reviews.Texts.Take(half));
        Assert.Equal(negatives[firstLine..(lastLine + 1)], reviews.Texts.Skip(half));
        Assert.All(reviews.Labels.Take(half), l => Assert.Equal(1, l));
    }

    [Fact]
    public void The_books_test_subset_starts_with_the_same_reviews()
    {
        var reference = Fixtures.Load("numpy-permutations.json").GetProperty("test_shuffle_42");
        var test = SharedData.Load("test");
        var subset = test.SeededSubset(300, 42);
        Assert.Equal(300, subset.Count);
        Assert.Equal(reference.GetProperty("indices").EnumerateArray().Select(e => e.GetInt32()), subset.Take(5));
        Assert.Equal(reference.GetProperty("texts").EnumerateArray().Select(e => e.GetString()), subset.Take(5).Select(i => test.Texts[i]));
        Assert.Equal("unpretentious , charming , quirky , original", test.Texts[426]);
    }

    [Theory]
    [InlineData(0)]
    [InlineData(-3)]
    [InlineData(1067)]
    public void A_subset_outside_the_split_is_refused_with_the_range(int take)
    {
        var e = Assert.Throws<ArgumentException>(() => SharedData.Load("test").SeededSubset(take, 42));
        Assert.Contains("from 1 to 1066", e.Message);
    }

    [Fact]
    public void An_unknown_split_names_the_valid_ones()
    {
        var e = Assert.Throws<ArgumentException>(() => SharedData.RottenTomatoes.LoadAsync("dev").GetAwaiter().GetResult());
        Assert.Equal("Unknown split 'dev': use train, validation or test.", e.Message);
    }

    [Fact]
    public void A_data_folder_without_the_files_says_what_to_point_at()
    {
        var empty = TestFolders.Create("empty-data");
        var settings = LabSettings.Resolve(empty, null, _ => null);
        var dataset = new RottenTomatoes(settings, new HubClient(new HttpClient(), settings.Hub));
        var e = Assert.Throws<FileNotFoundException>(() => dataset.LoadAsync("test").GetAwaiter().GetResult());
        Assert.Contains(empty, e.Message);
        Assert.Contains("rotten_tomatoes/test.parquet", e.Message);
    }

    [Fact]
    public void A_file_that_is_not_parquet_gets_a_clear_message()
    {
        var dir = TestFolders.Create("bad-data");
        File.WriteAllText(Path.Combine(dir, "test.parquet"), "not parquet at all");
        var e = Assert.Throws<InvalidDataException>(() => ParquetReviewReader.ReadAsync("test", Path.Combine(dir, "test.parquet")).GetAwaiter().GetResult());
        Assert.Contains("not a readable rotten_tomatoes Parquet file", e.Message);
    }
}
