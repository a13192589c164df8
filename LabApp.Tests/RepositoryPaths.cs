namespace LabApp.Tests;

/// <summary>Where the repository, the shared real data and the test fixtures are, seen from the test run.</summary>
internal static class RepositoryPaths
{
    public static string Root { get; } = FindRoot();

    /// <summary>The real data laid beside the repository: <c>../shared/data</c>.</summary>
    public static string SharedData { get; } = Path.GetFullPath(Path.Combine(Root, "..", "shared", "data"));

    public static string Fixture(string name) => Path.Combine(AppContext.BaseDirectory, "Fixtures", name);

    private static string FindRoot()
    {
        for (var dir = new DirectoryInfo(AppContext.BaseDirectory); dir is not null; dir = dir.Parent)
        {
            if (File.Exists(Path.Combine(dir.FullName, "LabApp.sln")))
                return dir.FullName;
        }
        throw new InvalidOperationException($"No LabApp.sln above {AppContext.BaseDirectory}.");
    }
}
