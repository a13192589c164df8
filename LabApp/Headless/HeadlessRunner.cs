using System.CommandLine;
using System.CommandLine.Parsing;
using LabApp.Core;
using LabApp.Core.Classifiers.Llm;
using LabApp.Core.Hub;
using LabApp.Core.Storage;
using LabApp.Extensions;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;

namespace LabApp.Headless;

/// <summary>
/// <c>dotnet run --project LabApp -- COMMAND ...</c>: the lab's experiments without the web server.
/// Bad input ends with exit code 2 (arguments, and the files they name) or 1 (data, models, servers, the disk) and one
/// line on stderr that says what to do; nothing ends with a stack trace.
/// </summary>
public static class HeadlessRunner
{
    /// <summary>The exit code of a command cancelled through its token: the shell's for Ctrl-C.</summary>
    public const int Cancelled = 130;

    /// <summary>What a cancelled command says last.</summary>
    public const string CancelledLine = "cancelled: nothing was written; embeddings already cached stay cached.";

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
        error = new OneLineWriter(error);
        output = new CancellableWriter(output, cancellationToken);
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
            await error.WriteLineAsync(CancelledLine);
            return Cancelled;
        }
        catch (UsageException e)
        {
            await error.WriteLineAsync($"error: {e.Message} (see 'dotnet run --project LabApp -- {string.Join(' ', [.. CommandPath(parsed.CommandResult, root), "--help"])}')");
            return 2;
        }
        catch (Exception e) when (e is ArgumentException or InputFileException)
        {
            // What the student asked for cannot be done with the data (a size past the split, labels the split cannot
            // take), or a file they named cannot be used: a bad argument, as README's Bad input says.
            await error.WriteLineAsync($"error: {Said(e)}");
            return 2;
        }
        catch (Exception e) when (e is FileNotFoundException or InvalidDataException or HubException or IOException or LlmRequestException)
        {
            await error.WriteLineAsync($"error: {Said(e)}");
            return 1;
        }
        catch (Exception e) when (e is not OperationCanceledException)
        {
            // A fault the lab has no words for yet: one line all the same, never a stack trace.
            await error.WriteLineAsync($"error: the lab met a problem it cannot explain ({Said(e)}); please report it with the command you typed.");
            return 1;
        }
    }

    // The message alone: an ArgumentException's " (Parameter 'x')" is .NET's, not the lab's.
    private static string Said(Exception e)
    {
        var message = e is ArgumentException { ParamName: { } name } ? e.Message.Replace($" (Parameter '{name}')", "", StringComparison.Ordinal) : e.Message;
        return string.Join(' ', message.Split(['\r', '\n'], StringSplitOptions.RemoveEmptyEntries));
    }

    // "run confidence", not just "confidence": the words to type before --help.
    private static IEnumerable<string> CommandPath(CommandResult? result, RootCommand root)
    {
        var names = new Stack<string>();
        for (; result is not null && result.Command != root; result = result.Parent as CommandResult)
            names.Push(result.Command.Name);
        return names;
    }

    /// <summary>
    /// The class's PostgreSQL database when the environment names one as it does for the web app (<c>LAB_DATABASE</c> or
    /// <c>ConnectionStrings__Lab</c>), so a command reads the run log and answers the class's servers share; null without.
    /// </summary>
    /// <exception cref="StorageException">The database cannot be used (an <see cref="IOException"/>: exit 1 with its line).</exception>
    internal static PostgresDatabase? ClassDatabaseFromEnvironment() =>
        ClassDatabase.Open(new ConfigurationBuilder().AddEnvironmentVariables().Build());

    /// <summary>The lab's services for one headless command.</summary>
    internal static ServiceProvider CreateServices(ParseResult parsed, TextWriter error)
    {
        var settings = LabSettings.Resolve(
            parsed.GetValue(LabCommands.DataDir),
            parsed.GetValue(LabCommands.ModelsDir),
            Environment.GetEnvironmentVariable,
            hubEndpoint: parsed.GetValue(LabCommands.HubEndpoint));
        if (File.Exists(settings.ModelsDir))
            throw new IOException($"The models folder {settings.ModelsDir} (LAB_MODELS_DIR) is a file, not a folder: point LAB_MODELS_DIR or --models-dir at a folder.");
        if (settings.DataDir is { } data && File.Exists(data))
            throw new IOException($"The data folder {data} (LAB_DATA_DIR) is a file, not a folder: point LAB_DATA_DIR or --data-dir at a folder.");
        var services = new ServiceCollection()
            .AddLogging(logging => logging.ClearProviders().AddProvider(new NoticePrinter(error)))
            .AddLabCore(settings)
            .BuildServiceProvider();
        services.GetRequiredService<DownloadMonitor>().Changed += new DownloadPrinter(error, TimeProvider.System).Print;
        return services;
    }
}
