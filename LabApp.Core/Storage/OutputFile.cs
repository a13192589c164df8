using Mono.Unix;

namespace LabApp.Core.Storage;

/// <summary>
/// A file written where the user said (<c>--out</c>), as they expect of that path: a regular file, or none yet, is
/// replaced whole through <see cref="AtomicFile"/>; a symbolic link is followed, so the link stays and its target gets
/// the bytes; a device or a named pipe (<c>/dev/null</c>, <c>/dev/stdout</c>, a FIFO) is written into, as a shell's
/// redirection does, never replaced by a regular file. <see cref="Problem"/> answers before any work is done.
/// </summary>
public static class OutputFile
{
    /// <summary>
    /// Why nothing can be written at <paramref name="path"/>, in one sentence that starts with the path as the user typed
    /// it; null when it can be.
    /// </summary>
    public static string? Problem(string path)
    {
        var full = Path.GetFullPath(path);
        if (Directory.Exists(full))
            return $"{path} is a folder: name a file in it, as {Path.Combine(path, "out.npy")}.";
        if (IsWrittenInto(full))
            return null;
        var target = FinalTarget(full);
        var folder = Path.GetDirectoryName(target)!;
        // File.Exists holds for anything that is not a folder: a file, a device (/dev/null/x), a pipe.
        if (File.Exists(folder))
            return $"{path}: {folder} is a file, not a folder: name a file in a folder.";
        if (!Directory.Exists(folder))
            return $"{path}: the folder {folder} does not exist: create it, or name a file in a folder that does.";
        var linked = target == full ? "" : $" (a link to {target})";
        return AtomicFile.CannotCreateBeside(target) is { } reason ? $"{path}{linked} cannot be written ({reason}): choose a folder you may write in." : null;
    }

    public static void Write(string path, Action<Stream> write)
    {
        var full = Path.GetFullPath(path);
        if (IsWrittenInto(full))
        {
            using var stream = new FileStream(full, FileMode.Open, FileAccess.Write);
            write(stream);
            return;
        }

        AtomicFile.Write(FinalTarget(full), write);
    }

    /// <summary>
    /// Writes <paramref name="bytes"/> as <see cref="Write(string, Action{Stream})"/> does, so that a cancelled command
    /// stops at once whatever the path waits on: a named pipe waits for a reader to open it and a pipe or terminal for its
    /// reader to take the bytes, so those are written on a thread of their own that the command stops waiting for (the
    /// thread ends with the process); a regular file stops between two megabytes and leaves nothing.
    /// </summary>
    public static Task WriteAsync(string path, ReadOnlyMemory<byte> bytes, CancellationToken cancellationToken)
    {
        var full = Path.GetFullPath(path);
        return Task.Run(() =>
        {
            try
            {
                Write(full, bytes, cancellationToken);
            }
            catch (IOException e) when (e.HResult == DiskFull || e.Message.Contains("No space left", StringComparison.Ordinal))
            {
                throw new IOException($"{path} could not be written: the disk or device is full. Free some space, or write elsewhere.", e);
            }
        }, cancellationToken).WaitAsync(cancellationToken);
    }

    // ENOSPC as .NET reports it on Unix.
    private const int DiskFull = 28;

    private static void Write(string full, ReadOnlyMemory<byte> bytes, CancellationToken cancellationToken)
    {
        if (!IsWrittenInto(full))
        {
            AtomicFile.Write(FinalTarget(full), bytes, cancellationToken);
            return;
        }

        using var stream = new FileStream(full, FileMode.Open, FileAccess.Write, FileShare.ReadWrite, bufferSize: 0);
        for (var start = 0; start < bytes.Length; start += 64 * 1024)
        {
            cancellationToken.ThrowIfCancellationRequested();
            stream.Write(bytes.Span.Slice(start, Math.Min(64 * 1024, bytes.Length - start)));
        }
    }

    /// <summary>Deletes the unfinished temporary files of this process's writes: for a command that ends at once on a signal.</summary>
    public static void RemoveUnfinished() => AtomicFile.RemoveUnfinished();

    // stat(2) follows links: /dev/stdout is whatever standard output is (a pipe, a terminal, or a file it was redirected to).
    private static bool IsWrittenInto(string path)
    {
        var entry = new UnixFileInfo(path);
        return entry.Exists && entry.FileType is not (FileTypes.RegularFile or FileTypes.Directory);
    }

    // A link is followed to the file it finally names, even one that does not exist yet.
    private static string FinalTarget(string path) =>
        new FileInfo(path).LinkTarget is null ? path : File.ResolveLinkTarget(path, returnFinalTarget: true)!.FullName;
}
