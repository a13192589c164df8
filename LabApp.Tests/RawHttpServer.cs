using System.Net;
using System.Net.Sockets;
using System.Text;

namespace LabApp.Tests;

/// <summary>
/// A TCP server on 127.0.0.1 that speaks just enough HTTP to misbehave as Kestrel never would: it accepts and never
/// answers, stops mid-body, trickles, or closes every connection. Each request is handed to <c>serve</c> read whole.
/// </summary>
internal sealed class RawHttpServer : IAsyncDisposable
{
    private readonly TcpListener _listener = new(IPAddress.Loopback, 0);
    private readonly CancellationTokenSource _stop = new(TimeSpan.FromSeconds(30));
    private readonly Func<RawRequest, CancellationToken, Task> _serve;
    private readonly Task _accepting;

    public RawHttpServer(Func<RawRequest, CancellationToken, Task> serve)
    {
        _serve = serve;
        _listener.Start();
        Endpoint = new Uri($"http://127.0.0.1:{((IPEndPoint)_listener.LocalEndpoint).Port}/");
        _accepting = AcceptAsync();
    }

    public Uri Endpoint { get; }

    public async ValueTask DisposeAsync()
    {
        await _stop.CancelAsync();
        _listener.Stop();
        await _accepting;
        _stop.Dispose();
    }

    private async Task AcceptAsync()
    {
        var connections = new List<Task>();
        try
        {
            while (true)
                connections.Add(ServeAsync(await _listener.AcceptTcpClientAsync(_stop.Token)));
        }
        catch (Exception e) when (e is OperationCanceledException or SocketException or ObjectDisposedException)
        {
        }

        await Task.WhenAll(connections);
    }

    private async Task ServeAsync(TcpClient client)
    {
        using (client)
        {
            try
            {
                var stream = client.GetStream();
                while (await ReadRequestAsync(stream) is { } request)
                    await _serve(request, _stop.Token);
            }
            catch (Exception e) when (e is OperationCanceledException or IOException or SocketException or ObjectDisposedException)
            {
            }
        }
    }

    private async Task<RawRequest?> ReadRequestAsync(NetworkStream stream)
    {
        var head = new StringBuilder();
        var one = new byte[1];
        while (!head.ToString().EndsWith("\r\n\r\n", StringComparison.Ordinal))
        {
            if (await stream.ReadAsync(one, _stop.Token) == 0)
                return null;
            head.Append((char)one[0]);
        }

        var lines = head.ToString().Split("\r\n", StringSplitOptions.RemoveEmptyEntries);
        var headers = lines.Skip(1).Select(l => l.Split(':', 2)).ToDictionary(p => p[0].Trim(), p => p[1].Trim(), StringComparer.OrdinalIgnoreCase);
        var body = new byte[int.Parse(headers.GetValueOrDefault("Content-Length") ?? "0")];
        await stream.ReadExactlyAsync(body, _stop.Token);
        return new RawRequest(lines[0].Split(' ')[0], headers.GetValueOrDefault("Range"), Encoding.UTF8.GetString(body), stream);
    }
}

/// <summary>One request as <see cref="RawHttpServer"/> read it, with the connection's stream to answer on.</summary>
internal sealed record RawRequest(string Method, string? Range, string Body, NetworkStream Stream)
{
    /// <summary>Ends the connection, as an HTTP/1.0 server does after each answer or a broken one before answering.</summary>
    public void Close() => Stream.Close();

    /// <summary>Writes a status line and headers; the body, if any, is the caller's to write.</summary>
    public Task WriteHeadAsync(string status, long contentLength, string? etag, CancellationToken ct, string? contentRange = null)
    {
        var head = $"HTTP/1.1 {status}\r\nContent-Length: {contentLength}\r\n"
            + (etag is null ? "" : $"ETag: \"{etag}\"\r\n")
            + (contentRange is null ? "" : $"Content-Range: {contentRange}\r\n")
            + "\r\n";
        return Stream.WriteAsync(Encoding.ASCII.GetBytes(head), ct).AsTask();
    }
}
