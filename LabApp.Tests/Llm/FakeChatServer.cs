using System.Collections.Concurrent;
using System.Net;
using System.Text.Json;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Http.Features;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;

namespace LabApp.Tests.Llm;

/// <summary>One chat request as the server received it.</summary>
internal sealed record ChatRequest(int Number, string? Authorization, string Model, double? Temperature, string Prompt, string Body);

/// <summary>What the server sends back: a status, a body, an optional Retry-After, after an optional pause.</summary>
internal sealed record FakeReply(int Status, string Body, string? RetryAfter = null, TimeSpan Pause = default)
{
    /// <summary>A chat completion in OpenAI's shape whose message is <paramref name="content"/>.</summary>
    public static FakeReply Answer(string content, TimeSpan pause = default) => new(200, JsonSerializer.Serialize(new
    {
        id = "chatcmpl-test",
        @object = "chat.completion",
        created = 1_700_000_000,
        model = "test-model",
        choices = new[] { new { index = 0, message = new { role = "assistant", content }, finish_reason = "stop", logprobs = (object?)null } },
        usage = new { prompt_tokens = 40, completion_tokens = 1, total_tokens = 41 },
    }), Pause: pause);

    /// <summary>An error in OpenAI's shape.</summary>
    public static FakeReply Error(int status, string message, string? retryAfter = null, string? code = null) =>
        new(status, JsonSerializer.Serialize(new { error = new { message, type = "test_error", code } }), retryAfter);
}

/// <summary>
/// A local OpenAI-compatible server for tests: Kestrel on 127.0.0.1 at a free port, answering POST
/// /v1/chat/completions with whatever <see cref="Respond"/> says. It counts requests and the most that were in
/// flight at once, and stops itself after <see cref="Lifetime"/> even if a test forgets to dispose it.
/// </summary>
internal sealed class FakeChatServer : IAsyncDisposable
{
    // Long enough for a browser test, which starts a lab server after its chat servers.
    private static readonly TimeSpan Lifetime = TimeSpan.FromMinutes(2);

    private readonly WebApplication _app;
    private readonly CancellationTokenSource _lifetime = new(Lifetime);
    private readonly ConcurrentQueue<ChatRequest> _requests = new();
    private int _received;
    private int _inFlight;
    private int _maxInFlight;

    private FakeChatServer(WebApplication app, Func<ChatRequest, FakeReply> respond)
    {
        _app = app;
        Respond = respond;
        _app.MapPost("/v1/chat/completions", HandleAsync);
        _lifetime.Token.Register(() => _ = _app.StopAsync());
    }

    /// <summary>Answers "1" to reviews that say "good" and "0" to the rest.</summary>
    public static FakeReply ByReview(ChatRequest request) =>
        FakeReply.Answer(ReviewOf(request).Contains("good", StringComparison.OrdinalIgnoreCase) ? "1" : "0");

    public Func<ChatRequest, FakeReply> Respond { get; set; }

    /// <summary>Awaited after a request is recorded and before it is answered: a test holds requests back with a gate of its own.</summary>
    public Func<ChatRequest, Task> Hold { get; set; } = _ => Task.CompletedTask;

    public string BaseUrl { get; private set; } = "";

    public int RequestCount => Volatile.Read(ref _received);

    public int MaxInFlight => Volatile.Read(ref _maxInFlight);

    public IReadOnlyList<ChatRequest> Requests => _requests.ToArray();

    public static async Task<FakeChatServer> StartAsync(Func<ChatRequest, FakeReply>? respond = null)
    {
        var builder = WebApplication.CreateSlimBuilder();
        builder.Logging.ClearProviders();
        builder.WebHost.UseKestrel(kestrel => kestrel.Listen(IPAddress.Loopback, 0));
        var server = new FakeChatServer(builder.Build(), respond ?? ByReview);
        await server._app.StartAsync();
        var address = server._app.Services.GetRequiredService<IServer>().Features.GetRequiredFeature<IServerAddressesFeature>().Addresses.Single();
        server.BaseUrl = address + "/v1";
        return server;
    }

    /// <summary>The review inside a prompt made from the book's template: the text between its blank lines.</summary>
    public static string ReviewOf(ChatRequest request)
    {
        var parts = request.Prompt.Split("\n\n");
        return parts.Length >= 3 ? parts[1] : request.Prompt;
    }

    public async ValueTask DisposeAsync()
    {
        _lifetime.Dispose();
        using var stopping = new CancellationTokenSource(TimeSpan.FromSeconds(2));
        await _app.StopAsync(stopping.Token);
        await _app.DisposeAsync();
    }

    private async Task HandleAsync(HttpContext context)
    {
        var inFlight = Interlocked.Increment(ref _inFlight);
        try
        {
            InterlockedMax(ref _maxInFlight, inFlight);
            using var reader = new StreamReader(context.Request.Body);
            var body = await reader.ReadToEndAsync(context.RequestAborted);
            using var json = JsonDocument.Parse(body);
            var root = json.RootElement;
            var request = new ChatRequest(
                Interlocked.Increment(ref _received),
                context.Request.Headers.Authorization.FirstOrDefault(),
                root.GetProperty("model").GetString() ?? "",
                root.TryGetProperty("temperature", out var t) ? t.GetDouble() : null,
                root.GetProperty("messages")[0].GetProperty("content").GetString() ?? "",
                body);
            _requests.Enqueue(request);

            await Hold(request).WaitAsync(context.RequestAborted);
            var reply = Respond(request);
            if (reply.Pause > TimeSpan.Zero)
                await Task.Delay(reply.Pause, context.RequestAborted);
            context.Response.StatusCode = reply.Status;
            context.Response.ContentType = "application/json";
            if (reply.RetryAfter is not null)
                context.Response.Headers.RetryAfter = reply.RetryAfter;
            await context.Response.WriteAsync(reply.Body, context.RequestAborted);
        }
        catch (OperationCanceledException) when (context.RequestAborted.IsCancellationRequested)
        {
            // The client gave up (a cancelled run): nobody is left to answer.
        }
        finally
        {
            Interlocked.Decrement(ref _inFlight);
        }
    }

    private static void InterlockedMax(ref int target, int value)
    {
        for (var seen = Volatile.Read(ref target); value > seen; seen = Volatile.Read(ref target))
        {
            if (Interlocked.CompareExchange(ref target, value, seen) == seen)
                return;
        }
    }
}
