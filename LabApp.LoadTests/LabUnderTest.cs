using System.Diagnostics;
using System.Globalization;
using System.Net.Sockets;
using System.Text.RegularExpressions;

namespace LabApp.LoadTests;

/// <summary>
/// The lab the students load: one this program started (the built LabApp on a free 127.0.0.1 port, over the real data
/// and LAB_MODELS_DIR, with a run log of its own in a temporary folder) or one already running at an address. Its
/// memory is read from /proc while its process id is known.
/// </summary>
public sealed partial class LabUnderTest : IAsyncDisposable
{
    private readonly Process? _process;
    private readonly string? _folder;
    private const int EchoedLines = 12;
    // Linux reports process and machine times in USER_HZ ticks, 100 a second on every architecture it runs on.
    private const double ClockTicksPerSecond = 100;
    private int _circuitFailures;
    private int _echoed = -1;
    // False from a circuit failure's first line until the next line names its exception.
    private bool? _failureNamed;
    private readonly TaskCompletionSource _warmStartDone = new(TaskCreationOptions.RunContinuationsAsynchronously);

    private LabUnderTest(Uri address, int? processId, Process? process, string? folder)
    {
        Address = address;
        ProcessId = processId;
        _process = process;
        _folder = folder;
    }

    public Uri Address { get; }

    /// <summary>Done when the lab's log says its warm start is done; at once for a lab this program did not start.</summary>
    public Task WarmStartDone => _process is null ? Task.CompletedTask : _warmStartDone.Task;

    public int? ProcessId { get; }

    /// <summary>
    /// Circuits the server's log says an unhandled exception ended, other than ones whose browser had already gone (only
    /// for a lab this program started).
    /// </summary>
    public int CircuitFailures => Volatile.Read(ref _circuitFailures);

    public static LabUnderTest Running(Uri address, int? processId) => new(address, processId, null, null);

    public static async Task<LabUnderTest> StartAsync(TextWriter log, IReadOnlyDictionary<string, string>? environment = null)
    {
        var labDll = AppContext.BaseDirectory.Replace(Path.Combine("LabApp.LoadTests", "bin"), Path.Combine("LabApp", "bin"), StringComparison.Ordinal);
        labDll = Path.Combine(labDll, "LabApp.dll");
        if (!File.Exists(labDll))
            throw new LabUnavailable($"{labDll} is missing: build the lab first (dotnet build LabApp.sln).");
        if (Environment.GetEnvironmentVariable("LAB_DATA_DIR") is not { Length: > 0 })
            throw new LabUnavailable("Set LAB_DATA_DIR to the folder holding rotten_tomatoes/ (and LAB_MODELS_DIR to a warm model cache), or pass --url.");
        var folder = Directory.CreateTempSubdirectory("labapp-load-").FullName;
        var address = new Uri($"http://127.0.0.1:{FreePort()}/");
        var start = new ProcessStartInfo("dotnet")
        {
            WorkingDirectory = Path.GetDirectoryName(labDll)!,
            RedirectStandardOutput = true,
            RedirectStandardError = true,
        };
        foreach (var argument in new[] { labDll, "--urls", address.AbsoluteUri.TrimEnd('/'), "--log-path", Path.Combine(folder, "runs.sqlite") })
            start.ArgumentList.Add(argument);
        start.Environment["ASPNETCORE_ENVIRONMENT"] = "Production";
        // A failed event comes back to the student with its exception's message, so a page error says what went wrong.
        start.Environment["ASPNETCORE_DETAILEDERRORS"] = "true";
        foreach (var (name, value) in environment ?? new Dictionary<string, string>())
            start.Environment[name] = value;
        var process = Process.Start(start) ?? throw new InvalidOperationException("dotnet could not be started.");
        var lab = new LabUnderTest(address, process.Id, process, folder);
        process.OutputDataReceived += (_, e) => lab.Read(e.Data, log);
        process.ErrorDataReceived += (_, e) => lab.Read(e.Data, log);
        process.BeginOutputReadLine();
        process.BeginErrorReadLine();
        await lab.WaitUntilServingAsync(TimeSpan.FromSeconds(120));
        return lab;
    }

    /// <summary>The lab's resident memory in MB, or null when its process is not known or is gone.</summary>
    public double? ResidentMegabytes()
    {
        if (ProcessId is not { } id)
            return null;
        try
        {
            var line = File.ReadLines($"/proc/{id}/status").FirstOrDefault(l => l.StartsWith("VmRSS:", StringComparison.Ordinal));
            return line is null ? null : double.Parse(Digits().Match(line).Value, CultureInfo.InvariantCulture) / 1024;
        }
        catch (IOException)
        {
            return null;
        }
    }

    /// <summary>CPU seconds the lab's process has used (user and system), or null when its process is not known or is gone.</summary>
    public double? CpuSeconds()
    {
        if (ProcessId is not { } id)
            return null;
        try
        {
            // The command name, in parentheses, may hold spaces: the fields that follow it are counted from its end.
            var stat = File.ReadAllText($"/proc/{id}/stat");
            var fields = stat[(stat.LastIndexOf(')') + 2)..].Split(' ');
            return (double.Parse(fields[11], CultureInfo.InvariantCulture) + double.Parse(fields[12], CultureInfo.InvariantCulture)) / ClockTicksPerSecond;
        }
        catch (IOException)
        {
            return null;
        }
    }

    /// <summary>CPU seconds the whole machine has been busy (every process, every core), from /proc/stat.</summary>
    public static double MachineBusySeconds()
    {
        var ticks = File.ReadLines("/proc/stat").First().Split(' ', StringSplitOptions.RemoveEmptyEntries).Skip(1)
            .Select(t => double.Parse(t, CultureInfo.InvariantCulture)).ToArray();
        // user nice system idle iowait irq softirq steal: idle and iowait are the time no process ran.
        return (ticks.Take(8).Sum() - ticks[3] - ticks[4]) / ClockTicksPerSecond;
    }

    private void Read(string? line, TextWriter log)
    {
        if (line is null)
            return;
        // An exception the framework reports for a circuit whose browser has already gone (a tab closed while a chart
        // was being drawn) ends nothing a student sees: the failures counted are the others.
        if (_failureNamed is false)
        {
            _failureNamed = true;
            if (!line.TrimStart().StartsWith("Microsoft.JSInterop.JSDisconnectedException", StringComparison.Ordinal))
                Interlocked.Increment(ref _circuitFailures);
        }

        if (line.Contains("Unhandled exception in circuit", StringComparison.Ordinal))
            _failureNamed = false;
        if (line.Contains("Warm start done", StringComparison.Ordinal) || line.Contains("The warm start stopped", StringComparison.Ordinal))
            _warmStartDone.TrySetResult();
        if (line.Contains("fail:", StringComparison.Ordinal) || line.Contains("crit:", StringComparison.Ordinal))
        {
            _echoed = 0;
            log.WriteLine($"lab: {line}");
        }
        // The console logger indents an entry's message and exception under its first line: the first lines say why.
        else if (_echoed is >= 0 and < EchoedLines && line.StartsWith(' '))
        {
            _echoed++;
            log.WriteLine($"lab: {line}");
        }
        else
            _echoed = -1;
    }

    private async Task WaitUntilServingAsync(TimeSpan limit)
    {
        using var http = new HttpClient { Timeout = TimeSpan.FromSeconds(10) };
        var deadline = DateTime.UtcNow + limit;
        while (DateTime.UtcNow < deadline)
        {
            if (_process!.HasExited)
                throw new LabUnavailable($"The lab exited with code {_process.ExitCode} before serving.");
            try
            {
                using var response = await http.GetAsync(Address);
                if (response.IsSuccessStatusCode)
                    return;
            }
            catch (Exception e) when (e is HttpRequestException or TaskCanceledException)
            {
                // Not serving yet.
            }

            await Task.Delay(500);
        }

        throw new LabUnavailable($"The lab did not answer at {Address} within {limit.TotalSeconds} s.");
    }

    private static int FreePort()
    {
        using var listener = new TcpListener(System.Net.IPAddress.Loopback, 0);
        listener.Start();
        return ((System.Net.IPEndPoint)listener.LocalEndpoint).Port;
    }

    [GeneratedRegex(@"\d+")]
    private static partial Regex Digits();

    public async ValueTask DisposeAsync()
    {
        if (_process is not null)
        {
            if (!_process.HasExited)
            {
                _process.Kill(entireProcessTree: true);
                await _process.WaitForExitAsync();
            }

            _process.Dispose();
        }

        if (_folder is not null)
            Directory.Delete(_folder, recursive: true);
    }
}
