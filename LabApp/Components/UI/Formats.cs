using System.Globalization;

namespace LabApp.Components.UI;

/// <summary>How the pages write sizes and shares, the same everywhere.</summary>
public static class Formats
{
    public static string Megabytes(long bytes) => bytes <= 0 ? "-" : string.Create(CultureInfo.InvariantCulture, $"{bytes / 1e6:F0} MB");

    public static string Percent(double share) => share.ToString("P1", CultureInfo.InvariantCulture);
}
