namespace LabApp.Core.Storage;

/// <summary>
/// Writes a file so that readers see either nothing or all of it: the bytes go to a temporary file beside the target,
/// which is renamed into place only when complete. The temporary name is unique per writer, because the web app, the
/// headless runner and the tests may fill the same cache at once; each rename then puts complete bytes in place.
/// A temporary file is deleted when its write fails or is cancelled, and the ones still being written when the process
/// ends (a command stopped by a signal while an extraction runs on) are deleted as it exits (<see cref="RemoveUnfinished"/>).
/// </summary>
internal static class AtomicFile
{
    private const int ChunkBytes = 1024 * 1024;

    private static readonly Lock Gate = new();
    private static readonly HashSet<string> Unfinished = [];
    private static bool _exiting;

    static AtomicFile() => AppDomain.CurrentDomain.ProcessExit += (_, _) => RemoveUnfinished();

    public static void Write(string path, Action<Stream> write)
    {
        var target = Path.GetFullPath(path);
        Directory.CreateDirectory(Path.GetDirectoryName(target)!);
        var partial = Begin(target);
        try
        {
            using (var output = File.Create(partial))
                write(output);
            File.Move(partial, target, overwrite: true);
        }
        finally
        {
            End(partial);
        }
    }

    /// <summary>Writes <paramref name="bytes"/> a megabyte at a time, stopping between two when <paramref name="cancellationToken"/> is cancelled (nothing then stays).</summary>
    public static void Write(string path, ReadOnlyMemory<byte> bytes, CancellationToken cancellationToken) => Write(path, output =>
    {
        for (var start = 0; start < bytes.Length; start += ChunkBytes)
        {
            cancellationToken.ThrowIfCancellationRequested();
            output.Write(bytes.Span.Slice(start, Math.Min(ChunkBytes, bytes.Length - start)));
        }
    });

    /// <summary>Why the temporary file beside <paramref name="path"/> cannot be created (no permission, a read-only file system); null when it can.</summary>
    public static string? CannotCreateBeside(string path)
    {
        var partial = Partial(Path.GetFullPath(path));
        try
        {
            File.Create(partial).Dispose();
            File.Delete(partial);
            return null;
        }
        catch (UnauthorizedAccessException)
        {
            return "permission denied";
        }
        catch (IOException)
        {
            return "the file system refuses a new file there";
        }
    }

    /// <summary>Copies <paramref name="source"/> to <paramref name="path"/> a megabyte at a time, stopping between two when cancelled.</summary>
    public static void Copy(string source, string path, CancellationToken cancellationToken = default) => Write(path, output =>
    {
        using var input = File.OpenRead(source);
        CopyChunks(input, output, cancellationToken);
    });

    /// <summary>Copies <paramref name="input"/> to <paramref name="output"/> a megabyte at a time, checking <paramref name="cancellationToken"/> between two.</summary>
    public static void CopyChunks(Stream input, Stream output, CancellationToken cancellationToken)
    {
        var buffer = new byte[ChunkBytes];
        int read;
        while ((read = input.Read(buffer)) > 0)
        {
            cancellationToken.ThrowIfCancellationRequested();
            output.Write(buffer, 0, read);
        }
    }

    /// <summary>
    /// Deletes the temporary files this process is still writing, and lets no new one start: called as the process
    /// exits, so that a write a signal interrupted (on a thread the command stopped waiting for) leaves nothing behind.
    /// </summary>
    public static void RemoveUnfinished()
    {
        string[] partials;
        lock (Gate)
        {
            _exiting = true;
            partials = [.. Unfinished];
        }

        foreach (var partial in partials)
        {
            try
            {
                File.Delete(partial);
            }
            catch (Exception e) when (e is IOException or UnauthorizedAccessException)
            {
                // Nothing more can be done on the way out.
            }
        }
    }

    private static string Begin(string target)
    {
        var partial = Partial(target);
        lock (Gate)
        {
            if (_exiting)
                throw new OperationCanceledException("The lab is exiting: no new file is started.");
            Unfinished.Add(partial);
        }

        return partial;
    }

    private static void End(string partial)
    {
        File.Delete(partial);
        lock (Gate)
            Unfinished.Remove(partial);
    }

    private static string Partial(string target) => $"{target}.{Guid.NewGuid():N}.incomplete";
}
