using System.Globalization;

namespace LabApp.Core.Hub;

/// <summary>How far the download of one file is: <paramref name="TotalBytes"/> is null when the hub did not say.</summary>
public readonly record struct DownloadProgress(string FileName, long BytesDone, long? TotalBytes)
{
    /// <summary>E.g. <c>model.onnx: 12 kB of 90.9 MB</c>: the unit is chosen so that a slow download still shows change.</summary>
    public override string ToString() =>
        $"{FileName}: {Size(BytesDone)}{(TotalBytes is { } total ? " of " + Size(total) : "")}";

    /// <summary>Bytes as <c>850 B</c>, <c>12 kB</c>, <c>1.2 MB</c> or <c>1.23 GB</c> (decimal units, as the hub shows sizes).</summary>
    public static string Size(long bytes) => bytes switch
    {
        < 1_000 => string.Create(CultureInfo.InvariantCulture, $"{bytes} B"),
        < 1_000_000 => string.Create(CultureInfo.InvariantCulture, $"{bytes / 1e3:0} kB"),
        < 1_000_000_000 => string.Create(CultureInfo.InvariantCulture, $"{bytes / 1e6:0.0} MB"),
        _ => string.Create(CultureInfo.InvariantCulture, $"{bytes / 1e9:0.00} GB"),
    };
}
