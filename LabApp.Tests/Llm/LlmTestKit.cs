using System.Collections.Concurrent;
using LabApp.Core.Classifiers.Llm;
using LabApp.Core.Data;
using Microsoft.Data.Sqlite;
using Microsoft.Extensions.Logging;

namespace LabApp.Tests.Llm;

/// <summary>A cache file in its own temporary folder, deleted with it.</summary>
internal sealed class TemporaryCache : IDisposable
{
    private readonly string _folder = TestFolders.Create("llm");

    public TemporaryCache() => Cache = new LlmAnswerCache(Path.Combine(_folder, "answers.sqlite"));

    public LlmAnswerCache Cache { get; }

    public void Dispose()
    {
        SqliteConnection.ClearAllPools();
        Directory.Delete(_folder, recursive: true);
    }
}

/// <summary>Progress reported synchronously, in order, so a test sees every report before the run returns.</summary>
internal sealed class ProgressRecorder : IProgress<int>
{
    private readonly ConcurrentQueue<int> _reports = new();

    public IReadOnlyList<int> Reports => _reports.ToArray();

    public void Report(int value) => _reports.Enqueue(value);
}

/// <summary>Every line logged, formatted, for checking what a log would show.</summary>
internal sealed class RecordingLogger<T> : ILogger<T>
{
    private readonly ConcurrentQueue<string> _lines = new();

    public IReadOnlyList<string> Lines => _lines.ToArray();

    public IDisposable? BeginScope<TState>(TState state) where TState : notnull => null;

    public bool IsEnabled(LogLevel logLevel) => true;

    public void Log<TState>(LogLevel logLevel, EventId eventId, TState state, Exception? exception, Func<TState, Exception?, string> formatter) =>
        _lines.Enqueue(formatter(state, exception) + (exception is null ? "" : " " + exception));
}

/// <summary>Reviews as a sample of a split of their own (all labelled negative), for the classifier's estimates.</summary>
internal static class TestReviews
{
    public static ReviewSample Of(IReadOnlyList<string> texts) =>
        ReviewSample.Of(new ReviewSplit("test", texts, new int[texts.Count]), size: null, seed: 0);
}
