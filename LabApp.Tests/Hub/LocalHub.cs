using System.Collections.Concurrent;
using System.Globalization;
using System.Net;
using System.Net.Sockets;
using System.Security.Cryptography;

namespace LabApp.Tests.Hub;

/// <summary>
/// A stand-in for huggingface.co on 127.0.0.1: answers resolve URLs as the hub does (an LFS file is a redirect to a CDN
/// path carrying X-Repo-Commit, X-Linked-Etag and X-Linked-Size; the CDN answers Range requests with 206) and records
/// every request it sees. Disposing it stops it.
/// </summary>
internal sealed class LocalHub : IAsyncDisposable
{
    public const string Commit = "0123456789abcdef0123456789abcdef01234567";

    private readonly HttpListener _listener;
    private readonly ConcurrentDictionary<string, Func<HttpListenerContext, Task>> _routes = new();
    private readonly ConcurrentQueue<SeenRequest> _requests = new();
    private readonly Task _serving;
    private Cut? _cut;

    static LocalHub()
    {
        // xunit's parallel runner keeps pool threads busy; on a 2-core machine the pool then adds the thread a socket
        // completion waits for only after about a second. Threads ready up front keep every test well under a second.
        ThreadPool.GetMinThreads(out var workers, out var completionPorts);
        ThreadPool.SetMinThreads(Math.Max(workers, 16), Math.Max(completionPorts, 16));
    }

    private LocalHub(HttpListener listener, int port)
    {
        _listener = listener;
        Endpoint = new Uri($"http://127.0.0.1:{port}");
        _serving = ServeAsync();
    }

    public Uri Endpoint { get; }

    public IReadOnlyCollection<SeenRequest> Requests => _requests;

    public static LocalHub Start()
    {
        // Another process may take the free port between probing and binding: try a few times.
        for (var attempt = 1; ; attempt++)
        {
            var port = FreePort();
            var listener = new HttpListener();
            listener.Prefixes.Add($"http://127.0.0.1:{port}/");
            try
            {
                listener.Start();
                return new LocalHub(listener, port);
            }
            catch (HttpListenerException) when (attempt < 5)
            {
                listener.Close();
            }
        }
    }

    /// <summary>A port on 127.0.0.1 that nothing listens on at the moment.</summary>
    public static int FreePort()
    {
        var probe = new TcpListener(IPAddress.Loopback, 0);
        probe.Start();
        var port = ((IPEndPoint)probe.LocalEndpoint).Port;
        probe.Stop();
        return port;
    }

    /// <summary>
    /// Serves <paramref name="content"/> as an LFS file at <paramref name="resolvePath"/>: this hub redirects to
    /// <c>/cdn/{sha256}</c> on <paramref name="cdn"/> (itself by default), announcing <paramref name="announcedSha256"/>
    /// (the true one by default).
    /// </summary>
    public void AddLfsFile(string resolvePath, byte[] content, LocalHub? cdn = null, string? announcedSha256 = null)
    {
        var sha256 = Convert.ToHexStringLower(SHA256.HashData(content));
        cdn ??= this;
        var cdnPath = $"/cdn/{sha256}";
        cdn._routes[cdnPath] = context => ServeBytesAsync(context, content);
        _routes[resolvePath] = context =>
        {
            var response = context.Response;
            response.StatusCode = (int)HttpStatusCode.Found;
            response.RedirectLocation = new Uri(cdn.Endpoint, cdnPath).AbsoluteUri;
            response.Headers["X-Repo-Commit"] = Commit;
            response.Headers["X-Linked-Etag"] = $"\"{announcedSha256 ?? sha256}\"";
            response.Headers["X-Linked-Size"] = content.Length.ToString(CultureInfo.InvariantCulture);
            response.ContentLength64 = 0;
            response.Close();
            return Task.CompletedTask;
        };
    }

    /// <summary>Redirects <paramref name="fromPath"/> to <paramref name="toPath"/> with a relative Location, as the hub does for a renamed repo.</summary>
    public void AddRelativeRedirect(string fromPath, string toPath) =>
        _routes[fromPath] = context =>
        {
            context.Response.StatusCode = (int)HttpStatusCode.TemporaryRedirect;
            context.Response.RedirectLocation = toPath;
            context.Response.ContentLength64 = 0;
            context.Response.Close();
            return Task.CompletedTask;
        };

    /// <summary>Answers <paramref name="path"/> with a bare status code, e.g. 401 for a private repo.</summary>
    public void AddStatus(string path, HttpStatusCode status) =>
        _routes[path] = context =>
        {
            context.Response.StatusCode = (int)status;
            context.Response.Close();
            return Task.CompletedTask;
        };

    /// <summary>
    /// The first GET of file bytes sends <paramref name="afterBytes"/> bytes, waits for <paramref name="beforeCutting"/>
    /// and then drops the connection, as a network that fails midway.
    /// </summary>
    public void CutFirstDownload(long afterBytes, Func<Task> beforeCutting) => _cut = new Cut(afterBytes, beforeCutting, GoesOn: false);

    /// <summary>
    /// The first GET of file bytes sends <paramref name="afterBytes"/> bytes, waits for <paramref name="beforeGoingOn"/>
    /// and then sends the rest, as a download that is still under way while the test looks.
    /// </summary>
    public void PauseFirstDownload(long afterBytes, Func<Task> beforeGoingOn) => _cut = new Cut(afterBytes, beforeGoingOn, GoesOn: true);

    public async ValueTask DisposeAsync()
    {
        _listener.Stop();
        await _serving.WaitAsync(TimeSpan.FromSeconds(5));
        _listener.Close();
    }

    private async Task ServeAsync()
    {
        var handlers = new List<Task>();
        while (true)
        {
            HttpListenerContext context;
            try
            {
                context = await _listener.GetContextAsync();
            }
            catch (Exception e) when (e is HttpListenerException or ObjectDisposedException or InvalidOperationException)
            {
                break; // stopped
            }
            handlers.Add(HandleAsync(context));
        }
        await Task.WhenAll(handlers);
    }

    private async Task HandleAsync(HttpListenerContext context)
    {
        var request = context.Request;
        var path = request.RawUrl ?? "/";
        _requests.Enqueue(new SeenRequest(request.HttpMethod, path, request.Headers["Range"], request.Headers["Authorization"]));
        try
        {
            if (_routes.TryGetValue(path, out var route))
                await route(context);
            else
                NotFound(context);
        }
        catch (Exception e) when (e is HttpListenerException or IOException or ObjectDisposedException)
        {
            // The client went away (a cut or a cancellation): nothing left to answer.
        }
    }

    private static void NotFound(HttpListenerContext context)
    {
        context.Response.StatusCode = (int)HttpStatusCode.NotFound;
        context.Response.Headers["X-Error-Code"] = "EntryNotFound";
        context.Response.Close();
    }

    private async Task ServeBytesAsync(HttpListenerContext context, byte[] content)
    {
        var response = context.Response;
        var from = RangeStart(context.Request.Headers["Range"]);
        if (from > 0)
        {
            response.StatusCode = (int)HttpStatusCode.PartialContent;
            response.Headers["Content-Range"] = $"bytes {from}-{content.Length - 1}/{content.Length}";
        }
        response.ContentLength64 = content.Length - from;
        if (context.Request.HttpMethod == "HEAD")
        {
            response.Close();
            return;
        }

        if (Interlocked.Exchange(ref _cut, null) is { } cut)
        {
            await response.OutputStream.WriteAsync(content.AsMemory(0, (int)cut.AfterBytes));
            await response.OutputStream.FlushAsync();
            await cut.BeforeCutting();
            if (cut.GoesOn)
            {
                await response.OutputStream.WriteAsync(content.AsMemory((int)cut.AfterBytes));
                response.Close();
                return;
            }
            response.Abort();
            return;
        }
        await response.OutputStream.WriteAsync(content.AsMemory(from));
        response.Close();
    }

    /// <summary>N of <c>bytes=N-</c>, the only form the client sends; 0 without a Range header.</summary>
    private static int RangeStart(string? range) =>
        range is null ? 0 : int.Parse(range["bytes=".Length..].TrimEnd('-'), CultureInfo.InvariantCulture);

    private sealed record Cut(long AfterBytes, Func<Task> BeforeCutting, bool GoesOn);
}

internal sealed record SeenRequest(string Method, string Path, string? Range, string? Authorization);
