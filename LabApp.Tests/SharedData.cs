using LabApp.Core;
using LabApp.Core.Data;
using LabApp.Core.Hub;

namespace LabApp.Tests;

/// <summary>The real rotten_tomatoes splits from ../shared/data, read once for the whole test run.</summary>
public sealed class SharedData
{
    public static LabSettings Settings { get; } = LabSettings.Resolve(RepositoryPaths.SharedData, null, Environment.GetEnvironmentVariable);

    private static readonly Lazy<RottenTomatoes> Dataset = new(() => new RottenTomatoes(Settings, new HubClient(new HttpClient(), Settings.Hub)));

    public static RottenTomatoes RottenTomatoes => Dataset.Value;

    public static ReviewSplit Load(string split) => RottenTomatoes.LoadAsync(split).GetAwaiter().GetResult();
}
