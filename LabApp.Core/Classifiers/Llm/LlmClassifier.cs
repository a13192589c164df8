using System.ClientModel;
using System.ClientModel.Primitives;
using System.Net.Http.Headers;
using System.Net.Sockets;
using LabApp.Core.Data;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Logging.Abstractions;
using OpenAI;
using OpenAI.Chat;

namespace LabApp.Core.Classifiers.Llm;

/// <summary>
/// The book's "ChatGPT as a classifier": each review is put into the prompt template and sent to an
/// OpenAI-compatible chat API, whose answer "1" or "0" is the label. Answers come from the cache when it has
/// them; a run is first estimated (<see cref="EstimateAsync"/>) and only then sent (<see cref="RunAsync"/>),
/// with bounded concurrency and retries on 429, 5xx and dropped connections.
/// </summary>
public sealed class LlmClassifier
{
    /// <summary>
    /// How long opening a connection may take. A server that does not accept one in this time is not there (a wrong
    /// address, a firewall that drops packets): the student hears so at once rather than after the SDK's 100 s.
    /// </summary>
    public static readonly TimeSpan ConnectTimeout = TimeSpan.FromSeconds(5);

    // One connection pool for every student's classifier, as the SDK's own shared transport; answers are read only up
    // to a bound. No timeout of HttpClient's own: the SDK's NetworkTimeout bounds a request, the connect callback the connection.
    private static readonly HttpClientPipelineTransport Transport = new(new HttpClient(new BoundedAnswers(new SocketsHttpHandler
    {
        ConnectCallback = ConnectAsync,
        PooledConnectionLifetime = TimeSpan.FromMinutes(5),
    })) { Timeout = Timeout.InfiniteTimeSpan });

    private readonly LlmAnswerCache _cache;
    private readonly ILogger _logger;
    private readonly ChatClient _chat;

    public LlmClassifier(LlmSettings settings, PromptTemplate template, LlmAnswerCache cache, ILogger<LlmClassifier>? logger = null)
    {
        if (settings.Validate() is { } problem)
            throw new ArgumentException(problem);
        Settings = settings;
        Template = template;
        _cache = cache;
        _logger = logger ?? NullLogger<LlmClassifier>.Instance;
        var options = new OpenAIClientOptions
        {
            // The SDK appends "/chat/completions" as it is: a trailing slash would double it.
            Endpoint = new Uri(settings.BaseUrl.TrimEnd('/')),
            // Retries are ours (see SendAsync): the SDK's would be invisible to the run's count and ignore RetryBaseDelay.
            RetryPolicy = new ClientRetryPolicy(maxRetries: 0),
            // A body is read only up to a bound: a chat completion is a few hundred bytes, and a server that sends
            // hundreds of megabytes is refused as that rather than read until the request's time runs out.
            Transport = Transport,
        };
        // OPENAI001 marks this constructor as evaluation-only; it is the SDK's only public way to send no
        // Authorization header, and the package version is pinned, so a change can only come with an upgrade.
#pragma warning disable OPENAI001
        _chat = new ChatClient(settings.Model, Authentication(settings.ApiKey), options);
#pragma warning restore OPENAI001
    }

    public LlmSettings Settings { get; }

    public PromptTemplate Template { get; }

    /// <summary>One review, for trying a prompt: a single request (none when the answer is cached), so no estimate is asked for.</summary>
    /// <exception cref="ArgumentException">The review is empty or longer than a typed text may be: no request is sent.</exception>
    public async Task<LlmAnswer> ClassifyAsync(string review, CancellationToken cancellationToken = default)
    {
        if (TypedText.IsBlank(review))
            throw new ArgumentException("The review is empty: type one to ask about.");
        if (review.Length > TypedText.MaxCharacters)
            throw new ArgumentException($"The review has more than {TypedText.MaxCharacters:N0} characters: shorten it.");
        return (await AnswerAsync([review], progress: null, cancellationToken)).Answers[0];
    }

    /// <summary>What running over <paramref name="reviews"/> would send and cost, given what the cache already holds; the estimate keeps those very reviews.</summary>
    public Task<LlmRunEstimate> EstimateAsync(ReviewSample reviews, CancellationToken cancellationToken = default) => Task.Run(() =>
    {
        var texts = reviews.Texts;
        var cached = _cache.Find(texts.Select(KeyOf).ToArray());
        var toSend = texts.Where((_, i) => cached[i] is null).Distinct(StringComparer.Ordinal).ToArray();
        var promptTokens = toSend.Sum(review => (long)PromptTokenCounter.Count(Template.Fill(review)));
        var cost = (promptTokens * Settings.InputDollarsPerMillionTokens + toSend.Length * Settings.OutputDollarsPerMillionTokens) / 1_000_000m;
        return new LlmRunEstimate(this, reviews, cached.Count(a => a is not null), toSend.Length, promptTokens, cost);
    }, cancellationToken);

    /// <summary>
    /// Runs the estimated reviews; passing the estimate is the student's confirmation of its cost. Each answer is
    /// cached as it arrives, so a cancelled or failed run resumes where it stopped. <paramref name="progress"/>
    /// counts reviews answered, cached ones included.
    /// </summary>
    public Task<LlmRunResult> RunAsync(LlmRunEstimate confirmedEstimate, IProgress<int>? progress = null, CancellationToken cancellationToken = default)
    {
        if (!ReferenceEquals(confirmedEstimate.Classifier, this))
            throw new ArgumentException("This estimate was made by another classifier (other settings or prompt): estimate again with this one and confirm that estimate.");
        return AnswerAsync(confirmedEstimate.Sample.Texts, progress, cancellationToken);
    }

    private async Task<LlmRunResult> AnswerAsync(IReadOnlyList<string> reviews, IProgress<int>? progress, CancellationToken cancellationToken)
    {
        var keys = reviews.Select(KeyOf).ToArray();
        var cached = await Task.Run(() => _cache.Find(keys), cancellationToken);
        var answers = new LlmAnswer[reviews.Count];
        for (var i = 0; i < answers.Length; i++)
        {
            if (cached[i] is { } raw)
                answers[i] = new LlmAnswer(raw, FromCache: true);
        }

        var tally = new RunTally(answers.Count(a => a is not null), progress);

        // A review that appears twice is asked once; its answer fills every position that holds it.
        var toSend = Enumerable.Range(0, answers.Length).Where(i => answers[i] is null).GroupBy(i => reviews[i], StringComparer.Ordinal);
        var parallel = new ParallelOptions { MaxDegreeOfParallelism = Settings.MaxConcurrency, CancellationToken = cancellationToken };
        await Parallel.ForEachAsync(toSend, parallel, async (positions, token) =>
        {
            var raw = await SendAsync(positions.Key, tally, token);
            _cache.Store(keys[positions.First()], raw);
            foreach (var i in positions)
                answers[i] = new LlmAnswer(raw, FromCache: false);
            tally.Answered(positions.Count());
        });

        _logger.LogInformation("{Model} at {BaseUrl}: {Requests} requests, {Retries} retries, {Cached} answers from the cache",
            Settings.Model, ShownBaseUrl, tally.Requests, tally.Retries, answers.Count(a => a.FromCache));
        return new LlmRunResult(answers, tally.Requests, tally.Retries, tally.PromptTokens, tally.OutputTokens);
    }

    /// <summary>
    /// One review's request, sent again after 429, 5xx and a dropped connection up to <see cref="LlmSettings.MaxRetries"/>
    /// times; returns the answer text. A server that cannot be connected to at all (no such host, a refused or timed-out
    /// connection) fails at once: backing off for half a minute would only delay the same message.
    /// </summary>
    private async Task<string> SendAsync(string review, RunTally tally, CancellationToken cancellationToken)
    {
        var prompt = Template.Fill(review);
        for (var retry = 0; ; retry++)
        {
            try
            {
                using var request = ChatCompletionWire.Request(Settings.Model, prompt, Settings.Temperature);
                var result = await _chat.CompleteChatAsync(request, new RequestOptions { CancellationToken = cancellationToken });
                var reply = ChatCompletionWire.Read(result.GetRawResponse().Content) ?? throw Malformed();
                tally.Requested(reply);
                return LlmAnswer.Capped(reply.Text);
            }
            catch (ClientResultException e) when (IsTransient(e) && RetryAfter(e) > RetryDelay.Longest)
            {
                throw new LlmRequestException(
                    $"{ShownBaseUrl} answered {e.Status} and asks to wait {RetryAfter(e)!.Value.TotalSeconds:0} s before the next request, longer than a run waits "
                    + $"({RetryDelay.Longest.TotalSeconds:0} s): try again later; answers received so far are cached and will not be asked for again.", e.Status);
            }
            catch (Exception e) when (CannotConnect(e))
            {
                throw new LlmRequestException($"Could not reach {ShownBaseUrl} ({Redact(Innermost(e).Message)}): check the base URL and that the server is running.", 0);
            }
            catch (ClientResultException e) when (IsTransient(e) && retry < Settings.MaxRetries)
            {
                await WaitToRetryAsync(retry, RetryAfter(e), e.Status == 0 ? TransportProblem(e) : $"answered {e.Status}", tally, cancellationToken);
            }
            catch (Exception e) when (e is HttpRequestException or IOException && retry < Settings.MaxRetries)
            {
                await WaitToRetryAsync(retry, retryAfter: null, $"dropped the connection ({Redact(e.Message)})", tally, cancellationToken);
            }
            catch (ClientResultException e)
            {
                throw Failure(e);
            }
            catch (Exception e) when (e is HttpRequestException or IOException)
            {
                throw new LlmRequestException($"Could not reach {ShownBaseUrl} ({Redact(e.Message)}) after {Settings.MaxRetries} retries: check the base URL and that the server is running.", 0);
            }
            catch (OperationCanceledException) when (!cancellationToken.IsCancellationRequested)
            {
                throw new LlmRequestException($"{ShownBaseUrl} did not answer in time: check that the server is running and not overloaded (a local server may still be loading the model), then run again.", 0);
            }
        }
    }

    /// <summary>Waits the backoff of retry <paramref name="retry"/> (or the server's Retry-After) after the server <paramref name="what"/>.</summary>
    private async Task WaitToRetryAsync(int retry, TimeSpan? retryAfter, string what, RunTally tally, CancellationToken cancellationToken)
    {
        var delay = RetryDelay.For(retry, retryAfter, Settings.RetryBaseDelay, Random.Shared.NextDouble());
        _logger.LogWarning("{BaseUrl} {What}; retry {Retry} of {MaxRetries} in {Delay} s",
            ShownBaseUrl, what, retry + 1, Settings.MaxRetries, delay.TotalSeconds.ToString(delay < TimeSpan.FromSeconds(10) ? "0.#" : "0", System.Globalization.CultureInfo.InvariantCulture));
        tally.Retried();
        await Task.Delay(delay, cancellationToken);
    }

    private string TransportProblem(ClientResultException e) => $"could not be reached ({Redact(e.InnerException?.Message ?? e.Message)})";

    private LlmRequestException Malformed() => new(
        $"{ShownBaseUrl} answered with a body that is not an OpenAI chat completion (no choices[0].message): check that the base URL is the API root of an OpenAI-compatible server, such as http://127.0.0.1:8080/v1. Nothing was cached for this review.", 200);

    private LlmRequestException Failure(ClientResultException e)
    {
        var at = ShownBaseUrl;
        var message = e.Status switch
        {
            0 => $"Could not reach {at} ({Redact(e.InnerException?.Message ?? e.Message)}): check the base URL and that the server is running.",
            429 when IsQuotaExhausted(e) => $"{at} answered 429 insufficient_quota: the account behind the API key has no credit left, so waiting will not help. Add credit or use another key, then run again.",
            401 when Settings.ApiKey.Length == 0 => $"{at} answered 401 Unauthorized: no API key was sent. Set {LlmSettings.ApiKeyVariable}, or type your key on the LLM page.",
            401 => $"{at} answered 401 Unauthorized: the API key is wrong or revoked. Set {LlmSettings.ApiKeyVariable} to a valid key, or type a valid one on the LLM page.",
            400 => $"{at} rejected the request (400 Bad Request): {ServerSays(e)} Check the model name, the temperature and the prompt.",
            404 => $"{at} answered 404 Not Found: {ServerSays(e)} Check that the model \"{Settings.Model}\" exists there and that the base URL is the API root (ending in /v1 for most servers).",
            429 => $"{at} was still rate-limiting (429) after {Settings.MaxRetries} retries: {ServerSays(e)} Wait a minute or lower the maximum concurrency, then run again; answers received so far are cached and will not be asked for again.",
            >= 500 => $"{at} kept failing ({e.Status}) after {Settings.MaxRetries} retries: {ServerSays(e)} Try again later; answers received so far are cached and will not be asked for again.",
            _ => $"{at} answered {e.Status}: {ServerSays(e)} Check the settings against the server's documentation.",
        };
        return new LlmRequestException(message, e.Status);
    }

    /// <summary>The server's own error message ("error.message" in OpenAI's shape, else the body), short and without the key or a URL's password.</summary>
    private string ServerSays(ClientResultException e)
    {
        var content = e.GetRawResponse()?.Content;
        var body = content is null ? "" : ChatCompletionWire.ErrorField(content, "message") ?? content.ToString();
        body = Redact(body.Trim());
        if (body.Length == 0)
            return "(the server gave no reason).";
        return "\"" + (body.Length <= 300 ? body : body[..300] + "…") + "\".";
    }

    private string Redact(string text) =>
        EndpointText.Redact(Settings.ApiKey.Length == 0 ? text : text.Replace(Settings.ApiKey, EndpointText.Hidden, StringComparison.Ordinal));

    /// <summary>The endpoint as every message and log line names it: without a password.</summary>
    private string ShownBaseUrl => EndpointText.Redact(Settings.BaseUrl);

    /// <summary>
    /// 429, a 5xx, or no answer at all (status 0: the connection was refused, reset or closed before the answer), as the
    /// OpenAI SDK's own policy retries them; a server that closes every connection needs a fresh one now and then.
    /// </summary>
    private static bool IsTransient(ClientResultException e) => e.Status is 0 or 429 or >= 500 && !IsQuotaExhausted(e);

    /// <summary>No connection could be opened: the host is unknown, refused it, or did not accept it within <see cref="ConnectTimeout"/>.</summary>
    private static bool CannotConnect(Exception e) => e switch
    {
        ClientResultException { Status: 0, InnerException: { } inner } => CannotConnect(inner),
        HttpRequestException { HttpRequestError: HttpRequestError.NameResolutionError or HttpRequestError.ConnectionError } => true,
        _ => false,
    };

    /// <summary>
    /// Opens the connection, given up after <see cref="ConnectTimeout"/> as a connection error (not as a cancellation,
    /// which would read as a server too slow to answer).
    /// </summary>
    private static async ValueTask<Stream> ConnectAsync(SocketsHttpConnectionContext context, CancellationToken cancellationToken)
    {
        using var limit = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        limit.CancelAfter(ConnectTimeout);
        var socket = new Socket(SocketType.Stream, ProtocolType.Tcp) { NoDelay = true };
        try
        {
            await socket.ConnectAsync(context.DnsEndPoint, limit.Token);
            return new NetworkStream(socket, ownsSocket: true);
        }
        catch (OperationCanceledException) when (!cancellationToken.IsCancellationRequested)
        {
            socket.Dispose();
            throw new HttpRequestException(HttpRequestError.ConnectionError, $"no connection within {ConnectTimeout.TotalSeconds:0} s");
        }
        catch
        {
            socket.Dispose();
            throw;
        }
    }

    private static Exception Innermost(Exception e) => e is ClientResultException { InnerException: { } inner } ? inner : e;

    /// <summary>OpenAI's 429 for an account without credit: unlike a rate limit, it does not pass by waiting.</summary>
    private static bool IsQuotaExhausted(ClientResultException e) =>
        e.Status == 429 && e.GetRawResponse()?.Content is { } body && ChatCompletionWire.ErrorField(body, "code") == "insufficient_quota";

    private static TimeSpan? RetryAfter(ClientResultException e)
    {
        if (e.GetRawResponse()?.Headers.TryGetValue("Retry-After", out var value) != true
            || !RetryConditionHeaderValue.TryParse(value, out var parsed))
            return null;
        return parsed.Delta ?? parsed.Date - DateTimeOffset.UtcNow;
    }

    private byte[] KeyOf(string review) => LlmAnswerCache.KeyOf(Settings, Template, review);

    /// <summary>A Bearer key when there is one; no Authorization header at all when it is empty, as local servers expect.</summary>
    private static AuthenticationPolicy Authentication(string apiKey) =>
        apiKey.Length == 0 ? new NoAuthentication() : ApiKeyAuthenticationPolicy.CreateBearerAuthorizationPolicy(new ApiKeyCredential(apiKey));

    private sealed class NoAuthentication : AuthenticationPolicy
    {
        public override void Process(PipelineMessage message, IReadOnlyList<PipelinePolicy> pipeline, int currentIndex) =>
            ProcessNext(message, pipeline, currentIndex);

        public override ValueTask ProcessAsync(PipelineMessage message, IReadOnlyList<PipelinePolicy> pipeline, int currentIndex) =>
            ProcessNextAsync(message, pipeline, currentIndex);
    }

    /// <summary>
    /// Reads an answer's body only up to <see cref="LlmAnswer.MaxBodyBytes"/>: a body announced larger is refused at once,
    /// one without a length is cut off there. Either way the request fails with a message that says so.
    /// </summary>
    private sealed class BoundedAnswers(HttpMessageHandler inner) : DelegatingHandler(inner)
    {
        protected override async Task<HttpResponseMessage> SendAsync(HttpRequestMessage request, CancellationToken cancellationToken)
        {
            var response = await base.SendAsync(request, cancellationToken).ConfigureAwait(false);
            var shown = EndpointText.Redact(request.RequestUri?.GetLeftPart(UriPartial.Authority) ?? "the server");
            if (response.Content.Headers.ContentLength > LlmAnswer.MaxBodyBytes)
            {
                response.Dispose();
                throw TooLarge(shown);
            }

            var body = await response.Content.ReadAsStreamAsync(cancellationToken).ConfigureAwait(false);
            var headers = response.Content.Headers.ToArray();
            response.Content = new StreamContent(new BoundedStream(body, () => TooLarge(shown)));
            foreach (var (name, values) in headers)
                response.Content.Headers.TryAddWithoutValidation(name, values);
            return response;
        }

        private static LlmRequestException TooLarge(string shown) => new(
            $"{shown} answered with more than {LlmAnswer.MaxBodyBytes / (1024 * 1024)} MB, where a chat completion is a few hundred bytes: "
            + "check that the base URL is the API root of an OpenAI-compatible server. Nothing was cached for this review.", 200);
    }

    /// <summary>A body that throws once more than <see cref="LlmAnswer.MaxBodyBytes"/> came through it.</summary>
    private sealed class BoundedStream(Stream inner, Func<Exception> tooLarge) : Stream
    {
        private long _read;

        public override bool CanRead => true;

        public override bool CanSeek => false;

        public override bool CanWrite => false;

        public override long Length => throw new NotSupportedException();

        public override long Position { get => _read; set => throw new NotSupportedException(); }

        public override int Read(byte[] buffer, int offset, int count) => Counted(inner.Read(buffer, offset, count));

        public override async ValueTask<int> ReadAsync(Memory<byte> buffer, CancellationToken cancellationToken = default) =>
            Counted(await inner.ReadAsync(buffer, cancellationToken).ConfigureAwait(false));

        public override Task<int> ReadAsync(byte[] buffer, int offset, int count, CancellationToken cancellationToken) =>
            ReadAsync(buffer.AsMemory(offset, count), cancellationToken).AsTask();

        public override void Flush()
        {
        }

        public override long Seek(long offset, SeekOrigin origin) => throw new NotSupportedException();

        public override void SetLength(long value) => throw new NotSupportedException();

        public override void Write(byte[] buffer, int offset, int count) => throw new NotSupportedException();

        protected override void Dispose(bool disposing)
        {
            if (disposing)
                inner.Dispose();
            base.Dispose(disposing);
        }

        private int Counted(int read)
        {
            _read += read;
            if (_read > LlmAnswer.MaxBodyBytes)
                throw tooLarge();
            return read;
        }
    }

    /// <summary>The counts of one run, updated by its concurrent requests.</summary>
    private sealed class RunTally
    {
        private readonly Lock _gate = new();
        private readonly IProgress<int>? _progress;
        private int _done;

        public RunTally(int cached, IProgress<int>? progress)
        {
            _done = cached;
            _progress = progress;
            progress?.Report(cached);
        }

        public int Requests { get; private set; }

        public int Retries { get; private set; }

        public long PromptTokens { get; private set; }

        public long OutputTokens { get; private set; }

        public void Requested(ChatReply reply)
        {
            lock (_gate)
            {
                Requests++;
                PromptTokens += reply.PromptTokens;
                OutputTokens += reply.OutputTokens;
            }
        }

        public void Retried()
        {
            lock (_gate)
                Retries++;
        }

        /// <summary>Counts <paramref name="reviews"/> more as done and reports the total, under the lock so that reports never go backwards.</summary>
        public void Answered(int reviews)
        {
            lock (_gate)
            {
                _done += reviews;
                _progress?.Report(_done);
            }
        }
    }
}
