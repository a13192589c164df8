namespace LabApp.LoadTests;

/// <summary>
/// The lab under test cannot be started or used as asked (not built, no data, exited before serving, the instructor's
/// key refused): the load test says so in one line and exits 2, as for a bad option, rather than with a stack trace.
/// </summary>
public sealed class LabUnavailable(string message) : Exception(message);
