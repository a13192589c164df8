namespace LabApp.Core.Storage;

/// <summary>
/// Writes a file so that readers see either nothing or all of it: the bytes go to a temporary file beside the target,
/// which is renamed into place only when complete. The temporary name is unique per writer, because the web app, the
/// headless runner and the tests may fill the same cache at once; each rename then puts complete bytes in place.
/// </summary>
internal static class AtomicFile
{
    public static void Write(string path, Action<Stream> write)
    {
        var target = Path.GetFullPath(path);
        Directory.CreateDirectory(Path.GetDirectoryName(target)!);
        var partial = Partial(target);
        try
        {
            using (var output = File.Create(partial))
                write(output);
            File.Move(partial, target, overwrite: true);
        }
        finally
        {
            File.Delete(partial);
        }
    }

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

    public static void Copy(string source, string path) => Write(path, output =>
    {
        using var input = File.OpenRead(source);
        input.CopyTo(output);
    });

    private static string Partial(string target) => $"{target}.{Guid.NewGuid():N}.incomplete";
}
