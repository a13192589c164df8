using LabApp.Components;
using LabApp.Extensions;
using LabApp.Headless;
using LabApp.Services;

if (HeadlessRunner.Handles(args))
{
    using var signals = new TerminationSignals();
    var code = await HeadlessRunner.RunAsync(args, new StreamReader(Console.OpenStandardInput(), System.Text.Encoding.UTF8), Console.Out, Console.Error, signals.Token);
    return code == HeadlessRunner.Cancelled && signals.ExitCode is { } signalled ? signalled : code;
}

// The content root is the build output (appsettings.json, the static-assets manifest), whatever folder dotnet run was typed in;
// the lab's own relative paths (--data-dir) still mean what they say from there.
var builder = WebApplication.CreateBuilder(new WebApplicationOptions { Args = args, ContentRootPath = AppContext.BaseDirectory });
builder.AddLabServices();

var app = builder.Build();

if (!app.Environment.IsDevelopment())
    app.UseExceptionHandler("/Error", createScopeForErrors: true);
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
