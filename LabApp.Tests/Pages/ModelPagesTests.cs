using Bunit;
using LabApp.Components.Pages.Generative;
using LabApp.Components.Pages.TaskSpecific;

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
}
