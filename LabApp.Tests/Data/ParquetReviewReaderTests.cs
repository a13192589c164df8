using System.Text.Json.Serialization;
using LabApp.Core.Data;
using Parquet.Serialization;

namespace LabApp.Tests.Data;

/// <summary>Parquet files that are not what they claim, written with Parquet.Net into a temporary folder.</summary>
public sealed class ParquetReviewReaderTests
{
    [Fact]
    public async Task A_file_without_a_label_column_names_the_missing_column_and_the_columns_it_has()
    {
        var path = await WriteAsync([new TextOnly { Text = "a fine film" }]);

        var e = await Assert.ThrowsAsync<InvalidDataException>(() => ParquetReviewReader.ReadAsync("test", path));

        Assert.Equal($"{path} has no 'label' column (it has 'text'); a rotten_tomatoes split has text: string and label: int64. Replace it with the hub's file.", e.Message);
    }

    [Fact]
    public async Task A_file_with_other_column_names_names_both_missing_columns()
    {
        var path = await WriteAsync([new Renamed { Review = "a fine film", Stars = 1 }]);

        var e = await Assert.ThrowsAsync<InvalidDataException>(() => ParquetReviewReader.ReadAsync("test", path));

        Assert.StartsWith($"{path} has no 'text' or 'label' column (it has 'review', 'stars')", e.Message);
    }

    [Fact]
    public async Task An_empty_split_is_refused_naming_the_file()
    {
        var path = await WriteAsync(Array.Empty<Review>());

        var e = await Assert.ThrowsAsync<InvalidDataException>(() => ParquetReviewReader.ReadAsync("test", path));

        Assert.Equal($"{path} has no rows, so the test split is empty. Replace the file with the hub's.", e.Message);
    }

    [Fact]
    public async Task A_label_outside_zero_and_one_is_refused_naming_the_row_and_the_value()
    {
        var path = await WriteAsync([new Review { Text = "good", Label = 1 }, new Review { Text = "meh", Label = 2 }]);

        var e = await Assert.ThrowsAsync<InvalidDataException>(() => ParquetReviewReader.ReadAsync("test", path));

        Assert.Equal($"{path}: row 1 has label 2, expected 0 or 1. Replace the file with the hub's.", e.Message);
    }

    [Fact]
    public async Task A_well_formed_file_reads_its_texts_and_labels_in_order()
    {
        var path = await WriteAsync([new Review { Text = "good", Label = 1 }, new Review { Text = "bad", Label = 0 }]);

        var split = await ParquetReviewReader.ReadAsync("test", path);

        Assert.Equal(["good", "bad"], split.Texts);
        Assert.Equal([1, 0], split.Labels);
    }

    private static async Task<string> WriteAsync<T>(IReadOnlyCollection<T> rows)
    {
        var path = Path.Combine(TestFolders.Create("parquet"), "test.parquet");
        await ParquetSerializer.SerializeAsync(rows, path);
        return path;
    }

    private sealed class Review
    {
        [JsonPropertyName("text")]
        public string? Text { get; set; }

        [JsonPropertyName("label")]
        public long Label { get; set; }
    }

    private sealed class TextOnly
    {
        [JsonPropertyName("text")]
        public string? Text { get; set; }
    }

    private sealed class Renamed
    {
        [JsonPropertyName("review")]
        public string? Review { get; set; }

        [JsonPropertyName("stars")]
        public long Stars { get; set; }
    }
}
