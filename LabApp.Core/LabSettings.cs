using LabApp.Core.Hub;

namespace LabApp.Core;

/// <summary>
/// Where the lab finds its data and models, and how it reaches the hub. Built once at start-up from the command line,
/// configuration (<c>Lab:DataDir</c>, <c>Lab:ModelsDir</c>) and the environment (<c>LAB_DATA_DIR</c>, <c>LAB_MODELS_DIR</c>, <c>HF_*</c>).
/// </summary>
public sealed record LabSettings(string? DataDir, string ModelsDir, HubOptions Hub)
{
    /// <summary>
    /// The settings with <paramref name="dataDir"/> and <paramref name="modelsDir"/> (from the command line or configuration)
    /// taking precedence over the environment; the models folder defaults to <c>models/</c> of the checkout.
    /// </summary>
    /// <exception cref="HubException"><paramref name="hubEndpoint"/> or <c>HF_ENDPOINT</c> is not an http(s) URL.</exception>
    public static LabSettings Resolve(string? dataDir, string? modelsDir, Func<string, string?> variable, string? hubEndpoint = null)
    {
        static string? Value(string? s) => string.IsNullOrWhiteSpace(s) ? null : s;
        var data = Value(dataDir) ?? Value(variable("LAB_DATA_DIR"));
        var models = Value(modelsDir) ?? Value(variable("LAB_MODELS_DIR")) ?? DefaultModelsDir();
        return new LabSettings(data is null ? null : Path.GetFullPath(data), Path.GetFullPath(models), HubOptions.FromEnvironment(variable, hubEndpoint));
    }

    public static LabSettings FromEnvironment(string? dataDir = null, string? modelsDir = null) =>
        Resolve(dataDir, modelsDir, Environment.GetEnvironmentVariable);

    /// <summary>Downloaded dataset files live beside the models, in the same cache.</summary>
    public string DownloadedDataDir => Path.Combine(ModelsDir, "datasets");

    public string EmbeddingCacheDir => Path.Combine(ModelsDir, "embeddings");

    /// <summary>
    /// How many texts typed by students keep their embedding in memory, per model (least recently used forgotten first):
    /// 4096 MiniLM vectors are about 6 MB. Typed texts are never written to the disk cache.
    /// </summary>
    public int TypedTextCacheSize { get; init; } = DefaultTypedTextCacheSize;

    public const int DefaultTypedTextCacheSize = 4096;

    /// <summary>Every LLM answer, keyed by endpoint, model, prompt and review, so no request is ever made twice.</summary>
    public string LlmAnswerCachePath => Path.Combine(ModelsDir, "llm", "answers.sqlite");

    /// <summary>
    /// The run log's SQLite file, beside the models folder rather than in it: models/ is a cache one may delete,
    /// the log is the student's history (the web app's <c>Lab:LogPath</c> setting moves it).
    /// </summary>
    public string RunLogPath => Path.GetFullPath(Path.Combine(ModelsDir, "..", "lab-runs.sqlite"));

    // The checkout's models/ folder when the lab runs from one (dotnet run, dotnet test), else a per-user cache.
    private static string DefaultModelsDir()
    {
        foreach (var start in new[] { Directory.GetCurrentDirectory(), AppContext.BaseDirectory })
        {
            for (var dir = new DirectoryInfo(start); dir is not null; dir = dir.Parent)
            {
                if (File.Exists(Path.Combine(dir.FullName, "LabApp.sln")))
                    return Path.Combine(dir.FullName, "models");
            }
        }

        return Path.Combine(Environment.GetFolderPath(Environment.SpecialFolder.UserProfile), ".cache", "labapp", "models");
    }
}
