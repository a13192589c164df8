using System.Net;
using System.Text;
using System.Text.RegularExpressions;

namespace LabApp.LoadTests.Protocol;

/// <summary>A node of the page as a browser would hold it after applying the render batches.</summary>
public abstract class Node
{
    public ParentNode? Parent { get; internal set; }

    internal abstract void AppendText(StringBuilder text);
}

/// <summary>A node with logical children: an element, or the place a component renders into.</summary>
public abstract class ParentNode : Node
{
    public List<Node> Children { get; } = [];

    internal override void AppendText(StringBuilder text)
    {
        foreach (var child in Children)
            child.AppendText(text);
    }

    /// <summary>The text a student would read inside this node, as the DOM's textContent.</summary>
    public string Text
    {
        get
        {
            var text = new StringBuilder();
            AppendText(text);
            return text.ToString();
        }
    }

    /// <summary>Every element under this node, depth first in document order.</summary>
    public IEnumerable<ElementNode> Descendants()
    {
        // An explicit stack: nested iterators would cost each element once per level above it.
        var stack = new Stack<(ParentNode Parent, int Next)>();
        stack.Push((this, 0));
        while (stack.Count > 0)
        {
            var (parent, next) = stack.Pop();
            if (next >= parent.Children.Count)
                continue;
            stack.Push((parent, next + 1));
            var child = parent.Children[next];
            if (child is ElementNode element)
                yield return element;
            if (child is ParentNode inner)
                stack.Push((inner, 0));
        }
    }
}

/// <summary>An element: its attributes, and the event handlers the server attached to it with the component that rendered each.</summary>
public sealed class ElementNode(string name) : ParentNode
{
    public string Name { get; } = name;

    public Dictionary<string, string> Attributes { get; } = new(StringComparer.Ordinal);

    /// <summary>By event name without "on": the handler's id and the component whose render set it.</summary>
    public Dictionary<string, (ulong Id, int ComponentId)> Handlers { get; } = new(StringComparer.Ordinal);

    public string? this[string attribute] => Attributes.GetValueOrDefault(attribute);

    public bool HasClass(string name) =>
        Attributes.TryGetValue("class", out var classes) && classes.Split(' ', StringSplitOptions.RemoveEmptyEntries).Contains(name, StringComparer.Ordinal);

    public override string ToString() => $"<{Name}{string.Concat(Attributes.Select(a => $" {a.Key}=\"{a.Value}\""))}{string.Concat(Handlers.Select(h => $" on{h.Key}={h.Value.Id}"))}>";
}

/// <summary>Where a component's output goes: a logical container with no element of its own.</summary>
public sealed class ComponentNode(int componentId) : ParentNode
{
    public int ComponentId { get; } = componentId;
}

public sealed class TextNode(string text) : Node
{
    public string Content { get; set; } = text;

    internal override void AppendText(StringBuilder text) => text.Append(Content);
}

/// <summary>A markup frame: HTML the server sends as a string; only its text is kept for reading.</summary>
public sealed partial class MarkupNode(string markup) : Node
{
    public string Markup { get; } = markup;

    internal override void AppendText(StringBuilder text) => text.Append(WebUtility.HtmlDecode(Tags().Replace(Markup, "")));

    [GeneratedRegex("<[^>]*>")]
    private static partial Regex Tags();
}

/// <summary>
/// The page a headless student sees: every root component's output, built by applying render batches the way
/// blazor.web.js's BrowserRenderer applies them to the DOM. A component's output is a logical container, so sibling
/// indices count a child component, a markup block, an element or a text as one each, regions are flattened and
/// reference captures count as nothing.
/// </summary>
public sealed class RenderedTree
{
    private readonly Dictionary<int, ComponentNode> _components = [];
    private readonly List<ComponentNode> _roots = [];
    // A student looks for a heading or a slider after every batch: an index by tag spares walking the whole page.
    private readonly Dictionary<string, HashSet<ElementNode>> _byName = new(StringComparer.Ordinal);
    // Where each handler id was set, so a disposed id can be taken off its element as the browser's event delegator does.
    private readonly Dictionary<ulong, ElementNode> _handlerOwners = [];

    public IReadOnlyList<ComponentNode> Roots => _roots;

    /// <summary>A root component the server attached (<c>JS.AttachComponent</c>): it renders into a new top-level container.</summary>
    public void AttachRoot(int componentId)
    {
        var root = new ComponentNode(componentId);
        _components[componentId] = root;
        _roots.Add(root);
    }

    public void Apply(RenderBatch batch)
    {
        foreach (var diff in batch.Diffs)
        {
            if (!_components.TryGetValue(diff.ComponentId, out var component))
                throw new InvalidOperationException($"No element is associated with component {diff.ComponentId}.");
            ApplyEdits(batch.Frames, diff.ComponentId, component, diff.Edits);
        }

        foreach (var id in batch.DisposedComponents)
        {
            if (_components.Remove(id, out var gone) && _roots.Remove(gone))
                Forget(gone);
        }

        // The renderer lists the handlers it disposed; a browser stops listening for them whether or not an edit
        // touched their element, and so never sends an event the renderer would no longer know.
        foreach (var id in batch.DisposedEventHandlers)
        {
            if (!_handlerOwners.Remove(id, out var owner))
                continue;
            foreach (var (eventName, handler) in owner.Handlers.Where(h => h.Value.Id == id).ToArray())
                owner.Handlers.Remove(eventName);
        }
    }

    /// <summary>Whether the node is still on the page (not removed with its parent or its component).</summary>
    public bool Contains(Node node)
    {
        var top = node;
        while (top.Parent is { } parent)
            top = parent;
        return top is ComponentNode root && _roots.Contains(root);
    }

    /// <summary>The elements of the page with this tag, in no particular order.</summary>
    public IEnumerable<ElementNode> ElementsNamed(string name) => _byName.TryGetValue(name, out var elements) ? elements : [];

    /// <summary>Every element of the page in document order.</summary>
    public IEnumerable<ElementNode> Elements() => _roots.SelectMany(r => r.Descendants());

    public string Text => string.Concat(_roots.Select(r => r.Text));

    private void ApplyEdits(IReadOnlyList<Frame> frames, int componentId, ParentNode parent, IReadOnlyList<Edit> edits)
    {
        List<(int From, int To)>? permutation = null;
        foreach (var edit in edits)
        {
            switch (edit.Type)
            {
                case EditType.PrependFrame:
                    InsertFrame(frames, componentId, parent, edit.SiblingIndex, edit.FrameIndex);
                    break;
                case EditType.RemoveFrame:
                    Remove(parent, edit.SiblingIndex);
                    break;
                case EditType.SetAttribute:
                    SetAttribute(ElementAt(parent, edit.SiblingIndex), frames[edit.FrameIndex], componentId);
                    break;
                case EditType.RemoveAttribute:
                    var element = ElementAt(parent, edit.SiblingIndex);
                    var name = edit.RemovedAttributeName!;
                    element.Attributes.Remove(name);
                    if (name.StartsWith("on", StringComparison.Ordinal))
                        element.Handlers.Remove(name[2..]);
                    break;
                case EditType.UpdateText:
                    if (parent.Children[edit.SiblingIndex] is not TextNode text)
                        throw new InvalidOperationException("Cannot set text content on non-text child.");
                    text.Content = frames[edit.FrameIndex].Value ?? "";
                    break;
                case EditType.UpdateMarkup:
                    Remove(parent, edit.SiblingIndex);
                    Insert(parent, edit.SiblingIndex, new MarkupNode(frames[edit.FrameIndex].Value ?? ""));
                    break;
                case EditType.StepIn:
                    parent = ElementAt(parent, edit.SiblingIndex);
                    break;
                case EditType.StepOut:
                    parent = parent.Parent!;
                    break;
                case EditType.PermutationListEntry:
                    (permutation ??= []).Add((edit.SiblingIndex, edit.FrameIndex));
                    break;
                case EditType.PermutationListEnd:
                    var moved = permutation!.Select(p => (p.To, Node: parent.Children[p.From])).ToArray();
                    foreach (var (to, node) in moved)
                        parent.Children[to] = node;
                    permutation = null;
                    break;
                default:
                    throw new InvalidOperationException($"Unknown edit type {edit.Type}.");
            }
        }
    }

    // Inserts the frame at frameIndex (and its subtree) as child number childIndex; returns how many children it made.
    private int InsertFrame(IReadOnlyList<Frame> frames, int componentId, ParentNode parent, int childIndex, int frameIndex)
    {
        var frame = frames[frameIndex];
        switch (frame.Type)
        {
            case FrameType.Element:
                var element = new ElementNode(frame.Name!);
                var end = frameIndex + frame.SubtreeLength;
                var child = frameIndex + 1;
                for (; child < end && frames[child].Type == FrameType.Attribute; child++)
                    SetAttribute(element, frames[child], componentId);
                Insert(parent, childIndex, element);
                InsertFrames(frames, componentId, element, 0, child, end);
                return 1;
            case FrameType.Text:
                Insert(parent, childIndex, new TextNode(frame.Value ?? ""));
                return 1;
            case FrameType.Markup:
                Insert(parent, childIndex, new MarkupNode(frame.Value ?? ""));
                return 1;
            case FrameType.Component:
                // The child's own diff, later in the batch, fills it.
                var component = new ComponentNode(frame.ComponentId);
                _components[frame.ComponentId] = component;
                Insert(parent, childIndex, component);
                return 1;
            case FrameType.Region:
                return InsertFrames(frames, componentId, parent, childIndex, frameIndex + 1, frameIndex + frame.SubtreeLength);
            case FrameType.Attribute:
                throw new InvalidOperationException("Attribute frames should only be present as leading children of element frames.");
            default:
                // A reference capture or a named event: a child in the diff, nothing in the page.
                return 0;
        }
    }

    private int InsertFrames(IReadOnlyList<Frame> frames, int componentId, ParentNode parent, int childIndex, int start, int end)
    {
        var first = childIndex;
        for (var index = start; index < end; index++)
        {
            childIndex += InsertFrame(frames, componentId, parent, childIndex, index);
            if (frames[index].Type is FrameType.Element or FrameType.Component or FrameType.Region)
                index += frames[index].SubtreeLength - 1;
        }

        return childIndex - first;
    }

    private void SetAttribute(ElementNode element, Frame attribute, int componentId)
    {
        var name = attribute.Name!;
        if (attribute.EventHandlerId != 0)
        {
            element.Handlers[name.StartsWith("on", StringComparison.Ordinal) ? name[2..] : name] = (attribute.EventHandlerId, componentId);
            _handlerOwners[attribute.EventHandlerId] = element;
        }
        else if (attribute.Value is null)
            element.Attributes.Remove(name);
        else
            element.Attributes[name] = attribute.Value;
    }

    private static ElementNode ElementAt(ParentNode parent, int index) =>
        parent.Children[index] as ElementNode ?? throw new InvalidOperationException($"Child {index} of {parent} is not an element.");

    private void Insert(ParentNode parent, int index, Node node)
    {
        node.Parent = parent;
        parent.Children.Insert(index, node);
        if (node is ElementNode element)
        {
            if (!_byName.TryGetValue(element.Name, out var named))
                _byName[element.Name] = named = [];
            named.Add(element);
        }
    }

    private void Forget(Node node)
    {
        if (node is ElementNode element && _byName.TryGetValue(element.Name, out var named))
            named.Remove(element);
        if (node is ParentNode parent)
            foreach (var child in parent.Children)
                Forget(child);
    }

    private void Remove(ParentNode parent, int index)
    {
        var node = parent.Children[index];
        parent.Children.RemoveAt(index);
        node.Parent = null;
        if (node is ComponentNode component)
            _components.Remove(component.ComponentId);
        Forget(node);
    }
}
