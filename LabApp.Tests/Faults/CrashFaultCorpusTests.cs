using System.Net;
using System.Net.Sockets;
using System.Text;
using LabApp.Extensions;
using LabApp.Services;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.Data.Sqlite;
using Microsoft.Extensions.DependencyInjection;

namespace LabApp.Tests.Faults;

/// <summary>
/// The corpus's crashes: a suite file of the wrong shape, files that are folders or unreadable, the embedding cache
/// damaged, full, a folder or locked, the run log or links file unusable at start-up, the port taken, and bodies the
/// instructor's form never sends. Each ends with one line (or one notice, where the lab can go on without the cache),
/// never exit 134, a stack trace or HTTP 500.
/// </summary>
public sealed class CrashFaultCorpusTests
{
    [Theory]
    [InlineData("tests is missing", """{"maxCases": 5}""")]
    [InlineData("lexicons is null", """{"maxCases": 5, "lexicons": null, "tests": [{"capability": "x", "type": "MFT", "templates": ["positive: good"]}]}""")]
    [InlineData("tests is null", """{"maxCases": 5, "lexicons": [], "tests": null}""")]
    [InlineData("tests[0] is null", """{"maxCases": 5, "tests": [null]}""")]
    [InlineData("lexicons[0] is null", """{"maxCases": 5, "lexicons": [null], "tests": [{"capability": "x", "type": "MFT", "templates": ["positive: good"]}]}""")]
    [InlineData("lexicons[0].words is null", """{"maxCases": 5, "lexicons": [{"name": "thing", "words": null}], "tests": [{"capability": "x", "type": "MFT", "templates": ["positive: good"]}]}""")]
    [InlineData("tests[1].templates is null", """{"maxCases": 5, "tests": [{"capability": "x", "type": "MFT", "templates": ["positive: good"]}, {"capability": "y", "type": "MFT", "templates": null}]}""")]
    [InlineData("tests[0].templates[1] is null", """{"maxCases": 5, "tests": [{"capability": "x", "type": "MFT", "templates": ["positive: good", null]}]}""")]
    [InlineData("maxCases is \"ten\": give a whole number from 1 to 200", """{"maxCases": "ten", "tests": [{"capability": "x", "type": "MFT", "templates": ["positive: good"]}]}""")]
    [InlineData("holds an array, not a suite", """[1, 2]""")]
    [InlineData("is not JSON", """{"tests": [""")]
    public async Task A_suite_file_of_the_wrong_shape_names_its_first_problem(string expected, string json)
    {
        var models = TestFolders.Create("crash-models");
        var file = Path.Combine(TestFolders.Create("crash-suite"), "suite.json");
        await File.WriteAllTextAsync(file, json);

        var (code, output, error) = await FaultCorpus.Run(models, "run", "checklist", "--suite-file", file);

        FaultCorpus.AssertOneLine(2, $"--suite-file {file}: {expected}", code, error);
        Assert.Equal("", output);
        Assert.Empty(Directory.EnumerateFileSystemEntries(models));
    }

    [Theory]
    [InlineData("is a folder: name a file in it", "run", "checklist", "--suite-file", "{folder}")]
    [InlineData("cannot be read", "run", "checklist", "--suite-file", "/proc/sys/vm/compact_memory")]
    [InlineData("is a folder: name a file in it", "run", "custom-labels", "--reviews-file", "{folder}")]
    [InlineData("is a folder: name a file in it", "run", "failure-analysis", "--edge-cases-file", "{folder}")]
    [InlineData("/dev/zero", "run", "custom-labels", "--reviews-file", "/dev/zero")]
    [InlineData("/dev/zero", "run", "confidence", "--reviews-file", "/dev/zero")]
    [InlineData("is a folder: name the run log file", "compare", "--a", "1", "--b", "2", "--log-path", "{folder}")]
    [InlineData("is not a run log", "compare", "--a", "1", "--b", "2", "--log-path", "{garbage}")]
    [InlineData("there is no run log at", "compare", "--a", "1", "--b", "2", "--log-path", "{folder}/none.sqlite")]
    public async Task A_file_that_is_a_folder_a_device_or_no_database_exits_2_naming_it(string expected, params string[] args)
    {
        var models = TestFolders.Create("crash-models");
        var folder = TestFolders.Create("crash-folder");
        var garbage = Path.Combine(TestFolders.Create("crash-garbage"), "runs.sqlite");
        await File.WriteAllTextAsync(garbage, "these bytes are not a SQLite database");

        var (code, output, error) = await FaultCorpus.Run(models, [.. args.Select(a => a.Replace("{folder}", folder).Replace("{garbage}", garbage))]);

        FaultCorpus.AssertOneLine(2, expected, code, error);
        Assert.Equal("", output);
        Assert.Empty(Directory.EnumerateFileSystemEntries(models));
        Assert.Empty(Directory.EnumerateFileSystemEntries(folder));
        Assert.Equal("these bytes are not a SQLite database", await File.ReadAllTextAsync(garbage));
    }

    [Fact]
    public async Task Tokenize_reading_dev_zero_stops_at_the_bound_of_a_line_with_one_line()
    {
        var (code, output, error) = await Shell.RunAsync("tokenize < /dev/zero");

        FaultCorpus.AssertOneLine(2, "line 1 of standard input has more than 100,000 characters", code, error);
        Assert.Equal("", output);
    }

    [Fact]
    public async Task An_embedding_cache_damaged_inside_is_set_aside_and_rebuilt_and_the_command_goes_on()
    {
        var models = FaultCorpus.WarmModels("crash-damaged");
        var cache = FaultCorpus.MiniLmCache(models);
        // Zeros over the middle half: the header, the schema and the table's root stay, so the file opens and its first
        // row reads, and the damage shows only when a lookup reaches a zeroed page.
        using (var file = new FileStream(cache, FileMode.Open, FileAccess.Write))
        {
            file.Position = file.Length / 4;
            file.Write(new byte[file.Length / 2]);
        }

        var outFile = Path.Combine(TestFolders.Create("crash-out"), "test.npy");
        var (code, output, error) = await FaultCorpus.Run(models, "embed", "--split", "test", "--out", outFile);

        FaultCorpus.AssertOneProblemLine(0, "was damaged", code, error);
        Assert.Equal("", output);
        Assert.Equal(128 + 1066 * 384 * 4, new FileInfo(outFile).Length);
        Assert.Single(Directory.GetFiles(Path.Combine(models, "embeddings"), "*.corrupt-*"));
    }

    [Fact]
    public async Task An_embedding_cache_that_is_a_folder_is_worked_around_with_one_notice()
    {
        var models = FaultCorpus.WarmModels("crash-folder-cache");
        var cache = FaultCorpus.MiniLmCache(models);
        File.Delete(cache);
        Directory.CreateDirectory(cache);

        var outFile = Path.Combine(TestFolders.Create("crash-out"), "test.npy");
        var (code, output, error) = await FaultCorpus.Run(models, "embed", "--split", "test", "--out", outFile);

        FaultCorpus.AssertOneProblemLine(0, $"{cache} is a folder", code, error);
        Assert.Equal("", output);
        Assert.True(Directory.Exists(cache));
        Assert.Equal(128 + 1066 * 384 * 4, new FileInfo(outFile).Length);
    }

    [Fact]
    public async Task An_embedding_cache_on_a_full_disk_keeps_what_it_had_and_the_command_goes_on()
    {
        var models = FaultCorpus.WarmModels("crash-full");
        var embeddings = Path.Combine(models, "embeddings");
        foreach (var file in Directory.EnumerateFiles(embeddings))
            File.Delete(file);
        if (!FaultCorpus.TryMountTmpfs(embeddings, "size=256k"))
            return; // Only where the test may mount a file system (root in the lab's container).
        try
        {
            var outFile = Path.Combine(TestFolders.Create("crash-out"), "test.npy");
            var (code, output, error) = await FaultCorpus.Run(models, "embed", "--split", "test", "--out", outFile);

            FaultCorpus.AssertOneProblemLine(0, "is full", code, error);
            Assert.Equal("", output);
            Assert.Equal(128 + 1066 * 384 * 4, new FileInfo(outFile).Length);
        }
        finally
        {
            SqliteConnection.ClearAllPools();
            FaultCorpus.Unmount(embeddings);
        }
    }

    [Fact]
    public async Task An_embedding_cache_another_program_holds_locked_is_waited_for_briefly_then_left_alone()
    {
        var models = FaultCorpus.WarmModels("crash-locked");
        var cache = FaultCorpus.MiniLmCache(models);
        File.Delete(cache);
        // Another program (a sqlite3 shell, another lab) in the middle of a write: the file has the cache's table, and
        // a transaction that holds its write lock for as long as the test runs.
        using var other = new SqliteConnection(new SqliteConnectionStringBuilder { DataSource = cache, Pooling = false }.ToString());
        other.Open();
        using (var schema = other.CreateCommand())
        {
            schema.CommandText = "PRAGMA journal_mode = WAL; CREATE TABLE embeddings (text_sha256 BLOB PRIMARY KEY, vector BLOB NOT NULL) WITHOUT ROWID;";
            schema.ExecuteNonQuery();
        }

        using var holding = other.BeginTransaction(deferred: false);
        using (var write = other.CreateCommand())
        {
            write.CommandText = "INSERT INTO embeddings VALUES (x'00', x'00')";
            write.ExecuteNonQuery();
        }

        var outFile = Path.Combine(TestFolders.Create("crash-out"), "test.npy");
        var started = DateTime.UtcNow;
        var (code, output, error) = await FaultCorpus.Run(models, "embed", "--split", "test", "--out", outFile);

        FaultCorpus.AssertOneProblemLine(0, "is busy", code, error);
        Assert.True(DateTime.UtcNow - started < TimeSpan.FromSeconds(25), $"took {DateTime.UtcNow - started}");
        Assert.Equal(128 + 1066 * 384 * 4, new FileInfo(outFile).Length);
    }

    public static TheoryData<string, string, string> StartupFaults => new()
    {
        // what, the option (a folder, garbage or a read-only file is put at {path}), what the line says
        { "folder", "--log-path", "is a folder" },
        { "garbage", "--log-path", "is not a database" },
        { "folder", "--Lab:LinksPath", "is a folder" },
        { "garbage", "--Lab:LinksPath", "is not a database" },
        { "folder", "--Lab:WorkbooksPath", "is a folder" },
        { "garbage", "--Lab:WorkbooksPath", "is not a database" },
        { "missing-folder", "--log-path", "cannot be created" },
        // A named pipe where the file belongs: SQLite would open it (waiting for a writer) and write a journal beside it.
        { "pipe", "--log-path", "is a device or a pipe, not a file" },
        { "pipe", "--Lab:WorkbooksPath", "is a device or a pipe, not a file" },
    };

    [Theory]
    [MemberData(nameof(StartupFaults))]
    public async Task The_web_app_refuses_to_start_on_an_unusable_store_with_one_line_and_exit_2(string what, string option, string expected)
    {
        var folder = TestFolders.Create("crash-startup");
        var path = Path.Combine(folder, "store.sqlite");
        switch (what)
        {
            case "folder":
                Directory.CreateDirectory(path);
                break;
            case "garbage":
                await File.WriteAllTextAsync(path, "these bytes are not a SQLite database");
                break;
            case "pipe":
                Assert.Equal(0, FaultCorpus.RunTool("mkfifo", path));
                break;
            default:
                var blocker = Path.Combine(folder, "a-file");
                await File.WriteAllTextAsync(blocker, "");
                path = Path.Combine(blocker, "store.sqlite");
                break;
        }

        var (code, _, error) = await StartWebAsync(option, path);

        FaultCorpus.AssertOneLine(2, expected, code, error);
        Assert.Contains(path, error);
        Assert.False(File.Exists(path + "-journal"), "a journal was written beside the store");
        if (what == "garbage")
            Assert.Equal("these bytes are not a SQLite database", await File.ReadAllTextAsync(path));
    }

    [Fact]
    public async Task The_web_app_refuses_a_read_only_run_log_with_one_line_and_exit_2()
    {
        var folder = TestFolders.Create("crash-readonly");
        var mount = Path.Combine(folder, "ro");
        if (!FaultCorpus.TryMountTmpfs(mount, "size=1m"))
            return;
        try
        {
            var path = Path.Combine(mount, "runs.sqlite");
            new Core.Storage.RunLog(path);
            SqliteConnection.ClearAllPools();
            Assert.Equal(0, FaultCorpus.RunTool("mount", "-o", "remount,ro", mount));

            var (code, _, error) = await StartWebAsync("--log-path", path);

            FaultCorpus.AssertOneLine(2, "cannot be written", code, error);
        }
        finally
        {
            FaultCorpus.Unmount(mount);
        }
    }

    [Fact]
    public async Task The_web_app_on_a_port_in_use_says_so_in_one_line_and_exits_2()
    {
        using var taken = new TcpListener(IPAddress.Loopback, 0);
        taken.Start();
        var port = ((IPEndPoint)taken.LocalEndpoint).Port;

        var (code, _, error) = await StartWebAsync("--log-path", Path.Combine(TestFolders.Create("crash-port"), "runs.sqlite"), port);

        FaultCorpus.AssertOneLine(2, $"port {port}", code, error);
        Assert.Contains("in use", error);
    }

    [Theory]
    [InlineData("form")]
    [InlineData("json")]
    [InlineData("empty")]
    public async Task The_instructor_form_answers_a_body_it_never_sends_with_400(string body)
    {
        var builder = WebApplication.CreateSlimBuilder();
        builder.Services.AddSingleton(TimeProvider.System);
        builder.Services.AddRunLog(Path.Combine(TestFolders.Create("crash-form"), "runs.sqlite"), "tuesday-class-7f3a");
        builder.WebHost.UseUrls("http://127.0.0.1:0");
        await using var app = builder.Build();
        app.UseBrowserIdCookie();
        app.MapRunLog();
        await app.StartAsync();
        using var http = new HttpClient { BaseAddress = new Uri(app.Urls.First()) };

        HttpContent content = body switch
        {
            "form" => new FormUrlEncodedContent([new("key", new string('k', 4 * 1024 * 1024 + 1))]),
            "json" => new StringContent("""{"key": "tuesday-class-7f3a"}""", Encoding.UTF8, "application/json"),
            _ => new ByteArrayContent([]),
        };
        using var response = await http.PostAsync("/log/class", content);

        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        var text = await response.Content.ReadAsStringAsync();
        Assert.Contains("key", text);
        FaultCorpus.AssertNoDotNetWording(text);
        await app.StopAsync();
    }

    [Fact]
    public async Task An_export_of_a_run_log_damaged_since_start_is_503_with_one_line_not_500()
    {
        var path = Path.Combine(TestFolders.Create("crash-export"), "runs.sqlite");
        var builder = WebApplication.CreateSlimBuilder();
        builder.Services.AddSingleton(TimeProvider.System);
        builder.Services.AddRunLog(path, instructorKey: null);
        builder.WebHost.UseUrls("http://127.0.0.1:0");
        await using var app = builder.Build();
        app.UseBrowserIdCookie();
        app.MapRunLog();
        await app.StartAsync();
        using var http = new HttpClient { BaseAddress = new Uri(app.Urls.First()) };
        SqliteConnection.ClearAllPools();
        await File.WriteAllTextAsync(path, "these bytes are not a SQLite database");

        using var response = await http.GetAsync("/log/export.csv");

        Assert.Equal(HttpStatusCode.ServiceUnavailable, response.StatusCode);
        var text = await response.Content.ReadAsStringAsync();
        Assert.StartsWith("This cannot be downloaded right now: the file is damaged.", text);
        Assert.DoesNotContain(path, text);
        FaultCorpus.AssertNoDotNetWording(text);
        await app.StopAsync();
    }

    /// <summary>The web app started as its own process with one store setting; it must exit by itself within a minute.</summary>
    private static Task<(int Code, string Output, string Error)> StartWebAsync(string option, string path, int? port = null) =>
        LabProcess.RunAsync([
            "--urls", $"http://127.0.0.1:{port ?? FreePort()}", "--data-dir", FaultCorpus.DataDir,
            .. option == "--log-path" ? Array.Empty<string>() : ["--log-path", Path.Combine(TestFolders.Create("crash-log"), "runs.sqlite")],
            option, path,
        ]);

    private static int FreePort()
    {
        using var listener = new TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        return ((IPEndPoint)listener.LocalEndpoint).Port;
    }
}

/// <summary>The built LabApp run through <c>sh -c</c>, for the redirections only a shell makes (<c>&lt; /dev/zero</c>).</summary>
internal static class Shell
{
    public static async Task<(int Code, string Output, string Error)> RunAsync(string labArguments, TimeSpan? limit = null, string environment = "")
    {
        var dll = Path.Combine(AppContext.BaseDirectory, "LabApp.dll");
        var start = new System.Diagnostics.ProcessStartInfo("sh")
        {
            WorkingDirectory = RepositoryPaths.Root,
            RedirectStandardOutput = true,
            RedirectStandardError = true,
        };
        start.ArgumentList.Add("-c");
        start.ArgumentList.Add($"{environment} exec dotnet '{dll}' --data-dir '{FaultCorpus.DataDir}' {labArguments}");
        using var process = System.Diagnostics.Process.Start(start)!;
        var output = process.StandardOutput.ReadToEndAsync();
        var error = process.StandardError.ReadToEndAsync();
        using var timeout = new CancellationTokenSource(limit ?? TimeSpan.FromSeconds(60));
        try
        {
            await process.WaitForExitAsync(timeout.Token);
        }
        catch (OperationCanceledException)
        {
            process.Kill(entireProcessTree: true);
            throw new TimeoutException($"sh -c \"{labArguments}\" did not exit in time.");
        }

        return (process.ExitCode, await output, await error);
    }
}
