using Bunit;
using LabApp.Components.Pages.Data;

namespace LabApp.Tests.Pages;

public sealed class DataPageTests : PageTests
{
    [Fact]
    public void The_train_split_shows_its_label_counts_and_first_rows()
    {
        var page = Render<DataPage>();

        page.WaitForAssertion(() => Assert.Equal(2, page.FindAll(".label-count").Count));
        Assert.Equal(["negative 4265", "positive 4265"], page.FindAll(".label-count").Select(c => c.TextContent.Trim()));
        Assert.Contains("the rock is destined to be the 21st century's new", page.Find(".reviews").TextContent);
    }

    [Fact]
    public void The_seeded_subset_is_the_books_shuffle_select()
    {
        var page = RenderAt<DataPage>("data?split=test&seed=42&n=3");

        page.WaitForAssertion(() => Assert.Equal(3, page.FindAll(".subset tbody tr").Count));
        var rows = page.FindAll(".subset tbody tr").Select(r => r.QuerySelector("td")!.TextContent).ToArray();
        Assert.Equal(["426", "877", "480"], rows);
        Assert.Contains("unpretentious , charming , quirky , original", page.Find(".subset").TextContent);
    }

    [Fact]
    public void A_subset_larger_than_the_split_is_named_beside_the_input()
    {
        var page = RenderAt<DataPage>("data?split=test&n=5000");

        page.WaitForAssertion(() => Assert.Contains("choose a size from 1 to 1066", page.Find(".subset-size").TextContent));
        Assert.Empty(page.FindAll(".subset"));
    }

    [Fact]
    public void Searching_keeps_only_the_reviews_that_contain_the_words()
    {
        var page = RenderAt<DataPage>("data?q=wasabi");

        page.WaitForAssertion(() => Assert.NotEmpty(page.FindAll(".reviews tbody tr")));
        Assert.All(page.FindAll(".reviews tbody tr"), row => Assert.Contains("wasabi", row.TextContent, StringComparison.OrdinalIgnoreCase));
    }
}
