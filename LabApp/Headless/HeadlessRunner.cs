using System.CommandLine;
using System.CommandLine.Parsing;
using LabApp.Core;
using LabApp.Core.Classifiers.Llm;
using LabApp.Core.Hub;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;

namespace LabApp.Headless;

/// <summary>
/// <c>dotnet run --project LabApp -- COMMAND ...</c>: the lab's experiments without the web server.
/// Bad input ends with exit code 2 (arguments) or 1 (data, models) and one line on stderr that says what to do.
/// </summary>
public static class HeadlessRunner
{
    /// <summary>The exit code of a command cancelled through its token: the shell's for Ctrl-C.</summary>
    public const int Cancelled = 130;

    public static IReadOnlySet<string> Commands { get; } = new HashSet<string> { "info", "sample", "embed", "run", "tokenize", "compare", "--help", "-h", "-?" };

    // Options that may come before the command and take a value: `--data-dir ../shared/data info` is still `info`.
    private static readonly HashSet<string> GlobalOptionsWithValue = ["--data-dir", "--models-dir", "--hub-endpoint"];

    /// <summary>
    /// Whether <paramref name="args"/> ask for a headless command rather than the web app. The web app's own arguments
    /// are ASP.NET Core's configuration (<c>--urls X</c>, <c>/urls X</c>, <c>urls=X</c>); any other first word is a command,
    /// so a mistyped one (<c>embd</c>) is refused with the commands listed instead of starting a server that never exits.
    /// </summary>
    public static bool Handles(string[] args)
    {
        for (var i = 0; i < args.Length; i++)
        {
            if (GlobalOptionsWithValue.Contains(args[i]))
                i++;
            else
                return Commands.Contains(args[i]) || !(args[i].StartsWith('-') || args[i].StartsWith('/') || args[i].Contains('='));
        }

        return false;
    }

    /// <summary>Runs the command of <paramref name="args"/>; <paramref name="input"/> is what it reads as standard input.</summary>
    public static async Task<int> RunAsync(string[] args, TextReader input, TextWriter output, TextWriter error, CancellationToken cancellationToken = default)
    {
        var root = LabCommands.Build(input, output, error);
        OptionParsing.ReadNumbersFirst(root);
        var parsed = root.Parse(args);
        if (OptionParsing.Problem(parsed) is { } problem)
        {
            var help = string.Join(' ', [.. CommandPath(parsed.CommandResult, root), "--help"]);
            await error.WriteLineAsync($"error: {problem} (see 'dotnet run --project LabApp -- {help}')");
            return 2;
        }

        try
        {
            // The caller's token carries Ctrl-C and SIGTERM (TerminationSignals); System.CommandLine's own handling of them
            // would end the process after a grace period, in the middle of whatever runs.
            var invocation = new InvocationConfiguration { Output = output, Error = error, EnableDefaultExceptionHandler = false, ProcessTerminationTimeout = null };
            return await parsed.InvokeAsync(invocation, cancellationToken);
        }
        catch (OperationCanceledException) when (cancellationToken.IsCancellationRequested)
        {
            await error.WriteLineAsync("cancelled: nothing was written; embeddings already cached stay cached.");
            return Cancelled;
        }
        catch (Exception e) when (e is ArgumentException or FileNotFoundException or InvalidDataException or HubException or IOException or LlmRequestException)
        {
            await error.WriteLineAsync($"error: {e.Message}");
            return 1;
        }
    }

    // "run confidence", not just "confidence": the words to type before --help.
    private static IEnumerable<string> CommandPath(CommandResult? result, RootCommand root)
    {
        var names = new Stack<string>();
        for (; result is not null && result.Command != root; result = result.Parent as CommandResult)
            names.Push(result.Command.Name);
        return names;
    }

    /// <summary>The lab's services for one headless command.</summary>
    internal static ServiceProvider CreateServices(ParseResult parsed, TextWriter error)
    {
        var settings = LabSettings.Resolve(
            parsed.GetValue(LabCommands.DataDir),
            parsed.GetValue(LabCommands.ModelsDir),
            Environment.GetEnvironmentVariable,
            hubEndpoint: parsed.GetValue(LabCommands.HubEndpoint));
        var services = new ServiceCollection()
            .AddLogging(logging => logging.ClearProviders().AddProvider(new NoticePrinter(error)))
            .AddLabCore(settings)
            .BuildServiceProvider();
        services.GetRequiredService<DownloadMonitor>().Changed += new DownloadPrinter(error, TimeProvider.System).Print;
        return services;
    }
}
