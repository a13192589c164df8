using System.Globalization;

namespace LabApp.Tests;

/// <summary>
/// Temporary folders for tests, all inside one folder per test run. The run deletes its folder as it exits; a run that
/// could not (the test host ended before its exit handlers, a child process still writing) has its folder deleted by
/// the next run, which finds it by the process id in its name, so runs never pile folders up in the temporary folder.
/// </summary>
public static class TestFolders
{
    private const string Prefix = "labapp-tests-";

    private static readonly Lazy<string> Root = new(() =>
    {
        DeleteFoldersOfEndedRuns();
        var root = Directory.CreateTempSubdirectory($"{Prefix}{Environment.ProcessId}-").FullName;
        AppDomain.CurrentDomain.ProcessExit += (_, _) => TryDelete(root);
        return root;
    });

    /// <summary>A new empty folder whose name starts with <paramref name="purpose"/>.</summary>
    public static string Create(string purpose) =>
        Directory.CreateDirectory(Path.Combine(Root.Value, $"{purpose}-{Guid.NewGuid():N}")).FullName;

    private static void DeleteFoldersOfEndedRuns()
    {
        foreach (var folder in Directory.EnumerateDirectories(Path.GetTempPath(), Prefix + "*"))
        {
            var name = Path.GetFileName(folder)[Prefix.Length..];
            var dash = name.IndexOf('-', StringComparison.Ordinal);
            if (dash > 0 && int.TryParse(name[..dash], NumberStyles.None, CultureInfo.InvariantCulture, out var processId) && !IsRunning(processId))
                TryDelete(folder);
        }
    }

    private static bool IsRunning(int processId)
    {
        try
        {
            using var process = System.Diagnostics.Process.GetProcessById(processId);
            return !process.HasExited;
        }
        catch (ArgumentException)
        {
            return false;
        }
    }

    private static void TryDelete(string folder)
    {
        try
        {
            Directory.Delete(folder, recursive: true);
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            // Left for the next run to delete.
        }
    }
}
