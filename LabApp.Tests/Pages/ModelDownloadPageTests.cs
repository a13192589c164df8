using Bunit;
using LabApp.Components.Pages.TaskSpecific;
using LabApp.Tests.Hub;

namespace LabApp.Tests.Pages;

/// <summary>A model page whose model is missing, against a hub that answers (a stand-in on 127.0.0.1) and one that does not.</summary>
public sealed class ModelDownloadPageTests
{
    private const string BrowserId = "model-download-browser";

    private static readonly TimeSpan Patience = TimeSpan.FromSeconds(30);

    [Fact]
    public async Task A_hub_that_cannot_be_reached_is_said_in_one_line_with_where_the_files_go_and_no_download_is_offered()
    {
        await using var lab = new LabOfItsOwn("hub-closed", new Uri($"http://127.0.0.1:{LocalPorts.Closed()}"));
        await using var student = new LabOfItsOwn.Student(lab, BrowserId);

        var page = student.Open<TaskSpecificPage>("task-specific");

        page.WaitForAssertion(() => Assert.NotEmpty(page.FindAll(".model-status")), Patience);
        var said = page.Find(".model-actions .hub-unreachable").TextContent;
        Assert.Contains("The hub (127.0.0.1) cannot be reached from this server: put the files listed below in", said);
        Assert.Contains(Path.Combine(lab.ModelsDir, "cardiffnlp", "twitter-roberta-base-sentiment-latest"), said);
        Assert.Empty(page.FindAll(".download-model"));
        Assert.NotEmpty(page.FindAll(".model-actions .check-again"));
        Assert.Contains("huggingface.co/", page.Find(".manual-placement").TextContent);
    }

    [Fact]
    public async Task A_hub_that_answers_is_offered_and_a_failed_download_is_said_beside_the_button_above_the_files()
    {
        await using var hub = LocalHub.Start();
        await using var lab = new LabOfItsOwn("hub-open", hub.Endpoint);
        await using var student = new LabOfItsOwn.Student(lab, BrowserId);
        var page = student.Open<TaskSpecificPage>("task-specific");
        page.WaitForAssertion(() => page.Find(".model-actions .download-model"), Patience);
        Assert.Empty(page.FindAll(".hub-unreachable"));

        // The stand-in hub has none of the model's files: it answers 404.
        await page.InvokeAsync(() => page.Find(".download-model").Click());

        page.WaitForAssertion(() => Assert.Contains("The download failed", page.Find(".run-error").TextContent), Patience);
        var order = page.FindAll(".model-actions, .run-error, .model-status").Select(e => e.ClassList.Contains("run-error") ? "error" : e.ClassList.Contains("model-actions") ? "buttons" : "card");
        Assert.Equal(["buttons", "error", "card"], order);
    }
}
