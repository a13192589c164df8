namespace LabApp.Tests.Browser;

/// <summary>What the browser tests share beyond the fixture.</summary>
internal static class Lab
{
    /// <summary>
    /// How long a computed result may take: the first run on a fresh checkout embeds the 8,530 + 1,066 reviews on the CPU
    /// (one to two minutes on two cores); later runs read the embedding cache.
    /// </summary>
    public const float ResultTimeout = 150_000;

    /// <summary>A route as a file name: "/" is "root", "/medium/confidence" is "medium-confidence".</summary>
    public static string ScreenshotName(string route) =>
        route.Trim('/') is { Length: > 0 } path ? path.Replace('/', '-') : "root";
}
