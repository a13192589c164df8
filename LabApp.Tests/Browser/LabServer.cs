using System.Diagnostics;
using System.Net.Sockets;

namespace LabApp.Tests.Browser;

/// <summary>
/// The lab as a student gets it: the built LabApp started as its own process on a free 127.0.0.1 port, over the real
/// data, with the checkout's model cache. Stopped (and its output kept for the failure message) when the tests end.
/// </summary>
public sealed class LabServer : IAsyncDisposable
{
    private readonly Process _process;
    private readonly System.Text.StringBuilder _log = new();
    private bool _disposed;

    private LabServer(Process process, Uri address, string runLogPath)
    {
        _process = process;
        Address = address;
        RunLogPath = runLogPath;
    }

    public Uri Address { get; }

    /// <summary>The run log SQLite file this server writes, fresh per server.</summary>
    public string RunLogPath { get; }

    public string Log
    {
        get
        {
            lock (_log)
                return _log.ToString();
        }
    }

    /// <param name="environment">Variables for this server only (e.g. <c>LAB_INSTRUCTOR_KEY</c>); none for the shared server.</param>
    /// <param name="folder">Where its run log, workbooks and links live: a server started again on the same folder is the lab restarted.</param>
    public static async Task<LabServer> StartAsync(IReadOnlyDictionary<string, string>? environment = null, string? folder = null)
    {
        var runLogPath = Path.Combine(folder ?? TestFolders.Create("browser"), "runs.sqlite");
        var port = FreePort();
        var address = new Uri($"http://127.0.0.1:{port}/");
        // The test output holds LabApp.dll too; running it from LabApp's own folder finds its static web assets.
        var labOutput = AppContext.BaseDirectory.Replace(
            Path.Combine("LabApp.Tests", "bin"), Path.Combine("LabApp", "bin"), StringComparison.Ordinal);
        var start = new ProcessStartInfo("dotnet")
        {
            WorkingDirectory = Path.Combine(RepositoryPaths.Root, "LabApp"),
            RedirectStandardOutput = true,
            RedirectStandardError = true,
        };
        start.ArgumentList.Add(Path.Combine(labOutput, "LabApp.dll"));
        start.ArgumentList.Add("--urls");
        start.ArgumentList.Add(address.AbsoluteUri.TrimEnd('/'));
        start.ArgumentList.Add("--data-dir");
        start.ArgumentList.Add(RepositoryPaths.SharedData);
        start.Environment["ASPNETCORE_ENVIRONMENT"] = "Development";
        // Each test prepares what it shows, at its own time; a server with its own models folder would otherwise embed the splits.
        start.Environment["LAB_WARM_START"] = "false";
        // The lab reads its run log path from --log-path (Lab:LogPath); a temp file keeps the tests' runs out of the developer's log.
        start.ArgumentList.Add("--log-path");
        start.ArgumentList.Add(runLogPath);
        foreach (var (name, value) in environment ?? new Dictionary<string, string>())
            start.Environment[name] = value;

        var process = Process.Start(start) ?? throw new InvalidOperationException("dotnet could not be started.");
        var server = new LabServer(process, address, runLogPath);
        process.OutputDataReceived += (_, e) => server.Append(e.Data);
        process.ErrorDataReceived += (_, e) => server.Append(e.Data);
        process.BeginOutputReadLine();
        process.BeginErrorReadLine();
        await server.WaitUntilServingAsync(TimeSpan.FromSeconds(60));
        return server;
    }

    private void Append(string? line)
    {
        if (line is null)
            return;
        lock (_log)
            _log.AppendLine(line);
    }

    private async Task WaitUntilServingAsync(TimeSpan limit)
    {
        using var http = new HttpClient { Timeout = TimeSpan.FromSeconds(5) };
        var deadline = DateTime.UtcNow + limit;
        while (DateTime.UtcNow < deadline)
        {
            if (_process.HasExited)
                throw new InvalidOperationException($"The lab exited with code {_process.ExitCode}:\n{Log}");
            try
            {
                using var response = await http.GetAsync(Address);
                if (response.IsSuccessStatusCode)
                    return;
            }
            catch (HttpRequestException)
            {
            }
            catch (TaskCanceledException)
            {
                // A first answer slower than the probe's 5 s (a server started while the other tests keep both cores
                // busy) is not yet serving: ask again until the limit.
            }

            await Task.Delay(250);
        }

        throw new TimeoutException($"The lab did not answer at {Address} within {limit.TotalSeconds} s:\n{Log}");
    }

    private static int FreePort()
    {
        using var listener = new TcpListener(System.Net.IPAddress.Loopback, 0);
        listener.Start();
        return ((System.Net.IPEndPoint)listener.LocalEndpoint).Port;
    }

    // A test that restarts its lab disposes the first server before starting the second: when that start fails, its
    // finally disposes the first again, and the start's own failure must be what the test reports.
    public async ValueTask DisposeAsync()
    {
        if (_disposed)
            return;
        _disposed = true;
        if (!_process.HasExited)
        {
            _process.Kill(entireProcessTree: true);
            await _process.WaitForExitAsync();
        }

        _process.Dispose();
    }
}
