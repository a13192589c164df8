using System.Text.Json.Serialization;
using Parquet;
using Parquet.Serialization;

namespace LabApp.Core.Data;

/// <summary>Reads a split from the hub's Parquet file: columns <c>text</c> (string) and <c>label</c> (int64).</summary>
public static class ParquetReviewReader
{
    private static readonly string[] RequiredColumns = ["text", "label"];

    public static async Task<ReviewSplit> ReadAsync(string name, string path, CancellationToken cancellationToken = default)
    {
        IList<Row> rows;
        try
        {
            await RequireColumnsAsync(path, cancellationToken);
            rows = (await ParquetSerializer.DeserializeAsync<Row>(path, cancellationToken: cancellationToken)).Data;
        }
        catch (InvalidDataException e) when (e.Message.Contains(path, StringComparison.Ordinal))
        {
            // The lab's own message, which names the file already; the Parquet reader's own do not.
            throw;
        }
        catch (Exception e) when (e is not OperationCanceledException and not FileNotFoundException)
        {
            throw new InvalidDataException(
                $"{path} is not a readable rotten_tomatoes Parquet file (columns text: string, label: int64): {e.Message.TrimEnd('.')}. Replace it with the hub's file.", e);
        }

        if (rows.Count == 0)
            throw new InvalidDataException($"{path} has no rows, so the {name} split is empty. Replace the file with the hub's.");

        var texts = new string[rows.Count];
        var labels = new int[rows.Count];
        for (var i = 0; i < rows.Count; i++)
        {
            texts[i] = rows[i].Text ?? throw new InvalidDataException($"{path}: row {i} has no text. Replace the file with the hub's.");
            labels[i] = rows[i].Label is 0 or 1
                ? (int)rows[i].Label
                : throw new InvalidDataException($"{path}: row {i} has label {rows[i].Label}, expected 0 or 1. Replace the file with the hub's.");
        }

        return new ReviewSplit(name, texts, labels);
    }

    // The serializer fills a missing column with its default, so a file without "label" would read as all negative.
    private static async Task RequireColumnsAsync(string path, CancellationToken cancellationToken)
    {
        await using var reader = await ParquetReader.CreateAsync(path, cancellationToken: cancellationToken);
        var columns = reader.Schema.GetDataFields().Select(f => f.Name).ToArray();
        var missing = RequiredColumns.Except(columns).ToArray();
        if (missing.Length > 0)
        {
            throw new InvalidDataException(
                $"{path} has no {string.Join(" or ", missing.Select(c => $"'{c}'"))} column (it has {string.Join(", ", columns.Select(c => $"'{c}'"))}); a rotten_tomatoes split has text: string and label: int64. Replace it with the hub's file.");
        }
    }

    private sealed class Row
    {
        [JsonPropertyName("text")]
        public string? Text { get; set; }

        [JsonPropertyName("label")]
        public long Label { get; set; }
    }
}
