using LabApp.Components;
using LabApp.Extensions;
using LabApp.Headless;
using LabApp.Services;

if (HeadlessRunner.Handles(args))
{
    using var signals = new TerminationSignals();
    // On a thread of its own from the first line, so that nothing the command waits on keeps the signal's deadline from counting.
    var command = Task.Run(() => HeadlessRunner.RunAsync(args, new StreamReader(Console.OpenStandardInput(), new System.Text.UTF8Encoding(false, throwOnInvalidBytes: true)), Console.Out, Console.Error, signals.Token));
    return await signals.FinishAsync(command);
}

// The content root is the build output (appsettings.json, the static-assets manifest), whatever folder dotnet run was typed in;
// the lab's own relative paths (--data-dir) still mean what they say from there.
var builder = WebApplication.CreateBuilder(new WebApplicationOptions { Args = args, ContentRootPath = AppContext.BaseDirectory });
try
{
    builder.AddLabServices();

    var app = builder.Build();

    app.UseForwardedHeaders();
    if (!app.Environment.IsDevelopment())
        app.UseExceptionHandler("/Error", createScopeForErrors: true);
    app.UseAddressLimit();
    app.UseStatusCodePagesWithReExecute("/not-found", createScopeForStatusCodePages: true);
    app.UseBrowserIdCookie();
    app.UseAntiforgery();

    app.MapStaticAssets();
    app.MapRunLog();
    app.MapWorkbook();
    app.MapRazorComponents<App>()
        .AddInteractiveServerRenderMode();

    await app.RunAsync();
    return 0;
}
catch (Exception e) when (StartupException.Said(e) is { } problem)
{
    // A store, a port or a setting the lab cannot start with: one line and the code of a bad argument, as the commands.
    await Console.Error.WriteLineAsync($"error: {problem}");
    return 2;
}
