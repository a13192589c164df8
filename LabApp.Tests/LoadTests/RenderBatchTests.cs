using LabApp.LoadTests.Protocol;

namespace LabApp.Tests.LoadTests;

/// <summary>
/// The protocol students' decoder on a render batch the lab really sent (LabApp.LoadTests/Fixtures/README.md says how
/// it was recorded): the workbook's Saved mark, a component with child components, elements, attributes, an event
/// handler, markup and text.
/// </summary>
public sealed class RenderBatchTests
{
    private static readonly byte[] SavedMark = File.ReadAllBytes(Path.Combine(RepositoryPaths.Root, "LabApp.LoadTests", "Fixtures", "workbook-saved-mark.bin"));

    [Fact]
    public void Reads_the_diffs_frames_and_strings_of_the_batch()
    {
        var batch = RenderBatch.Read(SavedMark);

        Assert.Equal([155, 546, 547, 548], batch.Diffs.Select(d => d.ComponentId));
        Assert.All(batch.Diffs, d => Assert.Equal(new Edit(EditType.PrependFrame, 0, d.Edits[0].FrameIndex, null), Assert.Single(d.Edits)));
        Assert.Equal(34, batch.Frames.Count);
        Assert.Equal(new Frame(FrameType.Component, 5, 546, null, null, 0), batch.Frames[0]);
        Assert.Equal(new Frame(FrameType.Element, 15, 0, "span", null, 0), batch.Frames[5]);
        Assert.Equal(new Frame(FrameType.Text, 0, 0, null, " Saved in your ", 0), batch.Frames[13]);
        Assert.Equal(FrameType.Markup, batch.Frames[27].Type);
        Assert.Empty(batch.DisposedComponents);
        Assert.Empty(batch.DisposedEventHandlers);
    }

    [Fact]
    public void Builds_the_tree_a_browser_would_show()
    {
        var page = new RenderedTree();
        page.AttachRoot(155);

        page.Apply(RenderBatch.Read(SavedMark));

        var mark = Assert.IsType<ComponentNode>(Assert.Single(Assert.Single(page.Roots).Children));
        Assert.Equal(546, mark.ComponentId);
        var span = Assert.IsType<ElementNode>(Assert.Single(mark.Children));
        Assert.Equal("span", span.Name);
        Assert.True(span.HasClass("workbook-saved"));
        Assert.Equal("1", span["data-saves"]);
        Assert.Collection(span.Children,
            icon => Assert.Equal(547, Assert.IsType<ComponentNode>(icon).ComponentId),
            text => Assert.Equal(" Saved in your ", Assert.IsType<TextNode>(text).Content),
            link => Assert.Equal(548, Assert.IsType<ComponentNode>(link).ComponentId),
            text => Assert.Equal(" at ", Assert.IsType<TextNode>(text).Content),
            time => Assert.Matches(@"^\d\d:\d\d:\d\d$", Assert.IsType<TextNode>(time).Content));

        var svg = Assert.IsType<ElementNode>(Assert.Single(((ComponentNode)span.Children[0]).Children));
        Assert.Equal(("svg", "0 0 24 24", "img"), (svg.Name, svg["viewBox"], svg["role"]));
        Assert.IsType<MarkupNode>(Assert.Single(svg.Children));

        var a = Assert.IsType<ElementNode>(Assert.Single(((ComponentNode)span.Children[2]).Children));
        Assert.Equal(("a", "workbook", "workbook"), (a.Name, a["href"], a.Text));
        Assert.Equal((368UL, 548), a.Handlers["click"]);
        Assert.False(a.Attributes.ContainsKey("onclick"));

        Assert.Equal(" Saved in your workbook at 01:24:11", page.Text);
        Assert.Equal(["span", "svg", "a"], page.Elements().Select(e => e.Name));
    }

    [Fact]
    public void A_later_batch_that_removes_the_mark_empties_its_component()
    {
        var page = new RenderedTree();
        page.AttachRoot(155);
        page.Apply(RenderBatch.Read(SavedMark));

        page.Apply(new RenderBatch([new ComponentDiff(155, [new Edit(EditType.RemoveFrame, 0, 0, null)])], [], [546, 547, 548], [368]));

        Assert.Empty(Assert.Single(page.Roots).Children);
        Assert.Equal("", page.Text);
    }

    [Fact]
    public void A_handler_the_renderer_disposed_is_no_longer_on_its_element_as_in_a_browser()
    {
        var page = new RenderedTree();
        page.AttachRoot(7);
        page.Apply(new RenderBatch(
            [new ComponentDiff(7, [new Edit(EditType.PrependFrame, 0, 0, null)])],
            [
                new Frame(FrameType.Element, 4, 0, "input", null, 0),
                new Frame(FrameType.Attribute, 1, 0, "type", "range", 0),
                new Frame(FrameType.Attribute, 1, 0, "oninput", null, 41),
                new Frame(FrameType.Attribute, 1, 0, "onchange", null, 42),
            ],
            [], []));
        var slider = Assert.Single(page.ElementsNamed("input"));
        Assert.Equal([41UL, 42UL], slider.Handlers.Values.Select(h => h.Id).Order());

        // No edit touches the element: only the batch's list of disposed handlers says 41 is gone.
        page.Apply(new RenderBatch([], [], [], [41]));

        Assert.Equal(["change"], slider.Handlers.Keys);
        Assert.Equal("range", slider["type"]);
    }
}
