using Bunit;
using LabApp.Components.Pages.Data;
using LabApp.Services;
using Microsoft.Extensions.DependencyInjection;

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
    public async Task A_size_the_split_refuses_stays_named_while_the_student_types_on()
    {
        var page = RenderAt<DataPage>("data?split=test");
        page.WaitForAssertion(() => Assert.Equal(5, page.FindAll(".subset tbody tr").Count), Patience);

        await page.InvokeAsync(() => page.Find(".subset-size input").Input("5000"));
        await page.InvokeAsync(() => page.Find(".subset-size input").Input("6000"));

        page.WaitForAssertion(() => Assert.Contains("a subset of 6000 cannot be taken: choose a size from 1 to 1066", page.Find(".subset-size").TextContent));
        Assert.Empty(page.FindAll(".subset"));
    }

    [Fact]
    public void Searching_keeps_only_the_reviews_that_contain_the_words()
    {
        var page = RenderAt<DataPage>("data?q=wasabi");

        page.WaitForAssertion(() => Assert.NotEmpty(page.FindAll(".reviews tbody tr")));
        Assert.All(page.FindAll(".reviews tbody tr"), row => Assert.Contains("wasabi", row.TextContent, StringComparison.OrdinalIgnoreCase));
    }

    [Fact]
    public async Task A_clicked_review_shows_the_word_pieces_hugging_face_gives_it()
    {
        var page = Render<DataPage>();
        page.WaitForAssertion(() => Assert.NotEmpty(page.FindAll(".reviews tbody tr")));

        await page.InvokeAsync(() => page.FindAll(".reviews tbody tr")[0].Click());

        // Hugging Face's tokenizer gives train row 0 ("the rock is destined …") 47 ids, [CLS] and [SEP] included
        // (the first line of hf-wordpiece-rt-polarity.txt.gz).
        page.WaitForAssertion(() => Assert.Equal(47, page.FindAll(".piece-list .mud-chip").Count));
        var pieces = page.FindAll(".piece-list .mud-chip").Select(c => c.TextContent.Trim()).ToArray();
        Assert.Equal(["[CLS]", "the", "rock", "is", "destined"], pieces[..5]);
        Assert.Equal("[SEP]", pieces[^1]);
        Assert.StartsWith("45 word pieces between [CLS] and [SEP]", page.Find(".piece-count").TextContent.Trim());
        Assert.Contains("row=0", Services.GetRequiredService<UrlState>().Uri);
    }

    [Fact]
    public void A_row_past_the_split_in_the_address_is_named()
    {
        var page = RenderAt<DataPage>("data?split=test&row=5000");

        page.WaitForAssertion(() => Assert.Contains("row=5000 is past the test split, whose rows run from 0 to 1065.", page.Find(".word-piece-problem").TextContent));
        Assert.Empty(page.FindAll(".piece-list"));
    }

    [Fact]
    public async Task The_search_and_subset_come_back_from_the_workbook_in_a_new_circuit()
    {
        await using (var first = new SameBrowser(Workbooks))
        {
            var page = first.Open<DataPage>("data");
            page.WaitForAssertion(() => Assert.NotEmpty(page.FindAll(".reviews tbody tr")), Patience);
            await page.InvokeAsync(() => page.Find(".review-search input").Input("wasabi"));
            await page.InvokeAsync(() => page.Find(".subset-seed input").Input("7"));
            await page.InvokeAsync(() => page.Find(".subset-size input").Input("3"));
        }

        await using var again = new SameBrowser(Workbooks);
        var reopened = again.Open<DataPage>("data");

        reopened.WaitForAssertion(() => Assert.Equal(3, reopened.FindAll(".subset tbody tr").Count), Patience);
        Assert.Equal("wasabi", reopened.Find(".review-search input").GetAttribute("value"));
        Assert.Equal("7", reopened.Find(".subset-seed input").GetAttribute("value"));
        Assert.All(reopened.FindAll(".reviews tbody tr"), row => Assert.Contains("wasabi", row.TextContent, StringComparison.OrdinalIgnoreCase));
        Assert.EndsWith("data?split=train&q=wasabi&seed=7&n=3", again.Url);
    }
}
