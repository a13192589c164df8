namespace LabApp.Tests;

/// <summary>
/// Temporary folders for tests, all inside one folder per test run that is deleted when the run ends, so a run leaves
/// nothing behind in the system's temporary folder.
/// </summary>
public static class TestFolders
{
    private static readonly Lazy<string> Root = new(() =>
    {
        var root = Directory.CreateTempSubdirectory("labapp-tests-").FullName;
        AppDomain.CurrentDomain.ProcessExit += (_, _) => Directory.Delete(root, recursive: true);
        return root;
    });

    /// <summary>A new empty folder whose name starts with <paramref name="purpose"/>.</summary>
    public static string Create(string purpose) =>
        Directory.CreateDirectory(Path.Combine(Root.Value, $"{purpose}-{Guid.NewGuid():N}")).FullName;
}
