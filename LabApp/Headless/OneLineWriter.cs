using System.Text;

namespace LabApp.Headless;

/// <summary>
/// Standard error as the commands write it: each line written stays one line, a line break inside a value (a path, a
/// server's message) shown as \n, so "one line on stderr" holds whatever a message quotes.
/// </summary>
internal sealed class OneLineWriter(TextWriter inner) : TextWriter
{
    public override Encoding Encoding => inner.Encoding;

    public override void Write(char value) => inner.Write(value);

    public override void Write(string? value) => inner.Write(value);

    public override void WriteLine(string? value) => inner.WriteLine(OneLine(value));

    public override Task WriteLineAsync(string? value) => inner.WriteLineAsync(OneLine(value));

    public override void Flush() => inner.Flush();

    public override Task FlushAsync() => inner.FlushAsync();

    private static string? OneLine(string? value) =>
        value is null || value.AsSpan().IndexOfAny('\r', '\n') < 0 ? value : value.Replace("\r", "\\r", StringComparison.Ordinal).Replace("\n", "\\n", StringComparison.Ordinal);
}
