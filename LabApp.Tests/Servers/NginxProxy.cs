using System.Diagnostics;
using System.Net.Sockets;

namespace LabApp.Tests.Servers;

/// <summary>
/// A private nginx running the committed <c>deploy/nginx/lab.conf</c> in front of the test's lab servers: the file is
/// copied with its two upstream ports and its listen port replaced (each replacement must find its line, so the test
/// fails if the file drifts from what it checks), and included in a minimal main configuration whose paths are all in a
/// temporary folder. The one addition, outside the committed file, is a response header naming the upstream that
/// answered, so a test can tell which server holds a browser.
/// </summary>
public sealed class NginxProxy : IAsyncDisposable
{
    public const string Binary = "/usr/sbin/nginx";

    /// <summary>The response header that names the server that answered (<c>127.0.0.1:port</c>).</summary>
    public const string UpstreamHeader = "x-lab-upstream";

    private readonly Process _process;
    private readonly string _folder;

    private NginxProxy(Process process, string folder, Uri address)
    {
        _process = process;
        _folder = folder;
        Address = address;
    }

    public Uri Address { get; }

    public string ErrorLog => File.Exists(Path.Combine(_folder, "error.log")) ? File.ReadAllText(Path.Combine(_folder, "error.log")) : "";

    public static async Task<NginxProxy> StartAsync(int firstServerPort, int secondServerPort)
    {
        if (!File.Exists(Binary))
            throw new InvalidOperationException($"{Binary} is missing: install Debian's nginx package (apt-get install -y nginx; bash .ci/run does).");
        var folder = TestFolders.Create("nginx");
        var port = LocalPorts.Free();
        var lab = File.ReadAllText(Path.Combine(RepositoryPaths.Root, "deploy", "nginx", "lab.conf"));
        lab = ReplacedOnce(lab, "server 127.0.0.1:5001 ", $"server 127.0.0.1:{firstServerPort} ");
        lab = ReplacedOnce(lab, "server 127.0.0.1:5002 ", $"server 127.0.0.1:{secondServerPort} ");
        lab = ReplacedOnce(lab, "listen 80;", $"listen 127.0.0.1:{port};");
        File.WriteAllText(Path.Combine(folder, "lab.conf"), lab);
        var temp = Directory.CreateDirectory(Path.Combine(folder, "temp")).FullName;
        File.WriteAllText(Path.Combine(folder, "nginx.conf"), $$"""
            {{(Environment.UserName == "root" ? "user root;" : "")}}
            worker_processes 1;
            pid {{folder}}/nginx.pid;
            error_log {{folder}}/error.log warn;
            events { worker_connections 512; }
            http {
                access_log {{folder}}/access.log;
                client_body_temp_path {{temp}}/body;
                proxy_temp_path {{temp}}/proxy;
                fastcgi_temp_path {{temp}}/fastcgi;
                uwsgi_temp_path {{temp}}/uwsgi;
                scgi_temp_path {{temp}}/scgi;
                add_header {{UpstreamHeader}} $upstream_addr always;
                include {{folder}}/lab.conf;
            }
            """);

        var start = new ProcessStartInfo(Binary) { RedirectStandardOutput = true, RedirectStandardError = true };
        foreach (var argument in (string[])["-p", folder, "-e", Path.Combine(folder, "error.log"), "-c", Path.Combine(folder, "nginx.conf"), "-g", "daemon off;"])
            start.ArgumentList.Add(argument);
        var process = Process.Start(start) ?? throw new InvalidOperationException("nginx could not be started.");
        var proxy = new NginxProxy(process, folder, new Uri($"http://127.0.0.1:{port}/"));
        var deadline = DateTime.UtcNow.AddSeconds(20);
        while (true)
        {
            if (process.HasExited)
                throw new InvalidOperationException($"nginx exited with code {process.ExitCode}: {await process.StandardError.ReadToEndAsync()}\n{proxy.ErrorLog}");
            try
            {
                using var client = new TcpClient();
                await client.ConnectAsync("127.0.0.1", port);
                return proxy;
            }
            catch (SocketException) when (DateTime.UtcNow < deadline)
            {
                await Task.Delay(100);
            }
        }
    }

    public async ValueTask DisposeAsync()
    {
        if (!_process.HasExited)
        {
            _process.Kill(entireProcessTree: true);
            await _process.WaitForExitAsync();
        }

        _process.Dispose();
    }

    private static string ReplacedOnce(string text, string line, string replacement)
    {
        var at = text.IndexOf(line, StringComparison.Ordinal);
        if (at < 0 || text.IndexOf(line, at + 1, StringComparison.Ordinal) >= 0)
            throw new InvalidOperationException($"deploy/nginx/lab.conf no longer has exactly one \"{line.Trim()}\": update the test's substitutions with the file.");
        return string.Concat(text.AsSpan(0, at), replacement, text.AsSpan(at + line.Length));
    }
}
