using Bunit;
using LabApp.Components.Pages.Generative;
using LabApp.Components.Pages.Llm;
using LabApp.Components.Pages.TaskSpecific;
using LabApp.Core.Classifiers.Llm;
using LabApp.Tests.Llm;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.AspNetCore.Components;

namespace LabApp.Tests.Pages;

public sealed class ModelPagesTests : PageTests
{
    [Theory]
    [InlineData(typeof(TaskSpecificPage), "cardiffnlp/twitter-roberta-base-sentiment-latest", "model.onnx")]
    [InlineData(typeof(GenerativePage), "google/flan-t5-small", "encoder_model.onnx")]
    public void A_missing_model_says_which_files_to_place_where(Type pageType, string modelId, string file)
    {
        var page = Render(builder => { builder.OpenComponent(0, pageType); builder.CloseComponent(); });

        page.WaitForAssertion(() => Assert.NotEmpty(page.FindAll(".model-status")));
        Assert.Contains(modelId, page.Markup);
        Assert.Contains(file, page.Markup);
        Assert.Contains(Path.Combine(SharedData.Settings.ModelsDir, modelId.Replace('/', Path.DirectorySeparatorChar)), page.Markup);
        Assert.Contains("huggingface.co/", page.Find(".manual-placement").TextContent);
        Assert.NotEmpty(page.FindAll(".download-model"));
        Assert.Empty(page.FindAll(".run"));
    }

    [Fact]
    public async Task The_LLM_page_estimates_sends_only_when_confirmed_and_never_shows_the_key()
    {
        await using var server = await FakeChatServer.StartAsync(FakeChatServer.ByReview);
        Assert.Null(Services.GetRequiredService<LlmConnection>().Update(server.BaseUrl, "local-model", "sk-page-test-secret"));
        var page = Render<LlmPage>();

        Assert.DoesNotContain("sk-page-test-secret", page.Markup);
        Assert.Contains("a key is set", page.Markup);
        await page.InvokeAsync(() => page.Find("button.run").Click());
        page.WaitForAssertion(() => Assert.Contains("20 requests to local-model", page.Find(".estimate").TextContent), Patience);
        Assert.Equal(0, server.RequestCount);

        await page.InvokeAsync(() => page.Find("button.confirm").Click());
        page.WaitForAssertion(() => Assert.NotEmpty(page.FindAll(".prediction-table")), Patience);
        Assert.Equal(20, server.RequestCount);
        Assert.DoesNotContain("sk-page-test-secret", page.Markup);
        Assert.Contains(Log.Find(), r => r.Page == "llm");
    }
}
