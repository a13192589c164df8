using System.Diagnostics;
using System.Runtime.InteropServices;
using LabApp.Tests.Headless;
using Mono.Unix;
using Mono.Unix.Native;

namespace LabApp.Tests.Faults;

/// <summary>
/// The corpus of bad input a careless user types, replayed by category: each case must end with its exit code and one
/// line that names what is wrong, never a stack trace, and must leave the model cache as it found it. Headless cases run
/// in process through the runner where that is the same thing, and as the built LabApp.dll where the process itself is
/// the subject (choosing between web server and command, signals, standard output).
/// </summary>
public sealed class BadInputCorpusTests
{
    private static readonly string DataDir = RepositoryPaths.SharedData;

    [Theory]
    // A value that is not a number, or past its type.
    [InlineData(2, "--take takes a whole number", "sample", "--split", "test", "--take", "abc")]
    [InlineData(2, "--take takes a whole number up to 2147483647, got '99999999999'", "sample", "--split", "test", "--take", "99999999999")]
    [InlineData(2, "--take takes a whole number", "sample", "--split", "test", "--take", "1.5")]
    [InlineData(2, "--take takes a whole number", "sample", "--split", "test", "--take", "")]
    [InlineData(2, "--seed takes a whole number from 0 to 18446744073709551615, got 'abc'", "sample", "--split", "test", "--take", "3", "--seed", "abc")]
    [InlineData(2, "--seed takes a whole number from 0", "sample", "--split", "test", "--take", "3", "--seed", "-1")]
    [InlineData(2, "--seed takes a whole number from 0", "sample", "--split", "test", "--take", "3", "--seed", "184467440737095516160")]
    [InlineData(2, "--train-size takes a whole number", "run", "centroid", "--train-size", "abc")]
    [InlineData(2, "--train-size takes a whole number", "run", "supervised", "--train-size", "99999999999")]
    [InlineData(2, "--test-size takes a whole number", "run", "centroid", "--test-size", "1e3")]
    [InlineData(2, "--seed takes a whole number", "run", "zero-shot", "--seed", "forty-two")]
    [InlineData(2, "--threshold takes a finite number", "run", "confidence", "--threshold", "abc")]
    [InlineData(2, "--threshold takes a finite number", "run", "confidence", "--threshold", "NaN")]
    [InlineData(2, "--threshold takes a finite number", "run", "confidence", "--threshold", "Infinity")]
    [InlineData(2, "--threshold takes a finite number", "run", "confidence", "--threshold", "0,15")]
    [InlineData(2, "--train-size takes a whole number up to 2147483647 for each value, got 'abc'", "run", "limited-data", "--train-size", "abc")]
    [InlineData(2, "--train-size takes a whole number up to 2147483647 for each value, got 'x'", "run", "limited-data", "--train-size", "100", "x")]
    [InlineData(2, "--test-size takes a whole number", "run", "limited-data", "--test-size", "abc")]
    [InlineData(2, "--seed takes a whole number", "run", "failure-analysis", "--seed", "abc")]
    // In range of the type, out of range of the task.
    [InlineData(2, "--take must be at least 1, got 0.", "sample", "--split", "test", "--take", "0")]
    [InlineData(2, "--train-size must be from 1 to 8530 (the train split), got 9000.", "run", "limited-data", "--train-size", "100", "9000")]
    [InlineData(2, "--test-size must be from 1 to 1066 (the test split), got 0.", "run", "limited-data", "--test-size", "0")]
    // A missing value: at the end, or before the next option.
    [InlineData(2, "--take needs a value: How many reviews", "sample", "--split", "test", "--take")]
    [InlineData(2, "--take needs a value before --json", "sample", "--split", "test", "--take", "--json")]
    [InlineData(2, "--split needs a value before --take", "sample", "--split", "--take", "3")]
    [InlineData(2, "--out needs a value: The .npy file", "embed", "--split", "test", "--out")]
    [InlineData(2, "--out needs a value before --split", "embed", "--out", "--split", "test")]
    [InlineData(2, "--model needs a value", "run", "supervised", "--model")]
    [InlineData(2, "--edge-cases-file needs a value", "run", "failure-analysis", "--edge-cases-file")]
    [InlineData(2, "--base-url needs a value before --yes", "run", "llm", "--base-url", "--yes")]
    [InlineData(2, "--threshold needs a value before --json", "run", "confidence", "--threshold", "--json")]
    // A variadic option stops at the next option: an option is never taken as a label or a size.
    [InlineData(2, "--labels needs a value before --models-dir", "run", "zero-shot", "--labels", "--models-dir", "elsewhere")]
    [InlineData(2, "--labels needs a value before --json", "run", "custom-labels", "--labels", "--json")]
    [InlineData(2, "--labels needs a value before --data-dir", "run", "confidence", "--labels", "--data-dir", "elsewhere")]
    [InlineData(2, "--train-size needs a value before --seed", "run", "limited-data", "--train-size", "--seed", "4")]
    // A required option left out.
    [InlineData(2, "--out is required", "embed", "--split", "test")]
    [InlineData(2, "--split is required", "sample", "--take", "3")]
    // A mistyped command, method or option: the nearest is named.
    [InlineData(2, "Unknown command 'embd' (did you mean embed?): use info, sample, embed, run, tokenize, compare.", "embd")]
    [InlineData(2, "Unknown command 'rn' (did you mean run?)", "rn", "supervised")]
    [InlineData(2, "Unknown command 'Info' (did you mean info?)", "Info")]
    [InlineData(2, "Unknown method 'supervisd' (did you mean supervised?)", "run", "supervisd")]
    [InlineData(2, "Unknown method 'limited-dat' (did you mean limited-data?)", "run", "limited-dat")]
    [InlineData(2, "Unknown option '--jsn' for 'sample' (did you mean --json?)", "sample", "--split", "test", "--take", "3", "--jsn")]
    [InlineData(2, "Unknown option '--treshold' for 'confidence' (did you mean --threshold?)", "run", "confidence", "--treshold", "0.3")]
    [InlineData(2, "Unknown option '--piece' for 'tokenize' (did you mean --pieces?)", "tokenize", "--piece")]
    [InlineData(2, "Unknown option '--bogus' for 'info'.", "info", "--bogus")]
    [InlineData(2, "'extra' is not an option or a value of 'info'", "info", "extra")]
    [InlineData(2, "'6' is not an option or a value of 'run'", "run", "centroid", "--train-size", "5", "6")]
    // Values of the right type that name nothing.
    [InlineData(2, "Unknown split 'dev'", "sample", "--split", "dev", "--take", "3")]
    [InlineData(2, "Unknown embedding model 'nope'", "tokenize", "--model", "nope")]
    [InlineData(2, "Unknown measure 'avg'", "run", "confidence", "--measure", "avg")]
    [InlineData(2, "Unknown method ''", "run")]
    public async Task A_bad_argument_exits_2_with_one_line_and_touches_nothing(int expectedCode, string expected, params string[] args)
    {
        var models = TestFolders.Create("corpus-models");
        var (code, output, error) = await HeadlessRunnerTests.Run(["--data-dir", DataDir, "--models-dir", models, .. args]);

        AssertOneLine(expectedCode, expected, code, error);
        Assert.Equal("", output);
        Assert.Empty(Directory.EnumerateFileSystemEntries(models));
    }

    [Theory]
    [InlineData("embd")]
    [InlineData("--data-dir", "../shared/data", "samle", "--split", "test")]
    [InlineData("serve")]
    public async Task A_mistyped_command_is_refused_rather_than_starting_the_web_server(params string[] args)
    {
        var (code, _, error) = await LabProcess.RunAsync(args);

        AssertOneLine(2, "Unknown command", code, error);
        Assert.Contains("use info, sample, embed, run, tokenize", error);
    }

    [Theory]
    [InlineData(2, 130)]
    [InlineData(15, 143)]
    public async Task A_signal_during_embed_ends_it_between_batches_with_the_shells_code_and_a_consistent_cache(int signal, int expectedCode)
    {
        var models = TestFolders.Create("corpus-signal-models");
        var folder = TestFolders.Create("corpus-signal-out");
        using var process = LabProcess.Start(["--data-dir", DataDir, "--models-dir", models, "embed", "--split", "train", "--out", Path.Combine(folder, "train.npy")]);
        var stdout = process.StandardOutput.ReadToEndAsync();
        while (await process.StandardError.ReadLineAsync() is { } line && !line.StartsWith("embedding: ", StringComparison.Ordinal))
        {
        }

        LabProcess.Signal(process, signal);
        var rest = await process.StandardError.ReadToEndAsync();
        await process.WaitForExitAsync().WaitAsync(TimeSpan.FromSeconds(60));

        if (IgnoredSinceStart(signal))
        {
            // Started with the signal ignored (a background job of a shell without job control: POSIX leaves SIGINT
            // ignored there), the command keeps it ignored, as every program should, and simply finishes.
            Assert.True(process.ExitCode == 0, $"exit {process.ExitCode}: {rest}");
            Assert.Single(Directory.EnumerateFileSystemEntries(folder));
            return;
        }

        Assert.True(process.ExitCode == expectedCode, $"exit {process.ExitCode}: {rest}");
        Assert.StartsWith("cancelled: nothing was written", rest.Split('\n', StringSplitOptions.RemoveEmptyEntries).Last(l => !l.StartsWith("embedding: ", StringComparison.Ordinal)));
        Assert.DoesNotContain("   at ", rest);
        Assert.Equal("", await stdout);
        Assert.Empty(Directory.EnumerateFileSystemEntries(folder));
        // The interrupted cache still serves: the test split embedded through it is byte for byte the shared cache's.
        var again = Path.Combine(folder, "test.npy");
        var (code, _, error) = await HeadlessRunnerTests.Run("--data-dir", DataDir, "--models-dir", models, "embed", "--split", "test", "--out", again);
        Assert.True(code == 0, error);
        Assert.Equal(await ReferenceTestSplit.Value, await File.ReadAllBytesAsync(again));
    }

    // The signals this test process was started ignoring, which the commands it starts inherit: /proc's SigIgn mask.
    private static bool IgnoredSinceStart(int signal)
    {
        var mask = File.ReadLines("/proc/self/status").First(l => l.StartsWith("SigIgn:", StringComparison.Ordinal))["SigIgn:".Length..].Trim();
        return (ulong.Parse(mask, System.Globalization.NumberStyles.HexNumber, System.Globalization.CultureInfo.InvariantCulture) & (1UL << (signal - 1))) != 0;
    }

    [Theory]
    [InlineData("the folder {tmp}/missing does not exist", "{tmp}/missing/test.npy")]
    [InlineData("is a folder: name a file in it", "{tmp}")]
    [InlineData("/proc/labapp-corpus.npy cannot be written", "/proc/labapp-corpus.npy")]
    [InlineData("--out {tmp}/a-file/test.npy: {tmp}/a-file is a file, not a folder", "{tmp}/a-file/test.npy")]
    [InlineData("--out takes a file's path, got ''", "")]
    [InlineData("--out takes a file's path, got ' '", " ")]
    public async Task An_out_path_that_cannot_be_written_exits_2_before_anything_is_embedded(string expected, string path)
    {
        var models = TestFolders.Create("corpus-out-models");
        var tmp = TestFolders.Create("corpus-out");
        File.WriteAllText(Path.Combine(tmp, "a-file"), "not a folder");
        var (code, output, error) = await HeadlessRunnerTests.Run(
            "--data-dir", DataDir, "--models-dir", models, "embed", "--split", "test", "--out", path.Replace("{tmp}", tmp));

        AssertOneLine(2, expected.Replace("{tmp}", tmp), code, error);
        Assert.Equal("", output);
        Assert.Empty(Directory.EnumerateFileSystemEntries(models));
        Assert.Equal(["a-file"], Directory.EnumerateFileSystemEntries(tmp).Select(Path.GetFileName));
    }

    [Fact]
    public async Task Out_onto_a_device_writes_into_it_and_leaves_it_a_device()
    {
        var (code, _, error) = await HeadlessRunnerTests.Run("--data-dir", DataDir, "embed", "--split", "test", "--out", "/dev/null");

        Assert.True(code == 0, error);
        Assert.Equal(FileTypes.CharacterDevice, new UnixFileInfo("/dev/null").FileType);
    }

    [Fact]
    public async Task Out_onto_standard_output_is_the_npy_file_alone()
    {
        using var process = LabProcess.Start(["--data-dir", DataDir, "embed", "--split", "test", "--out", "/dev/stdout"]);
        using var bytes = new MemoryStream();
        var error = process.StandardError.ReadToEndAsync();
        await process.StandardOutput.BaseStream.CopyToAsync(bytes);
        await process.WaitForExitAsync().WaitAsync(TimeSpan.FromSeconds(60));

        Assert.True(process.ExitCode == 0, await error);
        Assert.Equal(await ReferenceTestSplit.Value, bytes.ToArray());
    }

    [Fact]
    public async Task Out_onto_a_named_pipe_writes_into_the_pipe()
    {
        var fifo = Path.Combine(TestFolders.Create("corpus-fifo"), "embeddings.fifo");
        Assert.Equal(0, Syscall.mkfifo(fifo, FilePermissions.S_IRUSR | FilePermissions.S_IWUSR));
        var read = Task.Run(() => File.ReadAllBytes(fifo));

        var (code, _, error) = await HeadlessRunnerTests.Run("--data-dir", DataDir, "embed", "--split", "test", "--out", fifo);

        Assert.True(code == 0, error);
        Assert.Equal(await ReferenceTestSplit.Value, await read.WaitAsync(TimeSpan.FromSeconds(30)));
        Assert.Equal(FileTypes.Fifo, new UnixFileInfo(fifo).FileType);
    }

    [Theory]
    [InlineData(true)]
    [InlineData(false)]
    public async Task Out_onto_a_symbolic_link_writes_its_target_and_keeps_the_link(bool targetExists)
    {
        var folder = TestFolders.Create("corpus-link");
        var target = Path.Combine(folder, "real.npy");
        if (targetExists)
            File.WriteAllText(target, "old");
        var link = Path.Combine(folder, "link.npy");
        File.CreateSymbolicLink(link, target);

        var (code, _, error) = await HeadlessRunnerTests.Run("--data-dir", DataDir, "embed", "--split", "test", "--out", link);

        Assert.True(code == 0, error);
        Assert.Equal(target, new FileInfo(link).LinkTarget);
        Assert.Equal(await ReferenceTestSplit.Value, await File.ReadAllBytesAsync(target));
        Assert.Equal(["link.npy", "real.npy"], Directory.EnumerateFileSystemEntries(folder).Select(Path.GetFileName).Order());
    }

    // The test split as `embed` writes it from the shared, warmed cache: what every other way of writing must equal.
    private static readonly Lazy<Task<byte[]>> ReferenceTestSplit = new(async () =>
    {
        var path = Path.Combine(TestFolders.Create("corpus-reference"), "test.npy");
        var (code, _, error) = await HeadlessRunnerTests.Run("--data-dir", DataDir, "embed", "--split", "test", "--out", path);
        Assert.True(code == 0, error);
        return await File.ReadAllBytesAsync(path);
    });

    private static void AssertOneLine(int expectedCode, string expected, int code, string error)
    {
        Assert.True(code == expectedCode, $"exit {code}, not {expectedCode}: {error}");
        var line = Assert.Single(error.Split('\n', StringSplitOptions.RemoveEmptyEntries));
        Assert.Contains(expected, line);
        Assert.DoesNotContain("   at ", error);
        Assert.DoesNotContain("Exception", error);
    }
}

/// <summary>The built LabApp as its own process: <c>dotnet LabApp.dll ARGS</c> from the test output, over the real data.</summary>
internal static class LabProcess
{
    /// <summary>Starts it with this process's environment and <paramref name="environment"/>'s variables besides.</summary>
    public static Process Start(IEnumerable<string> args, bool redirectInput = false, IReadOnlyDictionary<string, string>? environment = null)
    {
        var start = new ProcessStartInfo("dotnet")
        {
            WorkingDirectory = RepositoryPaths.Root,
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            RedirectStandardInput = redirectInput,
        };
        start.ArgumentList.Add(Path.Combine(AppContext.BaseDirectory, "LabApp.dll"));
        foreach (var (name, value) in environment ?? new Dictionary<string, string>())
            start.Environment[name] = value;
        foreach (var arg in args)
            start.ArgumentList.Add(arg);
        return Process.Start(start) ?? throw new InvalidOperationException("dotnet could not be started.");
    }

    /// <summary>Runs to the end (a server that never exits fails the test after a minute).</summary>
    public static async Task<(int Code, string Output, string Error)> RunAsync(IEnumerable<string> args, IReadOnlyDictionary<string, string>? environment = null)
    {
        using var process = Start(args, environment: environment);
        var output = process.StandardOutput.ReadToEndAsync();
        var error = process.StandardError.ReadToEndAsync();
        using var limit = new CancellationTokenSource(TimeSpan.FromSeconds(60));
        try
        {
            await process.WaitForExitAsync(limit.Token);
        }
        catch (OperationCanceledException)
        {
            process.Kill(entireProcessTree: true);
            throw new TimeoutException($"dotnet LabApp.dll {string.Join(' ', args)} did not exit within 60 s.");
        }

        return (process.ExitCode, await output, await error);
    }

    /// <summary>Sends a POSIX signal (SIGINT 2, SIGTERM 15) as a terminal or a service manager does.</summary>
    public static void Signal(Process process, int signal)
    {
        if (kill(process.Id, signal) != 0)
            throw new InvalidOperationException($"kill({process.Id}, {signal}) failed: errno {Marshal.GetLastPInvokeError()}.");
    }

    [DllImport("libc", SetLastError = true)]
    private static extern int kill(int pid, int signal);
}
