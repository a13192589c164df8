using System.Diagnostics;
using System.Globalization;
using System.Runtime.InteropServices;
using System.Text;

namespace LabApp.Tests.Faults;

/// <summary>
/// What a child process's threads are blocked in, from the kernel's own account in <c>/proc/PID/task/TID/syscall</c>:
/// a test signals a command once it really waits on its pipe, not after a guess at how long it takes to get there.
/// </summary>
internal static class BlockedThreads
{
    private static readonly TimeSpan Within = TimeSpan.FromSeconds(60);
    private static readonly TimeSpan Poll = TimeSpan.FromMilliseconds(10);

    // The system call numbers differ by architecture (asm/unistd.h).
    private static readonly (long Read, long Write, long OpenAt) Numbers = RuntimeInformation.ProcessArchitecture switch
    {
        Architecture.X64 => (0, 1, 257),
        Architecture.Arm64 => (63, 64, 56),
        var other => throw new PlatformNotSupportedException($"No system call numbers for {other}."),
    };

    /// <summary>Until a thread of <paramref name="process"/> is inside <c>openat</c> of <paramref name="path"/>: a FIFO's open waits there for the other end.</summary>
    public static Task OpeningAsync(Process process, string path) =>
        UntilAsync(process, $"opening {path}", call => call.Number == Numbers.OpenAt && PathAt(process.Id, call.Arguments[1]) == path);

    /// <summary>Until a thread of <paramref name="process"/> is inside <c>read</c> of the pipe that is its standard input.</summary>
    public static Task ReadingStandardInputAsync(Process process) =>
        UntilAsync(process, "reading its standard input", call => call.Number == Numbers.Read && SameFile(process.Id, call.Arguments[0], 0));

    /// <summary>Until a thread of <paramref name="process"/> is inside <c>write</c> to the pipe that is its standard output (a full pipe blocks there).</summary>
    public static Task WritingStandardOutputAsync(Process process) =>
        UntilAsync(process, "writing its standard output", call => call.Number == Numbers.Write && SameFile(process.Id, call.Arguments[0], 1));

    private static async Task UntilAsync(Process process, string what, Func<SystemCall, bool> blocked)
    {
        var waited = Stopwatch.StartNew();
        using var poll = new PeriodicTimer(Poll);
        while (!Calls(process).Any(blocked))
        {
            if (process.HasExited)
                throw new InvalidOperationException($"The command exited with {process.ExitCode} before {what}: {await process.StandardError.ReadToEndAsync()}");
            if (waited.Elapsed > Within)
                throw new TimeoutException($"The command was not {what} within {Within.TotalSeconds} s; its threads were in: {string.Join(", ", Calls(process).Select(c => c.Number))}.");
            await poll.WaitForNextTickAsync();
        }
    }

    private static IEnumerable<SystemCall> Calls(Process process)
    {
        string[] tasks;
        try
        {
            tasks = Directory.GetDirectories($"/proc/{process.Id}/task");
        }
        catch (DirectoryNotFoundException)
        {
            yield break;
        }

        foreach (var task in tasks)
        {
            string line;
            try
            {
                line = File.ReadAllText(Path.Combine(task, "syscall")).Trim();
            }
            catch (Exception e) when (e is IOException or UnauthorizedAccessException)
            {
                continue; // The thread ended between the listing and the read.
            }

            // "running", or "NR ARG0 … ARG5 SP PC" of a thread blocked in a system call.
            var fields = line.Split(' ');
            if (fields.Length < 7 || !long.TryParse(fields[0], CultureInfo.InvariantCulture, out var number))
                continue;
            yield return new SystemCall(number, fields[1..7].Select(Hex).ToArray());
        }
    }

    private static long Hex(string field) => long.Parse(field.AsSpan(2), NumberStyles.HexNumber, CultureInfo.InvariantCulture);

    private static bool SameFile(int pid, long descriptor, int standard)
    {
        try
        {
            return File.ResolveLinkTarget($"/proc/{pid}/fd/{descriptor}", false)?.ToString() is { } target
                   && target == File.ResolveLinkTarget($"/proc/{pid}/fd/{standard}", false)?.ToString();
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            return false;
        }
    }

    // The path argument is a C string in the child's memory, which its parent may read.
    private static string? PathAt(int pid, long address)
    {
        try
        {
            using var memory = new FileStream($"/proc/{pid}/mem", FileMode.Open, FileAccess.Read, FileShare.ReadWrite, bufferSize: 1);
            memory.Seek(address, SeekOrigin.Begin);
            var bytes = new byte[4096];
            var read = memory.Read(bytes);
            var end = Array.IndexOf(bytes, (byte)0, 0, read);
            return end < 0 ? null : Encoding.UTF8.GetString(bytes, 0, end);
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            return null;
        }
    }

    private sealed record SystemCall(long Number, long[] Arguments);
}
