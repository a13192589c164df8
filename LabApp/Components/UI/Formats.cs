using System.Globalization;

namespace LabApp.Components.UI;

/// <summary>How the pages write sizes and shares, the same everywhere.</summary>
public static class Formats
{
    public static string Megabytes(long bytes) => bytes <= 0 ? "-" : string.Create(CultureInfo.InvariantCulture, $"{bytes / 1e6:F0} MB");

    /// <summary>A file's size in the unit that keeps small files from reading "0 MB".</summary>
    public static string Size(long bytes) => bytes >= 1_000_000 ? Megabytes(bytes) : bytes <= 0 ? "-" : string.Create(CultureInfo.InvariantCulture, $"{bytes / 1e3:F0} kB");

    /// <summary>A status detail ("set … to use it") written as a sentence of its own.</summary>
    public static string Sentence(string text) =>
        string.IsNullOrEmpty(text) ? text : char.ToUpperInvariant(text[0]) + text[1..].TrimEnd('.') + ".";

    /// <summary>A prediction's scores, one per class, as the prediction tables show them: <c>0.123 / 0.877</c>.</summary>
    public static string Scores(IEnumerable<double> scores) =>
        string.Join(" / ", scores.Select(s => s.ToString("F3", CultureInfo.InvariantCulture)));

    public static string Percent(double share) => share.ToString("P1", CultureInfo.InvariantCulture);
}
