using Bunit;
using LabApp.Components.Pages.Generative;
using LabApp.Components.Pages.TaskSpecific;

namespace LabApp.Tests.Pages;

public sealed class ModelPagesTests : PageTests
{
    [Theory]
    [InlineData(typeof(TaskSpecificPage), "cardiffnlp/twitter-roberta-base-sentiment-latest", "model.onnx")]
    [InlineData(typeof(GenerativePage), "google/flan-t5-small", "encoder_model.onnx")]
    public void A_missing_model_says_which_files_to_place_where_when_the_hub_cannot_be_reached(Type pageType, string modelId, string file)
    {
        var page = Render(builder => { builder.OpenComponent(0, pageType); builder.CloseComponent(); });

        page.WaitForAssertion(() => Assert.NotEmpty(page.FindAll(".model-status")));
        Assert.Contains(modelId, page.Markup);
        Assert.Contains(file, page.Markup);
        Assert.Contains(Path.Combine(SharedData.Settings.ModelsDir, modelId.Replace('/', Path.DirectorySeparatorChar)), page.Markup);
        Assert.Contains("huggingface.co/", page.Find(".manual-placement").TextContent);
        Assert.Contains($"cannot be reached from this server: put the files listed below in {Path.Combine(SharedData.Settings.ModelsDir, modelId.Replace('/', Path.DirectorySeparatorChar))}",
            page.Find(".hub-unreachable").TextContent);
        Assert.Empty(page.FindAll(".download-model"));
        Assert.Empty(page.FindAll(".run"));
    }
}
