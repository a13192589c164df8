using Bunit;
using LabApp.Components.Pages.Overview;
using LabApp.Core.Runners;
using Microsoft.Extensions.DependencyInjection;

namespace LabApp.Tests.Pages;

public sealed class OverviewPageTests : PageTests
{
    [Fact]
    public void Shows_the_splits_the_models_and_where_they_run()
    {
        var page = Render<OverviewPage>();

        page.WaitForAssertion(() => Assert.NotEmpty(page.FindAll(".models")), Patience);
        Assert.Contains("8530 reviews (4265 positive, 4265 negative)", page.Find(".splits").TextContent);
        Assert.Contains("sentence-transformers/all-MiniLM-L6-v2", page.Find(".models").TextContent);
        Assert.Contains("embedded", page.Find(".models .availability").TextContent);
        Assert.Matches("CPU|CUDA", page.Find(".execution-provider").TextContent);
    }

    [Fact]
    public async Task Prepare_embeddings_ends_with_both_splits_ready()
    {
        var page = Render<OverviewPage>();
        page.WaitForAssertion(() => page.Find("button.prepare-embeddings"), Patience);

        await page.InvokeAsync(() => page.Find("button.prepare-embeddings").Click());

        page.WaitForAssertion(() => Assert.Contains("The train and test embeddings are ready.", page.Markup), Patience);
    }

    [Fact]
    public async Task Embeddings_the_warm_start_prepared_are_shown_ready_and_not_offered_again()
    {
        // The warm start prepares through the lab's one EmbeddingPreparation before the first student arrives.
        await Services.GetRequiredService<EmbeddingPreparation>().PrepareAsync(null, CancellationToken.None).WaitAsync(Patience);

        var page = Render<OverviewPage>();

        page.WaitForAssertion(() => Assert.NotEmpty(page.FindAll(".models")), Patience);
        Assert.Contains("The train and test embeddings are ready.", page.Find(".prepared").TextContent);
        Assert.Empty(page.FindAll("button.prepare-embeddings"));
    }
}
