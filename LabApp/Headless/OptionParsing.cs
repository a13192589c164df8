using System.CommandLine;
using System.CommandLine.Parsing;
using System.Globalization;
using System.Numerics;

namespace LabApp.Headless;

/// <summary>
/// How every command reads its option values and reports a command line that does not parse: one line that names the
/// option or word at fault and what it takes. Applied once to the whole command tree, so a command or option added later
/// gets the same treatment without code of its own.
/// </summary>
internal static class OptionParsing
{
    /// <summary>
    /// Number and file options read their values themselves (numbers invariantly) and report one that is not a number,
    /// past the type's range, or no path, as a parse error. System.CommandLine converts a value only after the option's validators ran, and a validator that
    /// reads an unconvertible value throws; here a validator runs only once every value parsed.
    /// </summary>
    public static void ReadNumbersFirst(Command command)
    {
        var parses = new Dictionary<Option, Func<string, bool>>();
        foreach (var option in command.Options)
        {
            if (option switch
                {
                    Option<int> o => Install(o, ParseOne<int>, Parses<int>),
                    Option<int?> o => Install(o, r => ParseOne<int>(r), Parses<int>),
                    Option<int[]> o => Install(o, ParseAll<int>, Parses<int>),
                    Option<ulong> o => Install(o, ParseOne<ulong>, Parses<ulong>),
                    Option<ulong[]> o => Install(o, ParseAll<ulong>, Parses<ulong>),
                    Option<double> o => Install(o, ParseOne<double>, Parses<double>),
                    Option<FileInfo> o => Install(o, ParseFile, IsPath),
                    _ => null,
                } is not { } parse)
                continue;
            parses[option] = parse;
            WhenReadable(option.Validators, result => Readable(result, parse));
        }

        // A command's validators read its options too: they wait until each given option has values that parse.
        WhenReadable(command.Validators, result => result.Children.OfType<OptionResult>()
            .All(o => Readable(o, parses.GetValueOrDefault(o.Option, _ => true))));

        foreach (var subcommand in command.Subcommands)
            ReadNumbersFirst(subcommand);
    }

    private static void WhenReadable<T>(IList<Action<T>> validators, Func<T, bool> readable)
    {
        for (var i = 0; i < validators.Count; i++)
        {
            var validate = validators[i];
            validators[i] = result =>
            {
                if (readable(result))
                    validate(result);
            };
        }
    }

    private static bool Readable(OptionResult result, Func<string, bool> parses) =>
        (result.Implicit || result.Tokens.Count >= result.Option.Arity.MinimumNumberOfValues) && result.Tokens.All(t => parses(t.Value));

    /// <summary>The one line for a command line that cannot run as typed (without the "see --help" hint), or null.</summary>
    public static string? Problem(ParseResult parsed)
    {
        if (ForgottenValue(parsed) is { } forgotten)
            return forgotten;
        if (GivenTwice(parsed) is { } twice)
            return twice;
        if (parsed.Errors.Count == 0)
            return null;
        if (parsed.UnmatchedTokens.Count > 0)
            return Unknown(parsed.UnmatchedTokens[0], parsed.CommandResult.Command);
        return parsed.Errors[0].SymbolResult switch
        {
            OptionResult { Tokens.Count: 0, Implicit: false } given when given.Option.Arity.MinimumNumberOfValues > 0 => NeedsValue(given.Option, ""),
            OptionResult { Implicit: true, Option.Required: true } absent => $"{absent.Option.Name} is required: {Described(absent.Option)}.",
            _ => parsed.Errors[0].Message,
        };
    }

    /// <summary>The candidate closest to <paramref name="word"/> when it is close enough to be a slip of the keyboard.</summary>
    private static string? Nearest(string word, IEnumerable<string> candidates) =>
        candidates
            .Select(c => (Candidate: c, Distance: LabApp.Core.Experiments.ChecklistSuiteJson.EditDistance(word.ToLowerInvariant(), c.ToLowerInvariant())))
            .Where(c => c.Distance <= Math.Max(2, c.Candidate.Length / 3))
            .OrderBy(c => c.Distance)
            .Select(c => c.Candidate)
            .FirstOrDefault();

    /// <summary>" (did you mean X?)" for a near miss, else nothing.</summary>
    public static string DidYouMean(string word, IEnumerable<string> candidates) =>
        Nearest(word, candidates) is { } nearest ? $" (did you mean {nearest}?)" : "";

    private static Func<string, bool> Install<T>(Option<T> option, Func<ArgumentResult, T> parse, Func<string, bool> parses)
    {
        option.CustomParser ??= parse;
        return parses;
    }

    private static T ParseOne<T>(ArgumentResult result) where T : INumber<T>
    {
        var token = result.Tokens[0].Value;
        if (TryParse<T>(token, out var value))
            return value;
        result.AddError($"{OptionName(result)} takes {Kind<T>()}, got '{token}'.");
        return T.Zero;
    }

    private static T[] ParseAll<T>(ArgumentResult result) where T : INumber<T>
    {
        var values = new T[result.Tokens.Count];
        for (var i = 0; i < values.Length; i++)
        {
            if (TryParse<T>(result.Tokens[i].Value, out values[i]))
                continue;
            result.AddError($"{OptionName(result)} takes {Kind<T>()} for each value, got '{result.Tokens[i].Value}'.");
            return [];
        }

        return values;
    }

    private static FileInfo ParseFile(ArgumentResult result)
    {
        var token = result.Tokens[0].Value;
        if (IsPath(token))
            return new FileInfo(token);
        result.AddError($"{OptionName(result)} takes a file's path, got '{token}'.");
        return null!;
    }

    private static bool IsPath(string token) => token.Trim().Length > 0 && token.IndexOf('\0') < 0;

    private static bool Parses<T>(string token) where T : INumber<T> => TryParse<T>(token, out _);

    private static bool TryParse<T>(string token, out T value) where T : INumber<T> =>
        T.TryParse(token, typeof(T) == typeof(double) ? NumberStyles.Float : NumberStyles.Integer, CultureInfo.InvariantCulture, out value!)
        && T.IsFinite(value);

    private static string Kind<T>() => typeof(T) switch
    {
        var t when t == typeof(int) => $"a whole number up to {int.MaxValue}",
        var t when t == typeof(ulong) => $"a whole number from 0 to {ulong.MaxValue}",
        _ => "a finite number, as 0.15",
    };

    private static string OptionName(ArgumentResult result) => result.Parent is OptionResult option ? option.Option.Name : result.Argument.Name;

    // An option that takes a value takes the next word whatever it is (System.CommandLine's greedy options, which is
    // what lets `--threshold -0.15` work); a next word that is one of the command's own options, or that looks like an
    // option (--anything), is a forgotten value: no label, path or prompt starts with two dashes.
    private static string? ForgottenValue(ParseResult parsed)
    {
        var names = OptionNames(parsed.CommandResult.Command, parsed.RootCommandResult.Command).ToHashSet(StringComparer.Ordinal);
        var tokens = parsed.Tokens;
        for (var i = 1; i < tokens.Count; i++)
        {
            if (tokens[i].Type == TokenType.Argument && tokens[i - 1].Type == TokenType.Option
                && (names.Contains(tokens[i].Value) || LooksLikeOption(tokens[i].Value))
                && FindOption(parsed.CommandResult.Command, parsed.RootCommandResult.Command, tokens[i - 1].Value) is { Arity.MinimumNumberOfValues: > 0 } option)
                return NeedsValue(option, $" before {tokens[i].Value}");
        }

        return null;
    }

    private static bool LooksLikeOption(string word) =>
        word.Length > 2 && word.StartsWith("--", StringComparison.Ordinal) && char.IsLetter(word[2]) && !word.Any(char.IsWhiteSpace);

    // An option given twice would be merged (a list: --labels a b --labels x y is four labels) or refused in .NET's
    // words (a single value): either way the student meant something else.
    private static string? GivenTwice(ParseResult parsed)
    {
        var command = parsed.CommandResult.Command;
        var root = parsed.RootCommandResult.Command;
        var seen = new HashSet<Option>();
        foreach (var token in parsed.Tokens.Where(t => t.Type == TokenType.Option))
        {
            if (FindOption(command, root, token.Value) is not { } option || seen.Add(option))
                continue;
            return option.Arity.MaximumNumberOfValues > 1
                ? $"{option.Name} is given twice: give it once, with all its values ({option.Name} A B …)."
                : $"{option.Name} is given twice: give it once.";
        }

        return null;
    }

    private static string NeedsValue(Option option, string where) =>
        $"{option.Name} needs a value{where}: {Described(option)}.";

    private static string Described(Option option) => option.Description?.TrimEnd('.') ?? "see --help";

    private static string Unknown(string word, Command command)
    {
        if (word.StartsWith('-'))
            return $"Unknown option '{word}' for '{command.Name}'{DidYouMean(word, command.Options.Select(o => o.Name))}.";
        var names = command.Subcommands.Select(c => c.Name).ToArray();
        return names.Length > 0 && command.Arguments.Count == 0
            ? $"Unknown command '{word}'{DidYouMean(word, names)}: use {string.Join(", ", names)}."
            : $"'{word}' is not an option or a value of '{command.Name}': every value follows its option (quote a value with spaces).";
    }

    private static IEnumerable<string> OptionNames(Command command, Command root) =>
        command.Options.Concat(root.Options).SelectMany(o => o.Aliases.Append(o.Name));

    private static Option? FindOption(Command command, Command root, string name) =>
        command.Options.Concat(root.Options).FirstOrDefault(o => o.Name == name || o.Aliases.Contains(name));
}
