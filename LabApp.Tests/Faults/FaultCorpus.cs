using System.Diagnostics;
using System.Security.Cryptography;
using LabApp.Tests.Headless;
using Microsoft.Data.Sqlite;

namespace LabApp.Tests.Faults;

/// <summary>
/// What every case of the fault corpus checks: its exit code, one line on stderr that names what is wrong, no stack
/// trace or .NET wording, and the lab's files (model and embedding caches, answer cache, run log, workbooks) as they were.
/// </summary>
internal static class FaultCorpus
{
    public static readonly string DataDir = RepositoryPaths.SharedData;

    /// <summary>The headless command in process, over the shared data and <paramref name="models"/>.</summary>
    public static Task<(int Code, string Output, string Error)> Run(string models, params string[] args) =>
        HeadlessRunnerTests.Run(["--data-dir", DataDir, "--models-dir", models, .. args]);

    public static void AssertOneLine(int expectedCode, string expected, int code, string error)
    {
        Assert.True(code == expectedCode, $"exit {code}, not {expectedCode}: {error}");
        var line = Assert.Single(Lines(error));
        Assert.Contains(expected, line);
        AssertNoDotNetWording(error);
    }

    /// <summary>Progress lines aside (a command shows them while it works), one line that holds <paramref name="expected"/>.</summary>
    public static void AssertOneProblemLine(int expectedCode, string expected, int code, string error)
    {
        Assert.True(code == expectedCode, $"exit {code}, not {expectedCode}: {error}");
        var problems = Lines(error).Where(l => !IsProgress(l)).ToArray();
        var line = Assert.Single(problems);
        Assert.Contains(expected, line);
        AssertNoDotNetWording(error);
    }

    public static void AssertNoDotNetWording(string text)
    {
        Assert.DoesNotContain("   at ", text);
        Assert.DoesNotContain("Exception", text);
        Assert.DoesNotContain("(Parameter '", text);
        Assert.DoesNotContain("System.", text);
        Assert.DoesNotContain("LabApp.Core.", text);
        Assert.DoesNotContain("SQLite Error", text);
    }

    public static string[] Lines(string text) => text.Split('\n', StringSplitOptions.RemoveEmptyEntries);

    private static bool IsProgress(string line) =>
        line.StartsWith("embedding: ", StringComparison.Ordinal) || line.StartsWith("classifying: ", StringComparison.Ordinal)
        || line.StartsWith("answers: ", StringComparison.Ordinal) || line.StartsWith("downloading ", StringComparison.Ordinal)
        || line.StartsWith("reading ", StringComparison.Ordinal) || line.StartsWith("wrote ", StringComparison.Ordinal);

    /// <summary>
    /// Every file under <paramref name="folder"/> with its length and SHA-256 (SQLite's -wal and -shm aside, which come
    /// and go with connections), sorted: equal before and after a case when the case left the folder as it was.
    /// </summary>
    public static IReadOnlyList<string> Fingerprint(string folder)
    {
        if (!Directory.Exists(folder))
            return [];
        SqliteConnection.ClearAllPools();
        return Directory.EnumerateFileSystemEntries(folder, "*", SearchOption.AllDirectories)
            .Where(p => !p.EndsWith("-wal", StringComparison.Ordinal) && !p.EndsWith("-shm", StringComparison.Ordinal))
            .Select(p => Directory.Exists(p) ? Path.GetRelativePath(folder, p) + "/"
                : new FileInfo(p).LinkTarget is { } target ? $"{Path.GetRelativePath(folder, p)} -> {target}"
                : $"{Path.GetRelativePath(folder, p)} {new FileInfo(p).Length} {Hash(p)}")
            .Order(StringComparer.Ordinal)
            .ToArray();
    }

    /// <summary>Files whose name says an unfinished write: what a download or an extraction must never leave behind.</summary>
    public static IReadOnlyList<string> Unfinished(string folder) =>
        Directory.Exists(folder)
            ? Directory.EnumerateFiles(folder, "*.incomplete", SearchOption.AllDirectories).ToArray()
            : [];

    /// <summary>
    /// A models folder of its own that needs no extraction and embeds nothing: the shared extracted MiniLM linked in, and
    /// a copy of the shared embedding cache, which the case may damage, lock or fill.
    /// </summary>
    public static string WarmModels(string purpose)
    {
        var models = TestFolders.Create(purpose);
        var shared = Environment.GetEnvironmentVariable("LAB_MODELS_DIR")!;
        var miniLm = Path.Combine(shared, "sentence-transformers", "all-MiniLM-L6-v2");
        var target = Directory.CreateDirectory(Path.Combine(models, "sentence-transformers", "all-MiniLM-L6-v2")).FullName;
        foreach (var file in Directory.EnumerateFiles(miniLm))
            File.CreateSymbolicLink(Path.Combine(target, Path.GetFileName(file)), file);
        var embeddings = Directory.CreateDirectory(Path.Combine(models, "embeddings")).FullName;
        foreach (var file in Directory.EnumerateFiles(Path.Combine(shared, "embeddings"), "*.sqlite"))
            CopyDatabase(file, Path.Combine(embeddings, Path.GetFileName(file)));
        return models;
    }

    /// <summary>The MiniLM cache file of a <see cref="WarmModels"/> folder.</summary>
    public static string MiniLmCache(string models) =>
        Directory.EnumerateFiles(Path.Combine(models, "embeddings"), "sentence-transformers_all-MiniLM-L6-v2_*.sqlite").Single();

    /// <summary>A consistent copy of a SQLite file another test may be writing: through SQLite's own backup.</summary>
    public static void CopyDatabase(string source, string target)
    {
        using var from = new SqliteConnection(new SqliteConnectionStringBuilder { DataSource = source, Mode = SqliteOpenMode.ReadOnly, Pooling = false }.ToString());
        using var to = new SqliteConnection(new SqliteConnectionStringBuilder { DataSource = target, Pooling = false }.ToString());
        from.Open();
        to.Open();
        from.BackupDatabase(to);
    }

    /// <summary>Whether this test process may mount file systems (root in a container that allows it): a full disk is a tiny tmpfs.</summary>
    public static bool TryMountTmpfs(string folder, string options)
    {
        if (!OperatingSystem.IsLinux() || Environment.UserName != "root")
            return false;
        Directory.CreateDirectory(folder);
        return RunTool("mount", "-t", "tmpfs", "-o", options, "tmpfs", folder) == 0;
    }

    public static void Unmount(string folder) => RunTool("umount", "-l", folder);

    public static int RunTool(string tool, params string[] args)
    {
        var start = new ProcessStartInfo(tool) { RedirectStandardError = true, RedirectStandardOutput = true };
        foreach (var arg in args)
            start.ArgumentList.Add(arg);
        try
        {
            using var process = Process.Start(start)!;
            process.WaitForExit(10_000);
            return process.HasExited ? process.ExitCode : -1;
        }
        catch (System.ComponentModel.Win32Exception)
        {
            return -1;
        }
    }

    /// <summary>Whether this process was started with <paramref name="signal"/> ignored, as the commands it starts then are (/proc's SigIgn).</summary>
    public static bool IgnoredSinceStart(int signal)
    {
        var mask = File.ReadLines("/proc/self/status").First(l => l.StartsWith("SigIgn:", StringComparison.Ordinal))["SigIgn:".Length..].Trim();
        return (ulong.Parse(mask, System.Globalization.NumberStyles.HexNumber, System.Globalization.CultureInfo.InvariantCulture) & (1UL << (signal - 1))) != 0;
    }

    private static string Hash(string path)
    {
        using var stream = File.OpenRead(path);
        return Convert.ToHexStringLower(SHA256.HashData(stream))[..16];
    }
}
