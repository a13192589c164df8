namespace LabApp.Core.Hub;

/// <summary>How far the download of one file is: <paramref name="TotalBytes"/> is null when the hub did not say.</summary>
public readonly record struct DownloadProgress(string FileName, long BytesDone, long? TotalBytes);
