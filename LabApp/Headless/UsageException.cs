namespace LabApp.Headless;

/// <summary>
/// A bad argument found only when the command runs (the content of a file it names): said like a command line that does
/// not parse, with exit code 2 and the command's --help.
/// </summary>
internal sealed class UsageException(string message) : Exception(message);
