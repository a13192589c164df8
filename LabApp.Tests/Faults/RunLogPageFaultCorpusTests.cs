using Bunit;
using LabApp.Components.Pages.Compare;
using LabApp.Components.Pages.Log;
using LabApp.Core.Storage;
using LabApp.Services;
using LabApp.Tests.Pages;
using Microsoft.Data.Sqlite;
using Microsoft.Extensions.DependencyInjection;

namespace LabApp.Tests.Faults;

/// <summary>
/// The corpus's crashes of the pages that read the run log: a log damaged, deleted, replaced by a folder or locked by
/// another program after the lab started. /log and /compare show one line beside their content that says what is wrong
/// and what to do (the file named to the instructor only), never an exception; the file is left as the fault left it.
/// </summary>
public sealed class RunLogPageFaultCorpusTests : PageTests
{
    [Theory]
    [InlineData(RunLogFault.Damaged, "The lab's run log is damaged")]
    [InlineData(RunLogFault.Deleted, "The lab's run log is no longer there")]
    [InlineData(RunLogFault.Folder, "The lab's run log is no longer there")]
    [InlineData(RunLogFault.Locked, "The lab's run log is busy")]
    public void The_log_page_says_what_is_wrong_with_the_run_log_in_one_line(RunLogFault fault, string expected)
    {
        Log.Add(TestRuns.Supervised());
        var path = Services.GetRequiredService<RunLog>().FilePath;
        using var broken = RunLogFaults.Break(path, fault);

        var page = RenderAt<RunLogPage>("log");

        var line = Assert.Single(page.FindAll(".run-log-problem")).TextContent.Trim();
        Assert.StartsWith(expected, line);
        Assert.Contains("your experiments still run", line);
        Assert.DoesNotContain(path, page.Markup);
        FaultCorpus.AssertNoDotNetWording(line);
        Assert.Empty(page.FindAll(".run-log tbody td.accuracy"));
        Assert.DoesNotContain("No runs yet", page.Markup);
        RunLogFaults.AssertAsLeft(path, fault);
    }

    [Theory]
    [InlineData(RunLogFault.Damaged, "The lab's run log is damaged")]
    [InlineData(RunLogFault.Deleted, "The lab's run log is no longer there")]
    [InlineData(RunLogFault.Locked, "The lab's run log is busy")]
    public void The_compare_page_says_what_is_wrong_with_the_run_log_in_one_line(RunLogFault fault, string expected)
    {
        Log.Add(TestRuns.Supervised());
        var path = Services.GetRequiredService<RunLog>().FilePath;
        using var broken = RunLogFaults.Break(path, fault);

        var page = RenderAt<ComparePage>("compare?a=1&b=2");

        var line = Assert.Single(page.FindAll(".run-log-problem")).TextContent.Trim();
        Assert.StartsWith(expected, line);
        Assert.DoesNotContain(path, page.Markup);
        FaultCorpus.AssertNoDotNetWording(line);
        Assert.Empty(page.FindAll(".no-runs"));
        Assert.Empty(page.FindAll(".agreement-table"));
        RunLogFaults.AssertAsLeft(path, fault);
    }
}

/// <summary>The same faults seen by the instructor, who is told which file and what to do with it.</summary>
public sealed class InstructorRunLogPageFaultCorpusTests() : PageTests(instructorKey: "tuesday-class-7f3a")
{
    [Theory]
    [InlineData(RunLogFault.Damaged, "is damaged: move it aside and restart the lab")]
    [InlineData(RunLogFault.Deleted, "is no longer there")]
    [InlineData(RunLogFault.Folder, "is no longer there")]
    public void The_instructor_is_told_which_file_and_what_to_do(RunLogFault fault, string expected)
    {
        Log.Add(TestRuns.Supervised());
        var path = Services.GetRequiredService<RunLog>().FilePath;
        Services.GetRequiredService<BrowserIdentity>().Attach(BrowserId, DateTimeOffset.UtcNow.AddHours(1));
        using var broken = RunLogFaults.Break(path, fault);

        var page = RenderAt<RunLogPage>("log");

        var line = Assert.Single(page.FindAll(".run-log-problem")).TextContent.Trim();
        Assert.StartsWith($"The run log at {path} ", line);
        Assert.Contains(expected, line);
        Assert.Contains("experiments still run", line);
        FaultCorpus.AssertNoDotNetWording(line);
        RunLogFaults.AssertAsLeft(path, fault);
    }
}

public enum RunLogFault
{
    Damaged,
    Deleted,
    Folder,
    Locked,
}

/// <summary>What happens to a run log file behind the lab's back, and what must be left of it afterwards.</summary>
internal static class RunLogFaults
{
    public const string Garbage = "these bytes are not a SQLite database";

    /// <summary>Breaks the run log at <paramref name="path"/>; the returned handle holds a lock until disposed.</summary>
    public static IDisposable Break(string path, RunLogFault fault)
    {
        SqliteConnection.ClearAllPools();
        switch (fault)
        {
            case RunLogFault.Damaged:
                DeleteWithCompanions(path);
                File.WriteAllText(path, Garbage);
                return new Nothing();
            case RunLogFault.Deleted:
                DeleteWithCompanions(path);
                return new Nothing();
            case RunLogFault.Folder:
                DeleteWithCompanions(path);
                Directory.CreateDirectory(path);
                return new Nothing();
            default:
                // Another program holds the file in SQLite's exclusive locking mode: no other connection may even read it.
                var other = new SqliteConnection(new SqliteConnectionStringBuilder { DataSource = path, Pooling = false }.ToString());
                other.Open();
                using (var holding = other.CreateCommand())
                {
                    holding.CommandText = "PRAGMA locking_mode = EXCLUSIVE; BEGIN EXCLUSIVE; DELETE FROM runs WHERE id < 0;";
                    holding.ExecuteNonQuery();
                }

                return other;
        }
    }

    /// <summary>The lab neither rebuilt nor replaced what the fault left: the run log holds the class's work.</summary>
    public static void AssertAsLeft(string path, RunLogFault fault)
    {
        switch (fault)
        {
            case RunLogFault.Damaged:
                Assert.Equal(Garbage, File.ReadAllText(path));
                break;
            case RunLogFault.Deleted:
                Assert.False(File.Exists(path), $"{path} was created again");
                break;
            case RunLogFault.Folder:
                Assert.Empty(Directory.EnumerateFileSystemEntries(path));
                break;
        }
    }

    private static void DeleteWithCompanions(string path)
    {
        foreach (var suffix in new[] { "", "-wal", "-shm" })
            File.Delete(path + suffix);
    }

    private sealed class Nothing : IDisposable
    {
        public void Dispose()
        {
        }
    }
}
