using LabApp.Tests.Llm;
using Microsoft.Playwright;
using static Microsoft.Playwright.Assertions;

namespace LabApp.Tests.Browser;

/// <summary>
/// Two students on one lab whose instructor configured a chat endpoint with a key: a lab server of its own (the shared
/// one has no key), two browser contexts (two students), and two local chat servers, the lab's and one a student runs.
/// </summary>
[Collection(BrowserCollection.Name)]
public sealed class LlmTests(BrowserFixture lab)
{
    private const string ServerKey = "sk-test-SERVERKEY-b7e3";

    [Fact]
    public async Task A_students_own_endpoint_never_gets_the_labs_key_and_another_student_keeps_the_labs_endpoint()
    {
        await using var labChat = await FakeChatServer.StartAsync();
        await using var studentChat = await FakeChatServer.StartAsync();
        // A models folder of its own: the answers this lab caches can be searched for the key afterwards.
        var models = TestFolders.Create("browser-llm-models");
        var server = await LabServer.StartAsync(new Dictionary<string, string>
        {
            ["OPENAI_API_KEY"] = ServerKey,
            ["OPENAI_BASE_URL"] = labChat.BaseUrl,
            ["OpenAI__Model"] = "lab-model",
            ["LAB_MODELS_DIR"] = models,
        });
        try
        {
            await TwoStudentsAsync(server, labChat, studentChat, models);
        }
        finally
        {
            await server.DisposeAsync();
        }

        Assert.Contains("Now listening on", server.Log);
        Assert.DoesNotContain(ServerKey, server.Log);
    }

    private async Task TwoStudentsAsync(LabServer server, FakeChatServer labChat, FakeChatServer studentChat, string models)
    {
        var screen = new BrowserNewContextOptions { ViewportSize = new ViewportSize { Width = 1400, Height = 1000 } };
        await using var studentA = await lab.Browser.NewContextAsync(screen);
        await using var studentB = await lab.Browser.NewContextAsync(screen);
        var a = await OpenLlmPageAsync(studentA, server);
        var b = await OpenLlmPageAsync(studentB, server);

        await a.Locator(".base-url input").FillAsync(studentChat.BaseUrl);
        await a.Locator("button.apply").ClickAsync();
        await Expect(a.Locator(".connection-in-use")).ToContainTextAsync($"lab-model at {studentChat.BaseUrl}, with no key");
        await a.Locator("button.try").ClickAsync();
        await Expect(a.Locator(".try-answer")).ToContainTextAsync("Answer 0");

        var asked = Assert.Single(studentChat.Requests);
        Assert.Null(asked.Authorization);
        Assert.DoesNotContain(ServerKey, asked.Body);
        Assert.Equal(0, labChat.RequestCount);

        // B, on the same lab, still has the lab's endpoint and model, and its key works there.
        await Expect(b.Locator(".base-url input")).ToHaveValueAsync(labChat.BaseUrl);
        await Expect(b.Locator(".model input")).ToHaveValueAsync("lab-model");
        await Expect(b.Locator(".connection-in-use")).ToContainTextAsync($"lab-model at {labChat.BaseUrl}, with the lab's key");
        await b.Locator("button.try").ClickAsync();
        await Expect(b.Locator(".try-answer")).ToContainTextAsync("Answer 0");
        Assert.Equal("Bearer " + ServerKey, Assert.Single(labChat.Requests).Authorization);
        Assert.Single(studentChat.Requests);

        // A's address holds A's endpoint (never a key): a reload, a new circuit, comes back to it.
        await a.ReloadAsync();
        await Expect(a.Locator("button.apply")).ToBeEnabledAsync();
        await Expect(a.Locator(".connection-in-use")).ToContainTextAsync($"lab-model at {studentChat.BaseUrl}, with no key");

        using var http = new HttpClient();
        string[] html = [await a.ContentAsync(), await b.ContentAsync(), await http.GetStringAsync(new Uri(server.Address, "llm")), a.Url, b.Url];
        Assert.All(html, text => Assert.DoesNotContain(ServerKey, text));
        Assert.All(LlmRunnerTests.FilesUnder(models), text => Assert.DoesNotContain(ServerKey, text));
        await Expect(a.Locator("#blazor-error-ui")).ToBeHiddenAsync();
        await Expect(b.Locator("#blazor-error-ui")).ToBeHiddenAsync();
    }

    /// <summary>/llm in <paramref name="student"/>'s own browser context, once its buttons are live (the circuit is connected).</summary>
    private static async Task<IPage> OpenLlmPageAsync(IBrowserContext student, LabServer server)
    {
        var page = await student.NewPageAsync();
        page.SetDefaultTimeout(60_000);
        await page.GotoAsync(new Uri(server.Address, "llm").AbsoluteUri);
        await Expect(page.Locator("button.apply")).ToBeEnabledAsync();
        return page;
    }
}
