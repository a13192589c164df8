using Bunit;
using LabApp.Components.Pages.Overview;

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
}
