using Microsoft.Extensions.Logging;

namespace LabApp.Headless;

/// <summary>
/// The lab's warnings (a damaged cache set aside, a model extracted again) as one <c>notice:</c> line each on stderr,
/// so a command says what it repaired without a logger's category and timestamp noise, and stdout keeps only the result.
/// </summary>
internal sealed class NoticePrinter(TextWriter error) : ILoggerProvider
{
    public ILogger CreateLogger(string categoryName) => new Notices(error);

    public void Dispose()
    {
    }

    private sealed class Notices(TextWriter error) : ILogger
    {
        public IDisposable? BeginScope<TState>(TState state) where TState : notnull => null;

        public bool IsEnabled(LogLevel logLevel) => logLevel >= LogLevel.Warning;

        public void Log<TState>(LogLevel logLevel, EventId eventId, TState state, Exception? exception, Func<TState, Exception?, string> formatter)
        {
            if (IsEnabled(logLevel))
                error.WriteLine($"notice: {formatter(state, exception)}");
        }
    }
}
