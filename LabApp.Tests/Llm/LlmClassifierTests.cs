using System.Diagnostics;
using System.Text;
using LabApp.Core.Classifiers.Llm;
using Microsoft.Extensions.Logging;
using Microsoft.ML.Tokenizers;

namespace LabApp.Tests.Llm;

/// <summary>The classifier against a local OpenAI-compatible server that each test programs and starts itself.</summary>
public sealed class LlmClassifierTests
{
    private const string Key = "sk-test-7f3a9c-do-not-print";

    private static readonly string[] Reviews = ["A good film.", "A bad film.", "Good acting, good story.", "Dull and bad."];

    private static readonly int?[] Expected = [1, 0, 1, 0];

    private static LlmSettings SettingsFor(FakeChatServer server) => new()
    {
        BaseUrl = server.BaseUrl,
        ApiKey = Key,
        Model = "test-model",
        RetryBaseDelay = TimeSpan.FromMilliseconds(1),
    };

    private static LlmClassifier Classifier(LlmSettings settings, TemporaryCache cache, ILogger<LlmClassifier>? logger = null) =>
        new(settings, PromptTemplate.Book, cache.Cache, logger);

    private static async Task<LlmRunResult> EstimateAndRunAsync(LlmClassifier classifier, IReadOnlyList<string> reviews, CancellationToken token, IProgress<int>? progress = null) =>
        await classifier.RunAsync(await classifier.EstimateAsync(TestReviews.Of(reviews), token), progress, token);

    private static CancellationTokenSource Bounded() => new(TimeSpan.FromSeconds(30));

    [Fact]
    public async Task A_run_labels_each_review_and_asks_with_the_model_temperature_0_the_prompt_and_the_key()
    {
        using var timeout = Bounded();
        await using var server = await FakeChatServer.StartAsync();
        using var cache = new TemporaryCache();

        var result = await EstimateAndRunAsync(Classifier(SettingsFor(server), cache), Reviews, timeout.Token);

        Assert.Equal(Expected, result.Labels);
        Assert.Equal(4, result.Requests);
        Assert.Equal(0, result.FromCache);
        Assert.Equal(160, result.PromptTokensUsed);
        Assert.Equal(4, result.OutputTokensUsed);
        Assert.Empty(result.Unparsed);
        Assert.Equal(4, server.RequestCount);
        foreach (var request in server.Requests)
        {
            Assert.Equal("test-model", request.Model);
            Assert.Equal(0.0, request.Temperature);
            Assert.Equal("Bearer " + Key, request.Authorization);
            Assert.Contains(FakeChatServer.ReviewOf(request), Reviews);
            Assert.Equal(PromptTemplate.Book.Fill(FakeChatServer.ReviewOf(request)), request.Prompt);
        }
    }

    [Fact]
    public async Task A_second_run_even_from_a_new_classifier_makes_no_request()
    {
        using var timeout = Bounded();
        await using var server = await FakeChatServer.StartAsync();
        using var cache = new TemporaryCache();
        await EstimateAndRunAsync(Classifier(SettingsFor(server), cache), Reviews, timeout.Token);

        var again = Classifier(SettingsFor(server), cache);
        var estimate = await again.EstimateAsync(TestReviews.Of(Reviews), timeout.Token);
        var result = await again.RunAsync(estimate, cancellationToken: timeout.Token);

        Assert.Equal((0, 4, 0m), (estimate.Requests, estimate.CachedReviews, estimate.CostDollars));
        Assert.Equal(4, server.RequestCount);
        Assert.Equal(Expected, result.Labels);
        Assert.Equal((0, 4), (result.Requests, result.FromCache));
        Assert.All(result.Answers, a => Assert.True(a.FromCache));
    }

    [Fact]
    public async Task Another_model_or_prompt_is_not_answered_from_the_cache()
    {
        using var timeout = Bounded();
        await using var server = await FakeChatServer.StartAsync();
        using var cache = new TemporaryCache();
        await Classifier(SettingsFor(server), cache).ClassifyAsync("A good film.", timeout.Token);

        var otherModel = await Classifier(SettingsFor(server) with { Model = "other-model" }, cache).ClassifyAsync("A good film.", timeout.Token);
        var otherPrompt = await new LlmClassifier(SettingsFor(server), PromptTemplate.From("Is this positive?\n\n[DOCUMENT]\n\nSay 1 or 0."), cache.Cache)
            .ClassifyAsync("A good film.", timeout.Token);

        Assert.False(otherModel.FromCache);
        Assert.False(otherPrompt.FromCache);
        Assert.Equal(3, server.RequestCount);
        Assert.Equal(3, cache.Cache.Count());
    }

    [Fact]
    public async Task Trying_one_review_asks_once_and_then_answers_from_the_cache()
    {
        using var timeout = Bounded();
        await using var server = await FakeChatServer.StartAsync();
        using var cache = new TemporaryCache();
        var classifier = Classifier(SettingsFor(server), cache);

        var first = await classifier.ClassifyAsync("A good film.", timeout.Token);
        var second = await classifier.ClassifyAsync("A good film.", timeout.Token);

        Assert.Equal((1, false, "1"), (first.Label, first.FromCache, first.Raw));
        Assert.Equal((1, true), (second.Label, second.FromCache));
        Assert.Equal(1, server.RequestCount);
    }

    [Fact]
    public async Task The_estimate_counts_requests_tokens_and_cost_and_skips_cached_and_repeated_reviews()
    {
        using var timeout = Bounded();
        await using var server = await FakeChatServer.StartAsync();
        using var cache = new TemporaryCache();
        var classifier = Classifier(SettingsFor(server), cache);
        await classifier.ClassifyAsync("A good film.", timeout.Token);
        string[] reviews = ["A good film.", "A bad film.", "A bad film.", "Not my kind of thing, honestly."];

        var estimate = await classifier.EstimateAsync(TestReviews.Of(reviews), timeout.Token);

        var tokenizer = TiktokenTokenizer.CreateForModel("gpt-3.5-turbo");
        var tokens = reviews.Skip(2).Sum(r => tokenizer.CountTokens(PromptTemplate.Book.Fill(r)) + 7);
        Assert.Equal(4, estimate.Reviews);
        Assert.Equal(1, estimate.CachedReviews);
        Assert.Equal(2, estimate.Requests);
        Assert.Equal(tokens, estimate.PromptTokens);
        Assert.True(estimate.PromptTokens > 2 * 7);
        Assert.Equal(2, estimate.OutputTokens);
        Assert.Equal((tokens * 0.50m + 2 * 1.50m) / 1_000_000m, estimate.CostDollars);
        Assert.Equal(1, server.RequestCount);

        var result = await classifier.RunAsync(estimate, cancellationToken: timeout.Token);

        Assert.Equal([1, 0, 0, 0], result.Labels);
        Assert.Equal(3, server.RequestCount);
    }

    [Fact]
    public async Task Prices_in_the_settings_set_the_cost()
    {
        using var timeout = Bounded();
        await using var server = await FakeChatServer.StartAsync();
        using var cache = new TemporaryCache();
        var settings = SettingsFor(server) with { InputDollarsPerMillionTokens = 1_000_000m, OutputDollarsPerMillionTokens = 0m };

        var estimate = await Classifier(settings, cache).EstimateAsync(TestReviews.Of(Reviews), timeout.Token);

        Assert.Equal(estimate.PromptTokens, estimate.CostDollars);
        Assert.Equal(0, server.RequestCount);
    }

    [Fact]
    public async Task A_429_is_retried_after_the_servers_Retry_After()
    {
        using var timeout = Bounded();
        await using var server = await FakeChatServer.StartAsync(request => request.Number == 1
            ? FakeReply.Error(429, "Rate limit reached.", retryAfter: "1")
            : FakeChatServer.ByReview(request));
        using var cache = new TemporaryCache();
        var logger = new RecordingLogger<LlmClassifier>();
        var clock = Stopwatch.StartNew();

        var result = await EstimateAndRunAsync(Classifier(SettingsFor(server), cache, logger), ["A good film."], timeout.Token);

        // The backoff base is 1 ms: only the server's "Retry-After: 1" explains a wait of a second.
        Assert.InRange(clock.Elapsed, TimeSpan.FromSeconds(0.9), TimeSpan.FromSeconds(15));
        Assert.Equal(2, server.RequestCount);
        Assert.Equal((1, 1), (result.Requests, result.Retries));
        Assert.Equal([1], result.Labels);
        Assert.Contains(logger.Lines, line => line.Contains("answered 429; retry 1 of 5", StringComparison.Ordinal));
    }

    [Fact]
    public async Task A_500_is_retried_with_backoff()
    {
        using var timeout = Bounded();
        await using var server = await FakeChatServer.StartAsync(request => request.Number <= 2
            ? FakeReply.Error(500 + request.Number, "The server had an error.")
            : FakeChatServer.ByReview(request));
        using var cache = new TemporaryCache();

        var result = await EstimateAndRunAsync(Classifier(SettingsFor(server), cache), ["A bad film."], timeout.Token);

        Assert.Equal(3, server.RequestCount);
        Assert.Equal((1, 2), (result.Requests, result.Retries));
        Assert.Equal([0], result.Labels);
    }

    [Fact]
    public async Task Retries_stop_after_the_maximum_with_a_message_that_answers_so_far_are_kept()
    {
        using var timeout = Bounded();
        await using var server = await FakeChatServer.StartAsync(_ => FakeReply.Error(503, "Overloaded."));
        using var cache = new TemporaryCache();

        var error = await Assert.ThrowsAsync<LlmRequestException>(() =>
            EstimateAndRunAsync(Classifier(SettingsFor(server) with { MaxRetries = 2 }, cache), ["A good film."], timeout.Token));

        Assert.Equal(503, error.Status);
        Assert.Contains("kept failing (503) after 2 retries", error.Message);
        Assert.Contains("\"Overloaded.\"", error.Message);
        Assert.Contains("cached", error.Message);
        Assert.Equal(3, server.RequestCount);
        Assert.Equal(0, cache.Cache.Count());
    }

    [Fact]
    public async Task A_429_for_an_account_without_credit_is_not_retried()
    {
        using var timeout = Bounded();
        await using var server = await FakeChatServer.StartAsync(_ =>
            FakeReply.Error(429, "You exceeded your current quota.", code: "insufficient_quota"));
        using var cache = new TemporaryCache();

        var error = await Assert.ThrowsAsync<LlmRequestException>(() => Classifier(SettingsFor(server), cache).ClassifyAsync("A good film.", timeout.Token));

        Assert.Equal(429, error.Status);
        Assert.Contains("no credit left, so waiting will not help", error.Message);
        Assert.Equal(1, server.RequestCount);
    }

    [Theory]
    [InlineData(400, "rejected the request (400 Bad Request): \"Bad thing.\"")]
    [InlineData(401, "the API key is wrong or revoked. Set OPENAI_API_KEY")]
    [InlineData(404, "Check that the model \"test-model\" exists there")]
    public async Task Client_errors_are_not_retried_and_say_what_to_fix(int status, string expected)
    {
        using var timeout = Bounded();
        await using var server = await FakeChatServer.StartAsync(_ => FakeReply.Error(status, "Bad thing."));
        using var cache = new TemporaryCache();

        var error = await Assert.ThrowsAsync<LlmRequestException>(() =>
            EstimateAndRunAsync(Classifier(SettingsFor(server), cache), ["A good film."], timeout.Token));

        Assert.Equal(status, error.Status);
        Assert.Contains(expected, error.Message);
        Assert.Equal(1, server.RequestCount);
        Assert.Equal(0, cache.Cache.Count());
    }

    [Fact]
    public async Task A_client_error_during_a_concurrent_run_stops_it_with_that_error()
    {
        using var timeout = Bounded();
        await using var server = await FakeChatServer.StartAsync(_ => FakeReply.Error(401, "Invalid key."));
        using var cache = new TemporaryCache();

        var error = await Assert.ThrowsAsync<LlmRequestException>(() =>
            EstimateAndRunAsync(Classifier(SettingsFor(server), cache), Reviews, timeout.Token));

        Assert.Equal(401, error.Status);
        Assert.InRange(server.RequestCount, 1, Reviews.Length);
        Assert.Equal(server.RequestCount, server.Requests.Select(r => r.Prompt).Distinct().Count());
    }

    [Fact]
    public async Task A_base_url_with_a_trailing_slash_works_and_shares_the_cache()
    {
        using var timeout = Bounded();
        await using var server = await FakeChatServer.StartAsync();
        using var cache = new TemporaryCache();

        var first = await Classifier(SettingsFor(server) with { BaseUrl = server.BaseUrl + "/" }, cache).ClassifyAsync("A good film.", timeout.Token);
        var second = await Classifier(SettingsFor(server), cache).ClassifyAsync("A good film.", timeout.Token);

        Assert.Equal((1, false), (first.Label, first.FromCache));
        Assert.True(second.FromCache);
        Assert.Equal(1, server.RequestCount);
    }

    [Fact]
    public async Task An_empty_key_sends_no_Authorization_header_and_a_401_says_none_was_sent()
    {
        using var timeout = Bounded();
        await using var server = await FakeChatServer.StartAsync();
        using var cache = new TemporaryCache();
        var classifier = Classifier(SettingsFor(server) with { ApiKey = "" }, cache);

        var answer = await classifier.ClassifyAsync("A good film.", timeout.Token);
        server.Respond = _ => FakeReply.Error(401, "You didn't provide an API key.");
        var error = await Assert.ThrowsAsync<LlmRequestException>(() => classifier.ClassifyAsync("A bad film.", timeout.Token));

        Assert.Equal(1, answer.Label);
        Assert.All(server.Requests, r => Assert.Null(r.Authorization));
        Assert.Contains("no API key was sent. Set OPENAI_API_KEY", error.Message);
    }

    [Fact]
    public async Task The_key_reaches_the_server_but_no_message_string_log_or_cache_file()
    {
        using var timeout = Bounded();
        // A server that echoes the key in every error, as some do.
        await using var server = await FakeChatServer.StartAsync(request => request.Number switch
        {
            1 => FakeChatServer.ByReview(request),
            2 => FakeReply.Error(429, "Slow down, " + request.Authorization, retryAfter: "0"),
            3 => FakeReply.Error(400, "Key " + request.Authorization + " may not use this model."),
            _ => FakeReply.Error(401, "Incorrect API key provided: " + Key),
        });
        using var cache = new TemporaryCache();
        var logger = new RecordingLogger<LlmClassifier>();
        var classifier = Classifier(SettingsFor(server), cache, logger);

        var result = await EstimateAndRunAsync(classifier, ["A good film."], timeout.Token);
        var estimate = await classifier.EstimateAsync(TestReviews.Of(["A bad film."]), timeout.Token);
        var badRequest = await Assert.ThrowsAsync<LlmRequestException>(() => classifier.RunAsync(estimate, cancellationToken: timeout.Token));
        var unauthorized = await Assert.ThrowsAsync<LlmRequestException>(() => classifier.ClassifyAsync("A bad film.", timeout.Token));

        Assert.All(server.Requests, r => Assert.Equal("Bearer " + Key, r.Authorization));
        Assert.Contains("\"Key Bearer *** may not use this model.\"", badRequest.Message);
        Assert.Equal(401, unauthorized.Status);
        Assert.Null(badRequest.InnerException);
        string[] printed =
        [
            badRequest.Message, badRequest.ToString(), unauthorized.Message, unauthorized.ToString(),
            classifier.ToString()!, classifier.Settings.ToString(), estimate.ToString(), result.ToString(),
            string.Join("\n", result.Answers), string.Join("\n", logger.Lines),
            .. Directory.GetFiles(Path.GetDirectoryName(cache.Cache.FilePath)!).Select(f => Encoding.Latin1.GetString(File.ReadAllBytes(f))),
        ];
        Assert.NotEmpty(logger.Lines);
        Assert.All(printed, text => Assert.DoesNotContain(Key, text));
    }

    [Theory]
    [InlineData("{\"id\": \"chatcmpl-1\", \"choices\": [ {\"message\": ")]
    [InlineData("{}")]
    [InlineData("<html>Welcome to nginx!</html>")]
    [InlineData("null")]
    [InlineData("{\"choices\": \"none\"}")]
    [InlineData("{\"choices\": []}")]
    [InlineData("{\"choices\": [{\"index\": 0, \"message\": {\"role\": \"assistant\", \"content\": 5}}]}")]
    public async Task A_malformed_body_is_a_clear_error_and_is_not_cached(string body)
    {
        using var timeout = Bounded();
        await using var server = await FakeChatServer.StartAsync(_ => new FakeReply(200, body));
        using var cache = new TemporaryCache();
        var classifier = Classifier(SettingsFor(server), cache);

        var error = await Assert.ThrowsAsync<LlmRequestException>(() => classifier.ClassifyAsync("A good film.", timeout.Token));
        server.Respond = FakeChatServer.ByReview;
        var answer = await classifier.ClassifyAsync("A good film.", timeout.Token);

        Assert.Contains("is not an OpenAI chat completion", error.Message);
        Assert.Contains("Nothing was cached", error.Message);
        Assert.Equal((1, false), (answer.Label, answer.FromCache));
        Assert.Equal(2, server.RequestCount);
    }

    [Fact]
    public async Task Answers_other_than_0_or_1_are_listed_as_unparsed_with_their_text()
    {
        using var timeout = Bounded();
        await using var server = await FakeChatServer.StartAsync(request => FakeChatServer.ReviewOf(request) switch
        {
            "Loved it." => FakeReply.Answer("Positive!"),
            "Fine." => FakeReply.Answer(" 1\n"),
            _ => FakeReply.Answer("0"),
        });
        using var cache = new TemporaryCache();
        var classifier = Classifier(SettingsFor(server), cache);
        string[] reviews = ["Loved it.", "Fine.", "Awful."];

        var first = await EstimateAndRunAsync(classifier, reviews, timeout.Token);
        var second = await EstimateAndRunAsync(classifier, reviews, timeout.Token);

        Assert.Equal([null, 1, 0], first.Labels);
        Assert.Equal([new UnparsedAnswer(0, "Positive!")], first.Unparsed);
        Assert.Equal(first.Unparsed, second.Unparsed);
        Assert.Equal(3, second.FromCache);
        Assert.Equal(3, server.RequestCount);
    }

    [Fact]
    public async Task A_cancelled_run_resumes_with_only_the_missing_requests()
    {
        using var timeout = Bounded();
        using var cancel = CancellationTokenSource.CreateLinkedTokenSource(timeout.Token);
        string[] reviews = Enumerable.Range(1, 8).Select(i => $"Review {i}: {(i % 2 == 0 ? "good" : "bad")}.").ToArray();
        await using var server = await FakeChatServer.StartAsync(request =>
        {
            if (request.Number < 4)
                return FakeChatServer.ByReview(request);
            _ = cancel.CancelAsync();
            return FakeReply.Answer("1", pause: TimeSpan.FromSeconds(5));
        });
        using var cache = new TemporaryCache();
        var classifier = Classifier(SettingsFor(server) with { MaxConcurrency = 1 }, cache);

        await Assert.ThrowsAnyAsync<OperationCanceledException>(() => EstimateAndRunAsync(classifier, reviews, cancel.Token));
        var received = server.RequestCount;
        var cachedAfterCancel = cache.Cache.Count();
        server.Respond = FakeChatServer.ByReview;
        var estimate = await classifier.EstimateAsync(TestReviews.Of(reviews), timeout.Token);
        var result = await classifier.RunAsync(estimate, cancellationToken: timeout.Token);

        Assert.Equal(4, received);
        Assert.Equal(3, cachedAfterCancel);
        Assert.Equal((3, 5), (estimate.CachedReviews, estimate.Requests));
        Assert.Equal((5, 3), (result.Requests, result.FromCache));
        Assert.Equal(received + 5, server.RequestCount);
        Assert.Equal([0, 1, 0, 1, 0, 1, 0, 1], result.Labels);
    }

    [Fact]
    public async Task Concurrency_stays_within_the_maximum_and_progress_counts_every_review()
    {
        using var timeout = Bounded();
        await using var server = await FakeChatServer.StartAsync(_ => FakeReply.Answer("1", pause: TimeSpan.FromMilliseconds(100)));
        using var cache = new TemporaryCache();
        var classifier = Classifier(SettingsFor(server) with { MaxConcurrency = 2 }, cache);
        await classifier.ClassifyAsync("Review 0", timeout.Token);
        var reviews = Enumerable.Range(0, 8).Select(i => $"Review {i}").ToArray();
        var progress = new ProgressRecorder();

        await EstimateAndRunAsync(classifier, reviews, timeout.Token, progress);

        Assert.Equal(2, server.MaxInFlight);
        Assert.Equal(Enumerable.Range(1, 8), progress.Reports);
    }

    [Fact]
    public async Task A_run_needs_an_estimate_from_the_same_classifier()
    {
        using var timeout = Bounded();
        await using var server = await FakeChatServer.StartAsync();
        using var cache = new TemporaryCache();
        var estimate = await Classifier(SettingsFor(server), cache).EstimateAsync(TestReviews.Of(Reviews), timeout.Token);

        var error = await Assert.ThrowsAsync<ArgumentException>(() => Classifier(SettingsFor(server), cache).RunAsync(estimate, cancellationToken: timeout.Token));

        Assert.Contains("estimate again", error.Message);
        Assert.Equal(0, server.RequestCount);
    }

    [Fact]
    public async Task An_unreachable_server_is_a_clear_error()
    {
        using var timeout = Bounded();
        LlmSettings settings;
        await using (var server = await FakeChatServer.StartAsync())
            settings = SettingsFor(server);
        using var cache = new TemporaryCache();

        var error = await Assert.ThrowsAsync<LlmRequestException>(() => Classifier(settings, cache).ClassifyAsync("A good film.", timeout.Token));

        Assert.Equal(0, error.Status);
        Assert.StartsWith("Could not reach " + settings.BaseUrl, error.Message);
        Assert.EndsWith("check the base URL and that the server is running.", error.Message);
    }

    [Fact]
    public async Task A_closed_port_is_named_within_seconds_with_the_default_retries()
    {
        using var timeout = Bounded();
        // The lab's default settings: five retries from one second, which a refused connection used to wait out (some 30 s).
        var settings = new LlmSettings { BaseUrl = $"http://127.0.0.1:{LocalPorts.Closed()}/v1", Model = "test-model" };
        using var cache = new TemporaryCache();
        var clock = Stopwatch.StartNew();

        var error = await Assert.ThrowsAsync<LlmRequestException>(() => Classifier(settings, cache).ClassifyAsync("A good film.", timeout.Token));

        Assert.InRange(clock.Elapsed, TimeSpan.Zero, TimeSpan.FromSeconds(3));
        Assert.Equal(0, error.Status);
        Assert.StartsWith("Could not reach " + settings.BaseUrl, error.Message);
        Assert.EndsWith("check the base URL and that the server is running.", error.Message);
    }
}
