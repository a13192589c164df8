using Bunit;
using LabApp.Components.Pages.Llm;
using LabApp.Core.Classifiers.Llm;
using LabApp.Core.Storage;
using LabApp.Services;
using LabApp.Tests.Llm;
using Microsoft.Extensions.DependencyInjection;

namespace LabApp.Tests.Pages;

/// <summary>The LLM page over the real test split and a local chat server: the key rules as a student meets them.</summary>
public sealed class LlmPageTests : PageTests
{
    private const string ServerKey = "sk-test-SERVERKEY-91aa";
    private const string StudentKey = "sk-test-STUDENTKEY-3c0d";

    /// <summary>The lab's endpoint is <paramref name="server"/>, with the lab's key.</summary>
    private void UseLabEndpoint(FakeChatServer server, bool allowStudentEndpoints = true) =>
        LabEndpoint = new LlmServerEndpoint(new LlmSettings { BaseUrl = server.BaseUrl, ApiKey = ServerKey, Model = "lab-model" }, allowStudentEndpoints);

    private static async Task ApplyAsync(IRenderedComponent<LlmPage> page, string baseUrl, string? model = null, string? key = null)
    {
        await page.InvokeAsync(() => page.Find(".base-url input").Change(baseUrl));
        if (model is not null)
            await page.InvokeAsync(() => page.Find(".model input").Change(model));
        if (key is not null)
            await page.InvokeAsync(() => page.Find(".api-key input").Change(key));
        await page.InvokeAsync(() => page.Find("button.apply").Click());
    }

    [Fact]
    public async Task The_page_estimates_sends_only_when_confirmed_and_logs_the_run()
    {
        await using var server = await FakeChatServer.StartAsync();
        var page = Render<LlmPage>();
        await ApplyAsync(page, server.BaseUrl, model: "local-model");

        await page.InvokeAsync(() => page.Find("button.run").Click());
        page.WaitForAssertion(() => Assert.Contains($"20 requests to local-model at {server.BaseUrl}", page.Find(".estimate").TextContent), Patience);
        Assert.Equal(0, server.RequestCount);

        await page.InvokeAsync(() => page.Find("button.confirm").Click());
        page.WaitForAssertion(() => Assert.NotEmpty(page.FindAll(".prediction-table")), Patience);
        Assert.Equal(20, server.RequestCount);
        var run = Assert.Single(await RecordedAsync(1));
        Assert.Equal(("llm", "local-model"), (run.Page, run.ModelId));
        var parameters = Assert.IsType<LlmParameters>(run.Parameters);
        Assert.Equal(("local-model", new Uri(server.BaseUrl).Authority, 20, 42UL), (parameters.Model, parameters.EndpointHost, parameters.TestSize, parameters.Seed));
        Assert.StartsWith("model=local-model test=20 seed=42 ", run.Description);
    }

    [Fact]
    public async Task A_changed_seed_after_the_estimate_is_refused_beside_the_inputs_and_nothing_is_sent()
    {
        await using var server = await FakeChatServer.StartAsync();
        var page = Render<LlmPage>();
        await ApplyAsync(page, server.BaseUrl);
        await page.InvokeAsync(() => page.Find("button.run").Click());
        page.WaitForAssertion(() => Assert.NotEmpty(page.FindAll(".estimate")), Patience);

        await page.InvokeAsync(() => page.Find(".seed input").Input("7"));
        await page.InvokeAsync(() => page.Find("button.confirm").Click());

        page.WaitForAssertion(() => Assert.Contains(
            "Nothing was sent: the seed (other test reviews are chosen now) changed since the estimate. Estimate again", page.Find(".mud-alert-text-error").TextContent), Patience);
        Assert.Equal(0, server.RequestCount);
        Assert.Empty(Log.Find());
    }

    [Fact]
    public async Task Neither_the_labs_key_nor_a_typed_key_is_ever_rendered()
    {
        await using var server = await FakeChatServer.StartAsync();
        UseLabEndpoint(server);
        var page = Render<LlmPage>();
        Assert.Contains("the lab's key is used", page.Find(".api-key").TextContent);
        Assert.Contains("with the lab's key", page.Find(".connection-in-use").TextContent);

        await ApplyAsync(page, server.BaseUrl, key: StudentKey);
        await page.InvokeAsync(() => page.Find("button.try").Click());
        page.WaitForAssertion(() => Assert.NotEmpty(page.FindAll(".try-answer")), Patience);

        Assert.Equal("Bearer " + StudentKey, Assert.Single(server.Requests).Authorization);
        Assert.Contains("a key of yours is set", page.Find(".api-key").TextContent);
        Assert.Contains("with your key", page.Find(".connection-in-use").TextContent);
        Assert.Null(page.Find(".api-key input").GetAttribute("value"));
        Assert.DoesNotContain(StudentKey, page.Markup);
        Assert.DoesNotContain(ServerKey, page.Markup);
    }

    [Fact]
    public async Task A_password_in_the_endpoint_is_shown_hidden_in_the_page_its_error_and_its_address()
    {
        var page = Render<LlmPage>();
        // Not "secret": the key field's class name holds that word.
        await ApplyAsync(page, "http://user:hunter2-pw@127.0.0.1:1/v1", model: "llama3");

        await page.InvokeAsync(() => page.Find("button.try").Click());

        page.WaitForAssertion(() => Assert.Contains("Could not reach http://user:***@127.0.0.1:1/v1", page.Find(".mud-alert-text-error").TextContent), Patience);
        Assert.Contains("http://user:***@127.0.0.1:1/v1", page.Find(".connection-in-use").TextContent);
        var address = Uri.UnescapeDataString(Services.GetRequiredService<UrlState>().Uri);
        Assert.Contains("endpoint=http://user:***@127.0.0.1:1/v1", address);
        Assert.DoesNotContain("hunter2-pw", page.Markup);
        Assert.DoesNotContain("hunter2-pw", address);
    }

    [Fact]
    public async Task Asking_one_review_while_the_test_run_waits_for_answers_does_not_cancel_it()
    {
        const string Asked = "A good film, asked on its own.";
        await using var server = await FakeChatServer.StartAsync();
        var held = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        var release = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        server.Hold = request =>
        {
            if (FakeChatServer.ReviewOf(request) == Asked)
                return Task.CompletedTask;
            held.TrySetResult();
            return release.Task;
        };
        var page = Render<LlmPage>();
        await ApplyAsync(page, server.BaseUrl);
        await page.InvokeAsync(() => page.Find(".test-size input").Input("3"));
        await page.InvokeAsync(() => page.Find("button.run").Click());
        page.WaitForAssertion(() => Assert.Contains("3 requests", page.Find(".estimate").TextContent), Patience);

        await page.InvokeAsync(() => page.Find("button.confirm").Click());
        await held.Task.WaitAsync(Patience);
        await page.InvokeAsync(() => page.Find(".try-review input").Change(Asked));
        await page.InvokeAsync(() => page.Find("button.try").Click());
        page.WaitForAssertion(() => Assert.Contains("positive", page.Find(".try-answer").TextContent), Patience);
        Assert.Contains("Asking the model", page.Markup);
        release.SetResult();

        page.WaitForAssertion(() => Assert.NotEmpty(page.FindAll(".prediction-table")), Patience);
        Assert.DoesNotContain("Cancelled", page.Markup);
        Assert.Equal(4, server.RequestCount);
        Assert.Equal(3, Assert.Single(await RecordedAsync(1)).Scores!.Reviews);
    }

    [Fact]
    public async Task With_student_endpoints_off_the_base_url_is_read_only_and_says_why()
    {
        await using var server = await FakeChatServer.StartAsync();
        UseLabEndpoint(server, allowStudentEndpoints: false);
        var page = Render<LlmPage>();

        Assert.True(page.Find(".base-url input").HasAttribute("readonly"));
        Assert.Contains("The instructor allows only the lab's endpoint here (Lab:AllowStudentEndpoints is false)", page.Find(".base-url").TextContent);
        await ApplyAsync(page, server.BaseUrl, model: "another-model");
        Assert.Contains("another-model", page.Find(".connection-in-use").TextContent);
        Assert.Empty(page.FindAll(".connection-problem"));
    }

    [Fact]
    public void The_address_restores_the_endpoint_model_test_size_seed_and_prompt()
    {
        var prompt = "Positive? Answer 1 or 0.\n\n[DOCUMENT]";
        var page = RenderAt<LlmPage>(
            $"llm?endpoint={Uri.EscapeDataString("http://127.0.0.1:9/v1")}&model=llama3&test=7&seed=3&prompt={Uri.EscapeDataString(prompt)}");

        Assert.Equal("7", page.Find(".test-size input").GetAttribute("value"));
        Assert.Equal("3", page.Find(".seed input").GetAttribute("value"));
        Assert.Contains("llama3 at http://127.0.0.1:9/v1, with no key", page.Find(".connection-in-use").TextContent);
        Assert.Equal(prompt, page.Find(".template textarea").TextContent.ReplaceLineEndings("\n"));
    }

    [Fact]
    public void A_bad_value_in_the_address_is_explained_beside_its_field()
    {
        var page = RenderAt<LlmPage>("llm?test=5000&seed=-1");

        Assert.Contains("test=\"5000\" is not a whole number from 1 to 1066; 20 is used.", page.Find(".test-size").TextContent);
        Assert.Contains("seed=\"-1\" is not a whole number from 0 to 2147483647; 42 is used.", page.Find(".seed").TextContent);
    }

    [Fact]
    public async Task Without_a_key_for_openai_nothing_can_be_sent_and_the_reason_stands_beside_the_button()
    {
        // The lab's default endpoint, OpenAI's, with no key configured; the student typed none.
        var page = Render<LlmPage>();

        await page.InvokeAsync(() => page.Find("button.run").Click());
        page.WaitForAssertion(() => Assert.Contains("20 requests to gpt-3.5-turbo-0125 at https://api.openai.com/v1", page.Find(".estimate").TextContent), Patience);

        Assert.True(page.Find("button.confirm").HasAttribute("disabled"));
        var reason = page.Find("button.confirm").ParentElement!.QuerySelector(".missing-key")!.TextContent;
        Assert.Equal("No API key: api.openai.com needs one, and none is configured for this lab (OPENAI_API_KEY) or typed above.", reason.Trim());
        Assert.True(page.Find("button.try").HasAttribute("disabled"));
    }

    [Fact]
    public async Task A_typed_key_lets_the_request_go_out()
    {
        var page = Render<LlmPage>();

        await page.InvokeAsync(() => page.Find(".api-key input").Change(StudentKey));
        await page.InvokeAsync(() => page.Find("button.apply").Click());
        await page.InvokeAsync(() => page.Find("button.run").Click());

        page.WaitForAssertion(() => Assert.False(page.Find("button.confirm").HasAttribute("disabled")), Patience);
        Assert.Empty(page.FindAll(".missing-key"));
    }

    [Fact]
    public async Task An_endpoint_nothing_listens_on_is_named_within_seconds()
    {
        var baseUrl = $"http://127.0.0.1:{LocalPorts.Closed()}/v1";
        var page = Render<LlmPage>();
        await ApplyAsync(page, baseUrl, model: "llama3");

        await page.InvokeAsync(() => page.Find("button.try").Click());

        page.WaitForAssertion(() => Assert.Contains($"Could not reach {baseUrl} (", page.Find(".run-error").TextContent), TimeSpan.FromSeconds(4));
    }

    [Fact]
    public async Task The_connection_prompt_and_subset_come_back_from_the_workbook_in_a_new_circuit_but_never_the_key()
    {
        const string Prompt = "Is this review positive? Answer 1 or 0.\n\n[DOCUMENT]";
        await using (var first = new SameBrowser(Workbooks))
        {
            var page = first.Open<LlmPage>("llm");
            await ApplyAsync(page, "http://127.0.0.1:9/v1", model: "llama3", key: StudentKey);
            await page.InvokeAsync(() => page.Find(".test-size input").Input("7"));
            await page.InvokeAsync(() => page.Find(".seed input").Input("3"));
            await page.InvokeAsync(() => page.Find(".template textarea").Input(Prompt));
            Assert.Contains("with your key", page.Find(".connection-in-use").TextContent);
        }

        await using var again = new SameBrowser(Workbooks);
        var reopened = again.Open<LlmPage>("llm");

        Assert.Equal("7", reopened.Find(".test-size input").GetAttribute("value"));
        Assert.Equal("3", reopened.Find(".seed input").GetAttribute("value"));
        Assert.Equal(Prompt, reopened.Find(".template textarea").TextContent.ReplaceLineEndings("\n"));
        // The key lived in the closed circuit only: the same endpoint now goes without it.
        Assert.Contains("llama3 at http://127.0.0.1:9/v1, with no key", reopened.Find(".connection-in-use").TextContent);
        var saved = Workbooks.Load(BrowserId, "/llm")!;
        Assert.Contains("http://127.0.0.1:9/v1", saved);
        Assert.DoesNotContain(StudentKey, saved);
        Assert.DoesNotContain(StudentKey, again.Url);
        Assert.DoesNotContain(StudentKey, reopened.Markup);
    }
}
