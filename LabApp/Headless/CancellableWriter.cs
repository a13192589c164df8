using System.Text;

namespace LabApp.Headless;

/// <summary>
/// A command's standard output that refuses every write once Ctrl-C or SIGTERM came: a command printing thousands of
/// lines to a reader that catches up after the signal stops at its next line instead of finishing and exiting 0.
/// One wrapper for every command, so no printing loop has to remember the token.
/// </summary>
internal sealed class CancellableWriter(TextWriter inner, CancellationToken cancellationToken) : TextWriter
{
    public override Encoding Encoding => inner.Encoding;

    public override IFormatProvider FormatProvider => inner.FormatProvider;

    public override string NewLine
    {
#pragma warning disable CS8765 // TextWriter.NewLine's setter takes null as "the default"; the inner writer decides.
        get => inner.NewLine;
        set => inner.NewLine = value;
#pragma warning restore CS8765
    }

    public override void Write(char value)
    {
        cancellationToken.ThrowIfCancellationRequested();
        inner.Write(value);
    }

    public override void Write(char[] buffer, int index, int count)
    {
        cancellationToken.ThrowIfCancellationRequested();
        inner.Write(buffer, index, count);
    }

    public override void Write(ReadOnlySpan<char> buffer)
    {
        cancellationToken.ThrowIfCancellationRequested();
        inner.Write(buffer);
    }

    public override void Write(string? value)
    {
        cancellationToken.ThrowIfCancellationRequested();
        inner.Write(value);
    }

    public override void WriteLine(string? value)
    {
        cancellationToken.ThrowIfCancellationRequested();
        inner.WriteLine(value);
    }

    public override Task WriteAsync(char value)
    {
        cancellationToken.ThrowIfCancellationRequested();
        return inner.WriteAsync(value);
    }

    public override Task WriteAsync(string? value)
    {
        cancellationToken.ThrowIfCancellationRequested();
        return inner.WriteAsync(value);
    }

    public override Task WriteAsync(ReadOnlyMemory<char> buffer, CancellationToken token = default)
    {
        cancellationToken.ThrowIfCancellationRequested();
        return inner.WriteAsync(buffer, token);
    }

    public override Task WriteLineAsync(string? value)
    {
        cancellationToken.ThrowIfCancellationRequested();
        return inner.WriteLineAsync(value);
    }

    public override Task WriteLineAsync(ReadOnlyMemory<char> buffer, CancellationToken token = default)
    {
        cancellationToken.ThrowIfCancellationRequested();
        return inner.WriteLineAsync(buffer, token);
    }

    public override void Flush() => inner.Flush();

    public override Task FlushAsync() => inner.FlushAsync();
}
