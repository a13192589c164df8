using System.Runtime.InteropServices;

namespace LabApp.Core.Storage;

/// <summary>Whether this process may write into a folder, as <c>access(2)</c> answers it (root may write anywhere).</summary>
internal static class FolderAccess
{
    private const int WriteAccess = 2;

    public static bool CanWrite(string folder) => OperatingSystem.IsWindows() || access(folder, WriteAccess) == 0;

    [DllImport("libc", SetLastError = true)]
    private static extern int access([MarshalAs(UnmanagedType.LPUTF8Str)] string path, int mode);
}
