using System.Runtime.CompilerServices;
using System.Text;
using Mono.Unix;

namespace LabApp.Core.Storage;

/// <summary>A file someone named that cannot be used, said in one sentence that starts with the path and says what to do.</summary>
public sealed class InputFileException(string message) : IOException(message);

/// <summary>
/// Every file the lab reads because someone named it (<c>--reviews-file</c>, <c>--edge-cases-file</c>, <c>--suite-file</c>,
/// standard input): checked and read here, one way. A folder, a missing or unreadable file is named as such before
/// anything is read; a named pipe or a device is read as a shell would read it, but on a thread of its own, so that a
/// cancelled command stops waiting at once even while a pipe waits for its writer; a read stops past
/// <see cref="MaxBytes"/>, and at the first NUL byte or byte that is not UTF-8 (a binary file is not reviews).
/// </summary>
public static class InputFile
{
    /// <summary>Far more than any list of reviews, edge cases or suite a student writes: the whole dataset is 1.3 MB of text.</summary>
    public const long MaxBytes = 8 * 1024 * 1024;

    /// <summary>The longest line read from standard input: a review is at most <see cref="Data.TypedText.MaxCharacters"/>.</summary>
    public const int MaxLineCharacters = Data.TypedText.MaxCharacters;

    private const int ChunkBytes = 64 * 1024;

    private static readonly UTF8Encoding StrictUtf8 = new(encoderShouldEmitUTF8Identifier: false, throwOnInvalidBytes: true);

    /// <summary>Why <paramref name="path"/> cannot be read, starting with the path as given; null when it can. Never waits: a pipe is not opened here.</summary>
    public static string? Problem(string path)
    {
        if (string.IsNullOrWhiteSpace(path) || path.Contains('\0'))
            return $"'{path}' is not a file's path";
        var full = Path.GetFullPath(path);
        if (Directory.Exists(full))
            return $"{path} is a folder: name a file in it";
        if (!File.Exists(full))
        {
            var folder = Path.GetDirectoryName(full);
            return folder is not null && !Directory.Exists(folder)
                ? $"{path}: no such file (its folder {folder} does not exist)"
                : $"{path}: no such file";
        }

        var entry = new UnixFileInfo(full);
        if (entry.FileType == FileTypes.Socket)
            return $"{path} is a socket, not a file";
        if (!entry.CanAccess(Mono.Unix.Native.AccessModes.R_OK))
            return $"{path} cannot be read (permission denied): make it readable or copy it somewhere you may read";
        return null;
    }

    /// <summary>The whole of <paramref name="path"/> as UTF-8 text (a byte-order mark dropped).</summary>
    /// <exception cref="InputFileException">It cannot be read, is over <paramref name="maxBytes"/> or is not text.</exception>
    /// <exception cref="OperationCanceledException">Cancelled, also while a pipe waits for its writer.</exception>
    public static async Task<string> ReadTextAsync(string path, CancellationToken cancellationToken, long maxBytes = MaxBytes)
    {
        if (Problem(path) is { } problem)
            throw new InputFileException(problem);
        // Opening a pipe waits for its writer and reading a device may never end: a thread of its own does both, and a
        // cancelled command stops waiting for it (the thread ends with the process).
        var bytes = await Task.Run(() => ReadBounded(path, maxBytes, cancellationToken), cancellationToken).WaitAsync(cancellationToken).ConfigureAwait(false);
        try
        {
            var text = StrictUtf8.GetString(bytes);
            return text.Length > 0 && text[0] == '\uFEFF' ? text[1..] : text;
        }
        catch (DecoderFallbackException e)
        {
            throw new InputFileException($"{path} is not UTF-8 text (byte {e.Index + 1:N0} is not UTF-8): save it as UTF-8");
        }
    }

    /// <summary>The lines of <paramref name="path"/> (a "\r" before "\n" dropped), read as <see cref="ReadTextAsync"/> reads.</summary>
    public static async Task<IReadOnlyList<string>> ReadLinesAsync(string path, CancellationToken cancellationToken, long maxBytes = MaxBytes)
    {
        var text = await ReadTextAsync(path, cancellationToken, maxBytes).ConfigureAwait(false);
        var lines = text.Split('\n');
        return lines.Take(lines[^1].Length == 0 ? lines.Length - 1 : lines.Length).Select(l => l.EndsWith('\r') ? l[..^1] : l).ToArray();
    }

    /// <summary>
    /// The lines of <paramref name="reader"/> as they arrive (one text per line ending in "\n", a "\r" before it dropped; a
    /// last line without one counts), for input of any length in bounded memory. Each read waits on a thread of its own,
    /// so a cancelled command stops waiting at once even when nobody writes.
    /// </summary>
    /// <param name="name">What the messages call the input, such as "standard input".</param>
    /// <exception cref="InputFileException">A line is longer than <paramref name="maxLineCharacters"/> (binary input, such as /dev/zero, has no line breaks).</exception>
    public static async IAsyncEnumerable<string> LinesAsync(TextReader reader, string name, [EnumeratorCancellation] CancellationToken cancellationToken, int maxLineCharacters = MaxLineCharacters)
    {
        var buffer = new char[ChunkBytes];
        var line = new StringBuilder();
        var number = 1;
        while (true)
        {
            int read;
            try
            {
                read = await Task.Run(() => reader.Read(buffer, 0, buffer.Length), cancellationToken).WaitAsync(cancellationToken).ConfigureAwait(false);
            }
            catch (DecoderFallbackException)
            {
                // A reader made with a strict encoding (standard input of a command) refuses bytes that are not UTF-8: a binary file.
                throw new InputFileException($"{name} is not UTF-8 text (line {number:N0}): give text, one per line");
            }

            if (read == 0)
                break;
            var start = 0;
            for (var i = 0; i < read; i++)
            {
                if (buffer[i] != '\n')
                    continue;
                line.Append(buffer, start, i - start);
                CheckLength(line, name, number, maxLineCharacters);
                yield return Trimmed(line);
                line.Clear();
                number++;
                start = i + 1;
            }

            line.Append(buffer, start, read - start);
            CheckLength(line, name, number, maxLineCharacters);
        }

        if (line.Length > 0)
            yield return Trimmed(line);
    }

    private static void CheckLength(StringBuilder line, string name, int number, int max)
    {
        if (line.Length > max)
            throw new InputFileException($"line {number:N0} of {name} has more than {max:N0} characters: give one text per line");
    }

    private static string Trimmed(StringBuilder line) =>
        line.Length > 0 && line[^1] == '\r' ? line.ToString(0, line.Length - 1) : line.ToString();

    private static byte[] ReadBounded(string path, long maxBytes, CancellationToken cancellationToken)
    {
        try
        {
            using var stream = new FileStream(path, FileMode.Open, FileAccess.Read, FileShare.ReadWrite, bufferSize: 0);
            if (stream.CanSeek && stream.Length > maxBytes)
                throw TooLarge(path, maxBytes, stream.Length);
            using var bytes = new MemoryStream();
            var chunk = new byte[ChunkBytes];
            int read;
            while ((read = stream.Read(chunk)) > 0)
            {
                cancellationToken.ThrowIfCancellationRequested();
                if (Array.IndexOf(chunk, (byte)0, 0, read) is var nul and >= 0)
                    throw new InputFileException($"{path} is not a text file (byte {bytes.Length + nul + 1:N0} is a NUL): give UTF-8 text");
                bytes.Write(chunk, 0, read);
                if (bytes.Length > maxBytes)
                    throw TooLarge(path, maxBytes, null);
            }

            return bytes.ToArray();
        }
        catch (UnauthorizedAccessException)
        {
            throw new InputFileException($"{path} cannot be read (permission denied): make it readable or copy it somewhere you may read");
        }
        catch (IOException e) when (e is not InputFileException)
        {
            throw new InputFileException($"{path} cannot be read ({e.Message.TrimEnd('.')})");
        }
    }

    private static InputFileException TooLarge(string path, long maxBytes, long? length) => new(
        $"{path} is larger than {maxBytes / (1024 * 1024)} MB{(length is { } l ? $" ({l / (1024.0 * 1024):0.#} MB)" : "")}: "
        + "the lab reads lists a student writes, not data sets; give a shorter file");
}
