using System.Text;
using LabApp.Core;
using LabApp.Core.Classifiers.Llm;
using LabApp.Core.Experiments;
using LabApp.Core.Runners;
using LabApp.Core.Storage;
using LabApp.Services;
using Microsoft.Extensions.DependencyInjection.Extensions;
using MudBlazor.Services;

namespace LabApp.Extensions;

public static class Extensions
{
    /// <summary>All of the web app's services: the lab's core as singletons shared by every student, and the UI.</summary>
    public static void AddLabServices(this WebApplicationBuilder builder)
    {
        // --data-dir and --models-dir work for the web app too, like the headless commands.
        builder.Configuration.AddCommandLine(Environment.GetCommandLineArgs().Skip(1).ToArray(), new Dictionary<string, string>
        {
            ["--data-dir"] = "Lab:DataDir",
            ["--models-dir"] = "Lab:ModelsDir",
            ["--log-path"] = "Lab:LogPath",
        });
        // `dotnet user-secrets set OpenAI:ApiKey …` keeps a key out of files and the shell history, in any environment.
        builder.Configuration.AddUserSecrets(typeof(Extensions).Assembly, optional: true);
        var settings = LabSettings.FromEnvironment(builder.Configuration["Lab:DataDir"], builder.Configuration["Lab:ModelsDir"]);
        builder.Services.AddLabCore(settings);
        builder.Services.AddSingleton(new RunLog(builder.Configuration["Lab:LogPath"] ?? settings.RunLogPath));
        builder.Services.AddScoped<IRunRecorder>(sp => sp.GetRequiredService<RunLog>());
        builder.Services.AddSingleton<LabStatus>();
        builder.Services.AddSingleton(new LlmConnection(LlmSettingsFrom(builder.Configuration), new LlmAnswerCache(settings.LlmAnswerCachePath)));

        // `dotnet run` starts the lab from the checkout (RunWorkingDirectory) and, without a launch profile, in Production,
        // where ASP.NET Core only serves the files a publish copied: the build's manifest maps MudBlazor's and plotly's
        // files (and wwwroot) where they are. A published lab has no manifest, and this does nothing.
        builder.WebHost.UseStaticWebAssets();

        builder.Services.AddSingleton(TimeProvider.System);
        builder.Services.AddScoped<UrlState>();
        builder.Services.AddScoped<StudentState>();
        builder.Services.AddChapterRunners();

        builder.Services.AddMudServices();
        builder.Services.AddRazorComponents()
            .AddInteractiveServerComponents();
    }

    /// <summary>
    /// The chapter pages' runners: per student (they record into the student's run log), over the shared singletons.
    /// </summary>
    public static IServiceCollection AddChapterRunners(this IServiceCollection services)
    {
        services.TryAddScoped<SettledRuns>();
        services.AddScoped<SupervisedRunner>();
        services.AddScoped<ZeroShotRunner>();
        services.AddScoped<TaskSpecificRunner>();
        services.AddScoped<GenerativeRunner>();
        services.AddSingleton<EmbeddingPreparation>();
        services.AddSingleton<ModelDownload>();
        services.AddSingleton<SplitBrowser>();
        return services;
    }

    // OPENAI_BASE_URL / OPENAI_API_KEY, overridden by OpenAI:BaseUrl, OpenAI:ApiKey, OpenAI:Model (user secrets, appsettings).
    private static LlmSettings LlmSettingsFrom(IConfiguration configuration)
    {
        var environment = LlmSettings.FromEnvironment();
        return environment with
        {
            BaseUrl = configuration["OpenAI:BaseUrl"] is { Length: > 0 } url ? url : environment.BaseUrl,
            ApiKey = configuration["OpenAI:ApiKey"] is { Length: > 0 } key ? key : environment.ApiKey,
            Model = configuration["OpenAI:Model"] is { Length: > 0 } model ? model : environment.Model,
        };
    }

    /// <summary><c>/log/export.csv</c> and <c>/log/export.md</c>: the run log (filtered by <c>?filter=</c>) as a download.</summary>
    public static void MapRunLogExport(this WebApplication app)
    {
        app.MapGet("/log/export.csv", (RunLog log, string? filter) =>
            Results.File(Encoding.UTF8.GetBytes(RunLog.ToCsv(log.Find(filter))), "text/csv; charset=utf-8", "lab-runs.csv"));
        app.MapGet("/log/export.md", (RunLog log, string? filter) =>
            Results.File(Encoding.UTF8.GetBytes(RunLog.ToMarkdown(log.Find(filter))), "text/markdown; charset=utf-8", "lab-runs.md"));
    }
}
