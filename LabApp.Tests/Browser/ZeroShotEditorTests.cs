using System.Text.RegularExpressions;
using Microsoft.Playwright;
using static Microsoft.Playwright.Assertions;

namespace LabApp.Tests.Browser;

[Collection(BrowserCollection.Name)]
public sealed class ZeroShotEditorTests(BrowserFixture lab)
{
    [Fact]
    public async Task A_duplicate_label_is_explained_beside_the_editor_and_the_page_keeps_working()
    {
        var page = await lab.OpenAsync("/zero-shot");
        try
        {
            await Lab.ExpectResultAsync(page.Locator(".report-table tr:has(td:text-is('macro avg'))"));
            var first = await page.GetByLabel("Label 1", new() { Exact = true }).InputValueAsync();
            var second = page.GetByLabel("Label 2", new() { Exact = true });

            await second.FillAsync(first);
            // The message sits in the same panel as the label inputs, where the student is typing.
            var problem = page.Locator(".mud-paper:has(.label-editor) .label-problem");
            await Expect(problem).ToHaveTextAsync($"\"{first}\" appears twice: each label needs its own description.");

            // Fixing the label clears the message and the test split is classified with the new description.
            await second.FillAsync("a wonderful film");
            await Expect(problem).ToBeHiddenAsync();
            await Expect(page.GetByText(new Regex("labels=.*\"a wonderful film\""))).ToBeVisibleAsync(new() { Timeout = Lab.ResultTimeout });
            await Expect(page).ToHaveURLAsync(new Regex("label=a(%20|\\+)wonderful(%20|\\+)film"));
            await Expect(page.Locator("#blazor-error-ui")).ToBeHiddenAsync();
        }
        finally
        {
            await page.CloseAsync();
        }
    }
}
