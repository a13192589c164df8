using System.Collections.Concurrent;
using System.Text;
using System.Text.Json;
using LabApp.Core.Classifiers.Llm;

namespace LabApp.Tests.Llm;

/// <summary>The classifier against servers that close connections, drop them before answering, or answer far too much.</summary>
public sealed class LlmTransportTests
{
    private static readonly string[] Reviews = ["A good film.", "A bad film.", "Good acting, good story.", "Dull and bad."];

    private static readonly int?[] Expected = [1, 0, 1, 0];

    private static LlmSettings SettingsFor(string baseUrl) => new()
    {
        BaseUrl = baseUrl,
        Model = "test-model",
        RetryBaseDelay = TimeSpan.FromMilliseconds(1),
    };

    private static async Task<LlmRunResult> RunAsync(LlmClassifier classifier, CancellationToken token) =>
        await classifier.RunAsync(await classifier.EstimateAsync(TestReviews.Of(Reviews), token), cancellationToken: token);

    [Fact]
    public async Task A_server_that_closes_every_connection_answers_every_review_asked_once()
    {
        using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(30));
        var asked = new ConcurrentDictionary<string, int>();
        await using var server = new RawHttpServer(async (request, ct) =>
        {
            var review = ReviewOf(request.Body);
            asked.AddOrUpdate(review, 1, (_, n) => n + 1);
            await AnswerOverHttp10Async(request, review.Contains("good", StringComparison.OrdinalIgnoreCase) ? "1" : "0", ct);
        });
        using var cache = new TemporaryCache();

        var result = await RunAsync(new LlmClassifier(SettingsFor(server.Endpoint + "v1"), PromptTemplate.Book, cache.Cache), timeout.Token);

        Assert.Equal(Expected, result.Labels);
        Assert.Equal(4, result.Requests);
        // A pooled connection the server has just closed may fail before the request leaves; that retry never reaches
        // the server, so every review is still asked exactly once.
        Assert.InRange(result.Retries, 0, 4);
        Assert.Equal(Reviews.Order(), asked.Keys.Order());
        Assert.All(asked.Values, n => Assert.Equal(1, n));
        Assert.Equal(4, cache.Cache.Count());
    }

    [Fact]
    public async Task A_dropped_connection_is_retried_and_the_review_asked_again_once()
    {
        using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(30));
        var asked = new ConcurrentDictionary<string, int>();
        await using var server = new RawHttpServer(async (request, ct) =>
        {
            var review = ReviewOf(request.Body);
            if (asked.AddOrUpdate(review, 1, (_, n) => n + 1) == 1)
            {
                request.Close();
                return;
            }
            await AnswerOverHttp10Async(request, review.Contains("good", StringComparison.OrdinalIgnoreCase) ? "1" : "0", ct);
        });
        using var cache = new TemporaryCache();

        var result = await RunAsync(new LlmClassifier(SettingsFor(server.Endpoint + "v1"), PromptTemplate.Book, cache.Cache), timeout.Token);

        Assert.Equal(Expected, result.Labels);
        Assert.Equal(4, result.Requests);
        // Each review's first connection is dropped; a pooled connection the server has just closed can cost one more
        // retry that never reaches it, so the retries are at least one per review, and each review reached it twice.
        Assert.InRange(result.Retries, 4, 4 + 4);
        Assert.All(asked.Values, n => Assert.Equal(2, n));
    }

    [Fact]
    public async Task A_server_that_drops_every_connection_fails_after_the_retries_with_one_message()
    {
        using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(30));
        var requests = 0;
        await using var server = new RawHttpServer((request, _) =>
        {
            Interlocked.Increment(ref requests);
            request.Close();
            return Task.CompletedTask;
        });
        using var cache = new TemporaryCache();
        var settings = SettingsFor(server.Endpoint + "v1") with { MaxRetries = 2, MaxConcurrency = 1 };

        var error = await Assert.ThrowsAsync<LlmRequestException>(() =>
            new LlmClassifier(settings, PromptTemplate.Book, cache.Cache).ClassifyAsync("A good film.", timeout.Token));

        Assert.StartsWith($"Could not reach {server.Endpoint}v1", error.Message);
        Assert.DoesNotContain("\n", error.Message);
        Assert.Equal(3, requests);
        Assert.Equal(0, cache.Cache.Count());
    }

    [Fact]
    public async Task A_five_megabyte_answer_is_capped_counted_as_not_a_label_and_cached_capped()
    {
        using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(30));
        await using var server = await FakeChatServer.StartAsync(_ => FakeReply.Answer("1" + new string(' ', 5_000_000)));
        using var cache = new TemporaryCache();
        var settings = SettingsFor(server.BaseUrl);

        var answer = await new LlmClassifier(settings, PromptTemplate.Book, cache.Cache).ClassifyAsync("A good film.", timeout.Token);
        var again = await new LlmClassifier(settings, PromptTemplate.Book, cache.Cache).ClassifyAsync("A good film.", timeout.Token);

        Assert.Equal(LlmAnswer.MaxLength + 1, answer.Raw.Length);
        Assert.EndsWith("…", answer.Raw);
        Assert.Null(answer.Label);
        Assert.True(again.FromCache);
        Assert.Equal(answer.Raw, again.Raw);
        Assert.Equal(1, server.RequestCount);
    }

    private static string ReviewOf(string body)
    {
        using var json = JsonDocument.Parse(body);
        var prompt = json.RootElement.GetProperty("messages")[0].GetProperty("content").GetString()!;
        return prompt.Split("\n\n")[1];
    }

    /// <summary>An answer as an HTTP/1.0 server without keep-alive sends it: then the connection is closed.</summary>
    private static async Task AnswerOverHttp10Async(RawRequest request, string content, CancellationToken ct)
    {
        var body = Encoding.UTF8.GetBytes(FakeReply.Answer(content).Body);
        var head = $"HTTP/1.0 200 OK\r\nContent-Type: application/json\r\nContent-Length: {body.Length}\r\n\r\n";
        await request.Stream.WriteAsync(Encoding.ASCII.GetBytes(head), ct);
        await request.Stream.WriteAsync(body, ct);
        request.Close();
    }
}
