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

    // The writer to write to, once the token says no signal came.
    private TextWriter Open
    {
        get
        {
            cancellationToken.ThrowIfCancellationRequested();
            return inner;
        }
    }

    public override void Write(char value) => Open.Write(value);

    public override void Write(char[] buffer, int index, int count) => Open.Write(buffer, index, count);

    public override void Write(ReadOnlySpan<char> buffer) => Open.Write(buffer);

    public override void Write(string? value) => Open.Write(value);

    public override void WriteLine(string? value) => Open.WriteLine(value);

    public override Task WriteAsync(char value) => Open.WriteAsync(value);

    public override Task WriteAsync(string? value) => Open.WriteAsync(value);

    public override Task WriteAsync(ReadOnlyMemory<char> buffer, CancellationToken token = default) => Open.WriteAsync(buffer, token);

    public override Task WriteLineAsync(string? value) => Open.WriteLineAsync(value);

    public override Task WriteLineAsync(ReadOnlyMemory<char> buffer, CancellationToken token = default) => Open.WriteLineAsync(buffer, token);

    public override void Flush() => inner.Flush();

    public override Task FlushAsync() => inner.FlushAsync();
}
