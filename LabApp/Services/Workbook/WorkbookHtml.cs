using Markdig;
using Markdig.Syntax;
using Markdig.Syntax.Inlines;

namespace LabApp.Services;

/// <summary>
/// A workbook's Markdown as HTML for the workbook page and the instructor's hand-ins, with Markdig (CommonMark and pipe
/// tables). Students write the answers, so nothing they typed may become markup of its own: raw HTML is shown as text,
/// and a link or image is kept only with an http(s) or mailto address (no <c>javascript:</c>).
/// </summary>
public static class WorkbookHtml
{
    private static readonly MarkdownPipeline Pipeline = new MarkdownPipelineBuilder().UsePipeTables().UseEmphasisExtras().DisableHtml().Build();

    public static string Render(string markdown)
    {
        var document = Markdown.Parse(markdown, Pipeline);
        foreach (var link in document.Descendants<LinkInline>())
        {
            if (!IsSafe(link.Url))
                link.Url = "";
        }

        return document.ToHtml(Pipeline);
    }

    private static bool IsSafe(string? url) =>
        string.IsNullOrEmpty(url)
        || (Uri.TryCreate(url, UriKind.Absolute, out var uri) ? uri.Scheme is "http" or "https" or "mailto" : !url.Contains(':', StringComparison.Ordinal));
}
