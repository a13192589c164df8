using System.Net;

namespace LabApp.Services;

/// <summary>
/// The instructor key form's throttle: a computer (an IP address) that entered <see cref="FreeFailures"/> wrong keys
/// within <see cref="Window"/> waits until the oldest of them is that old before any key of its is tried again, the
/// right one included (else the throttle would only slow down the wrong guesses). An instructor who mistypes a few
/// times is not held up; a script guessing 300 keys in 2 s gets 5 tries a minute. A singleton: the addresses are few.
/// </summary>
public sealed class KeyAttempts(TimeProvider time)
{
    public const int FreeFailures = 5;

    public static readonly TimeSpan Window = TimeSpan.FromMinutes(1);

    private readonly Lock _gate = new();
    private readonly Dictionary<IPAddress, Queue<DateTimeOffset>> _failures = [];

    /// <summary>How long <paramref name="address"/> must wait before a key of its is tried; null when it may try now.</summary>
    public TimeSpan? WaitFor(IPAddress? address)
    {
        var now = time.GetUtcNow();
        lock (_gate)
        {
            if (!_failures.TryGetValue(Key(address), out var failures))
                return null;
            Forget(failures, now);
            return failures.Count < FreeFailures ? null : failures.Peek() + Window - now;
        }
    }

    public void Failed(IPAddress? address)
    {
        var now = time.GetUtcNow();
        lock (_gate)
        {
            if (!_failures.TryGetValue(Key(address), out var failures))
                _failures[Key(address)] = failures = new Queue<DateTimeOffset>();
            Forget(failures, now);
            failures.Enqueue(now);
            // Addresses that stopped trying are forgotten, so a long-running lab keeps no list of every visitor.
            foreach (var quiet in _failures.Where(p => p.Value.Count == 0 || p.Value.Last() + Window < now).Select(p => p.Key).ToArray())
                _failures.Remove(quiet);
        }
    }

    private void Forget(Queue<DateTimeOffset> failures, DateTimeOffset now)
    {
        while (failures.Count > 0 && failures.Peek() + Window <= now)
            failures.Dequeue();
    }

    private static IPAddress Key(IPAddress? address) => address?.IsIPv4MappedToIPv6 == true ? address.MapToIPv4() : address ?? IPAddress.None;
}
