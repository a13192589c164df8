using LabApp.Core.Runners;

namespace LabApp.Services;

/// <summary>The paired comparison as one student left it: the two runs of their log chosen, and the last comparison shown.</summary>
public sealed class ComparisonInputs
{
    /// <summary>The run-log id of run A, or null before one is chosen.</summary>
    public long? A { get; set; }

    public long? B { get; set; }

    public ComparisonResult? Shown { get; set; }

    /// <summary>The run-log ids <see cref="Shown"/> compares, so coming back to the same pair does not make it again.</summary>
    public (long A, long B)? ShownRuns { get; set; }

    /// <summary>The bootstrap's numpy <c>default_rng</c> seed: fixed, so the interval a student sees is the one <c>compare</c> prints.</summary>
    public const ulong BootstrapSeed = 42;

    /// <summary>Takes <c>?a=…&amp;b=…</c> when the address carries run ids; true when it named both.</summary>
    public bool ReadFrom(UrlState url)
    {
        var (hasA, hasB) = (long.TryParse(url.Text("a"), out var a), long.TryParse(url.Text("b"), out var b));
        if (hasA)
            A = a;
        if (hasB)
            B = b;
        return hasA && hasB;
    }

    public void WriteTo(UrlState url) => url.Write(("a", A), ("b", B));
}
