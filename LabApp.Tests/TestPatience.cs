namespace LabApp.Tests;

/// <summary>How long tests wait for work whose time depends on the machine rather than on the code.</summary>
internal static class TestPatience
{
    /// <summary>
    /// A result computed over the real splits. On a fresh checkout the first one embeds the 8,530 + 1,066 reviews on
    /// the CPU while the browser tests' server does the same: minutes on a busy two-core machine.
    /// </summary>
    public static TimeSpan RealSplits { get; } = TimeSpan.FromMinutes(10);
}
