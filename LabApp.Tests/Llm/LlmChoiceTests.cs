using LabApp.Core.Classifiers.Llm;

namespace LabApp.Tests.Llm;

/// <summary>
/// Which key a student's choice sends where, against two local servers: the lab's endpoint, and one a student typed.
/// The lab's key must reach the first and nothing else.
/// </summary>
public sealed class LlmChoiceTests
{
    private const string ServerKey = "sk-test-SERVERKEY-0f9e";
    private const string StudentKey = "sk-test-STUDENTKEY-77c1";

    private static CancellationTokenSource Bounded() => new(TimeSpan.FromSeconds(30));

    private static LlmServerEndpoint ServerAt(FakeChatServer server, bool allowStudentEndpoints = true) => new(
        new LlmSettings { BaseUrl = server.BaseUrl, ApiKey = ServerKey, Model = "lab-model", RetryBaseDelay = TimeSpan.FromMilliseconds(1) },
        allowStudentEndpoints);

    private static Task<LlmAnswer> AskAsync(LlmChoice choice, TemporaryCache cache, string review, CancellationToken token) =>
        choice.CreateClassifier(cache.Cache).ClassifyAsync(review, token);

    [Fact]
    public async Task The_labs_key_goes_to_the_labs_endpoint_also_when_typed_back_in_another_spelling()
    {
        using var timeout = Bounded();
        await using var lab = await FakeChatServer.StartAsync();
        using var cache = new TemporaryCache();
        var choice = new LlmChoice(ServerAt(lab));

        await AskAsync(choice, cache, "A good film.", timeout.Token);
        Assert.Null(choice.Apply(lab.BaseUrl.ToUpperInvariant().Replace("/V1", "/v1") + "/", "other-model", typedKey: null));
        await AskAsync(choice, cache, "A bad film.", timeout.Token);

        Assert.True(choice.UsesServerEndpoint);
        Assert.Equal(["lab-model", "other-model"], lab.Requests.OrderBy(r => r.Number).Select(r => r.Model));
        Assert.All(lab.Requests, r => Assert.Equal("Bearer " + ServerKey, r.Authorization));
    }

    [Fact]
    public async Task A_student_endpoint_without_a_typed_key_gets_no_Authorization_header_at_all()
    {
        using var timeout = Bounded();
        await using var lab = await FakeChatServer.StartAsync();
        await using var student = await FakeChatServer.StartAsync();
        using var cache = new TemporaryCache();
        var choice = new LlmChoice(ServerAt(lab));

        Assert.Null(choice.Apply(student.BaseUrl, "llama3", typedKey: null));
        var answer = await AskAsync(choice, cache, "A good film.", timeout.Token);

        Assert.Equal(1, answer.Label);
        var request = Assert.Single(student.Requests);
        Assert.Null(request.Authorization);
        Assert.Equal("llama3", request.Model);
        Assert.DoesNotContain(ServerKey, request.Body);
        Assert.Equal(0, lab.RequestCount);
        Assert.False(choice.SendsKey);
        Assert.DoesNotContain(ServerKey, choice.ToString());
    }

    [Fact]
    public async Task A_student_endpoint_with_a_typed_key_gets_exactly_that_key_and_never_the_labs()
    {
        using var timeout = Bounded();
        await using var lab = await FakeChatServer.StartAsync();
        await using var student = await FakeChatServer.StartAsync();
        using var cache = new TemporaryCache();
        var choice = new LlmChoice(ServerAt(lab));

        Assert.Null(choice.Apply(student.BaseUrl, "llama3", " " + StudentKey + " "));
        await AskAsync(choice, cache, "A good film.", timeout.Token);
        // Applying again without typing keeps the key for the same endpoint.
        Assert.Null(choice.Apply(choice.ShownBaseUrl, "llama3.1", typedKey: ""));
        await AskAsync(choice, cache, "A bad film.", timeout.Token);

        Assert.True(choice.HasOwnKey);
        Assert.Equal(2, student.RequestCount);
        Assert.All(student.Requests, r => Assert.Equal("Bearer " + StudentKey, r.Authorization));
        Assert.Equal(0, lab.RequestCount);
        Assert.DoesNotContain(StudentKey, choice.ToString());
    }

    [Fact]
    public async Task A_key_typed_for_one_endpoint_is_forgotten_when_the_endpoint_changes()
    {
        using var timeout = Bounded();
        await using var lab = await FakeChatServer.StartAsync();
        await using var first = await FakeChatServer.StartAsync();
        await using var second = await FakeChatServer.StartAsync();
        using var cache = new TemporaryCache();
        var choice = new LlmChoice(ServerAt(lab));

        Assert.Null(choice.Apply(first.BaseUrl, "llama3", StudentKey));
        Assert.Null(choice.Apply(second.BaseUrl, "llama3", typedKey: null));
        await AskAsync(choice, cache, "A good film.", timeout.Token);

        Assert.False(choice.HasOwnKey);
        Assert.Null(Assert.Single(second.Requests).Authorization);
    }

    [Fact]
    public async Task A_student_key_on_the_labs_endpoint_replaces_the_labs_until_forgotten()
    {
        using var timeout = Bounded();
        await using var lab = await FakeChatServer.StartAsync();
        using var cache = new TemporaryCache();
        var choice = new LlmChoice(ServerAt(lab));

        Assert.Null(choice.Apply(lab.BaseUrl, "lab-model", StudentKey));
        await AskAsync(choice, cache, "A good film.", timeout.Token);
        choice.ForgetKey();
        await AskAsync(choice, cache, "A bad film.", timeout.Token);

        Assert.Equal(["Bearer " + StudentKey, "Bearer " + ServerKey], lab.Requests.OrderBy(r => r.Number).Select(r => r.Authorization));
    }

    [Fact]
    public async Task With_student_endpoints_turned_off_another_endpoint_is_refused_and_the_model_can_still_change()
    {
        using var timeout = Bounded();
        await using var lab = await FakeChatServer.StartAsync();
        await using var student = await FakeChatServer.StartAsync();
        using var cache = new TemporaryCache();
        var choice = new LlmChoice(ServerAt(lab, allowStudentEndpoints: false));

        var refused = choice.Apply(student.BaseUrl, "llama3", StudentKey);
        Assert.Null(choice.Apply(choice.ShownBaseUrl, "other-model", typedKey: null));
        await AskAsync(choice, cache, "A good film.", timeout.Token);

        Assert.Equal(
            $"This lab asks only its own endpoint, {lab.BaseUrl}: the instructor has turned other endpoints off (Lab:AllowStudentEndpoints is false). " +
            "Keep the base URL; the model can still be changed.", refused);
        Assert.True(choice.UsesServerEndpoint);
        Assert.False(choice.HasOwnKey);
        Assert.Equal(0, student.RequestCount);
        var request = Assert.Single(lab.Requests);
        Assert.Equal(("other-model", "Bearer " + ServerKey), (request.Model, request.Authorization));
    }

    [Fact]
    public void A_bad_endpoint_or_model_is_refused_with_its_message_and_changes_nothing()
    {
        var choice = new LlmChoice(new LlmServerEndpoint(new LlmSettings(), allowStudentEndpoints: true));

        Assert.Contains("is not an http(s) address", choice.Apply("ftp://127.0.0.1/v1", "llama3", StudentKey));
        Assert.Contains("model name is empty", choice.Apply("http://127.0.0.1:8080/v1", " ", StudentKey));

        Assert.True(choice.UsesServerEndpoint);
        Assert.Equal(LlmSettings.BookModel, choice.Model);
        Assert.False(choice.HasOwnKey);
    }

    [Fact]
    public void OpenAIs_api_without_any_key_is_named_and_a_key_or_another_server_lifts_it()
    {
        var openAi = new LlmChoice(new LlmServerEndpoint(new LlmSettings(), allowStudentEndpoints: true));
        var withLabKey = new LlmChoice(new LlmServerEndpoint(new LlmSettings { ApiKey = ServerKey }, allowStudentEndpoints: true));

        Assert.Equal("No API key: api.openai.com needs one, and none is configured for this lab (OPENAI_API_KEY) or typed above.", openAi.MissingKey);
        Assert.Null(withLabKey.MissingKey);

        Assert.Null(openAi.Apply(LlmSettings.DefaultBaseUrl, LlmSettings.BookModel, StudentKey));
        Assert.Null(openAi.MissingKey);
        openAi.ForgetKey();
        Assert.NotNull(openAi.MissingKey);

        // A local server usually asks for none.
        Assert.Null(openAi.Apply("http://127.0.0.1:8080/v1", "llama3", typedKey: null));
        Assert.Null(openAi.MissingKey);
    }
}
