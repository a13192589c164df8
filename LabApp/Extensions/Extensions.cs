using LabApp.Core;
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
        });
        var settings = LabSettings.FromEnvironment(builder.Configuration["Lab:DataDir"], builder.Configuration["Lab:ModelsDir"]);
        builder.Services.AddLabCore(settings);

        builder.Services.AddMudServices();
        builder.Services.AddRazorComponents()
            .AddInteractiveServerComponents();
    }
}
