using System.Buffers.Binary;
using System.Text;

namespace LabApp.LoadTests.Protocol;

/// <summary>Frame types as the server writes them (RenderTreeFrameType); the numbers are the wire format.</summary>
public enum FrameType
{
    Element = 1,
    Text = 2,
    Attribute = 3,
    Component = 4,
    Region = 5,
    ElementReferenceCapture = 6,
    ComponentReferenceCapture = 7,
    Markup = 8,
    ComponentRenderMode = 9,
    NamedEvent = 10,
}

/// <summary>Edit types as the server writes them (RenderTreeEditType).</summary>
public enum EditType
{
    PrependFrame = 1,
    RemoveFrame = 2,
    SetAttribute = 3,
    RemoveAttribute = 4,
    UpdateText = 5,
    StepIn = 6,
    StepOut = 7,
    UpdateMarkup = 8,
    PermutationListEntry = 9,
    PermutationListEnd = 10,
}

/// <summary>
/// One reference frame. Which fields mean something depends on the type: an element has a name and a subtree length, a
/// text or markup frame its content in <see cref="Value"/>, an attribute a name, a value (null: removed or false) and an
/// event handler id (0: none), a component its id and subtree length, a region its subtree length.
/// </summary>
public readonly record struct Frame(FrameType Type, int SubtreeLength, int ComponentId, string? Name, string? Value, ulong EventHandlerId);

/// <summary>One edit of a component's diff; <see cref="FrameIndex"/> is also the target of a permutation entry.</summary>
public readonly record struct Edit(EditType Type, int SiblingIndex, int FrameIndex, string? RemovedAttributeName);

public sealed record ComponentDiff(int ComponentId, IReadOnlyList<Edit> Edits);

/// <summary>
/// A render batch as the server sends it in a <c>JS.RenderBatch</c> message: the diffs of the components that rendered,
/// the reference frames their edits point into, and the components and event handlers that are gone.
/// </summary>
public sealed record RenderBatch(IReadOnlyList<ComponentDiff> Diffs, IReadOnlyList<Frame> Frames, IReadOnlyList<int> DisposedComponents, IReadOnlyList<ulong> DisposedEventHandlers)
{
    private const int FrameBytes = 20;
    private const int EditBytes = 16;

    /// <summary>
    /// Reads the binary format of the server's RenderBatchWriter: the diffs, frames, disposed ids and a string table, then
    /// five little-endian int32 at the end giving where the diff table, frames, disposed components, disposed event
    /// handlers and string table start. Strings are written once and referred to by their index (-1 for null).
    /// </summary>
    public static RenderBatch Read(ReadOnlySpan<byte> data)
    {
        var end = data.Length;
        var diffTable = Int(data, end - 20);
        var framesAt = Int(data, end - 16);
        var disposedComponentsAt = Int(data, end - 12);
        var disposedHandlersAt = Int(data, end - 8);
        var strings = Strings(data, Int(data, end - 4), end - 20);

        var diffs = new ComponentDiff[Int(data, diffTable)];
        for (var i = 0; i < diffs.Length; i++)
        {
            var at = Int(data, diffTable + 4 + 4 * i);
            var edits = new Edit[Int(data, at + 4)];
            for (var e = 0; e < edits.Length; e++)
            {
                var edit = at + 8 + e * EditBytes;
                edits[e] = new Edit((EditType)Int(data, edit), Int(data, edit + 4), Int(data, edit + 8), strings.At(Int(data, edit + 12)));
            }

            diffs[i] = new ComponentDiff(Int(data, at), edits);
        }

        var frames = new Frame[Int(data, framesAt)];
        for (var i = 0; i < frames.Length; i++)
            frames[i] = ReadFrame(data, framesAt + 4 + i * FrameBytes, strings);

        var disposedComponents = new int[Int(data, disposedComponentsAt)];
        for (var i = 0; i < disposedComponents.Length; i++)
            disposedComponents[i] = Int(data, disposedComponentsAt + 4 + 4 * i);
        var disposedHandlers = new ulong[Int(data, disposedHandlersAt)];
        for (var i = 0; i < disposedHandlers.Length; i++)
            disposedHandlers[i] = BinaryPrimitives.ReadUInt64LittleEndian(data[(disposedHandlersAt + 4 + 8 * i)..]);
        return new RenderBatch(diffs, frames, disposedComponents, disposedHandlers);
    }

    private static Frame ReadFrame(ReadOnlySpan<byte> data, int at, StringTable strings)
    {
        // A frame is its type and 16 bytes whose meaning depends on it.
        var type = (FrameType)Int(data, at);
        var (first, second) = (Int(data, at + 4), Int(data, at + 8));
        return type switch
        {
            FrameType.Element => new Frame(type, first, 0, strings.At(second), null, 0),
            FrameType.Text or FrameType.Markup => new Frame(type, 0, 0, null, strings.At(first), 0),
            FrameType.Attribute => new Frame(type, 0, 0, strings.At(first), strings.At(second), BinaryPrimitives.ReadUInt64LittleEndian(data[(at + 12)..])),
            FrameType.Component => new Frame(type, first, second, null, null, 0),
            FrameType.Region => new Frame(type, first, 0, null, null, 0),
            FrameType.ElementReferenceCapture => new Frame(type, 0, 0, null, strings.At(first), 0),
            _ => new Frame(type, 0, 0, null, null, 0),
        };
    }

    // The table is one int32 position per string, each string .NET's BinaryWriter form: a 7-bit-encoded byte count, then UTF-8.
    private static StringTable Strings(ReadOnlySpan<byte> data, int tableAt, int tableEnd)
    {
        var strings = new string[(tableEnd - tableAt) / 4];
        for (var i = 0; i < strings.Length; i++)
        {
            var at = Int(data, tableAt + 4 * i);
            var (length, shift) = (0, 0);
            byte b;
            do
            {
                b = data[at++];
                length |= (b & 0x7F) << shift;
                shift += 7;
            }
            while ((b & 0x80) != 0);
            strings[i] = Encoding.UTF8.GetString(data.Slice(at, length));
        }

        return new StringTable(strings);
    }

    private static int Int(ReadOnlySpan<byte> data, int at) => BinaryPrimitives.ReadInt32LittleEndian(data[at..]);

    private readonly record struct StringTable(string[] Strings)
    {
        public string? At(int index) => index < 0 ? null : Strings[index];
    }
}
