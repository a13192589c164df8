using System.Globalization;
using Microsoft.AspNetCore.Components;
using Microsoft.AspNetCore.WebUtilities;
using Microsoft.JSInterop;

namespace LabApp.Services;

/// <summary>A value read from the address, or the fallback and a message for the field when the address's value is not one.</summary>
public readonly record struct QueryValue<T>(T Value, string? Problem);

/// <summary>
/// A page's settings in its address, so that a reload or a shared link opens the page as the student left it. One per
/// circuit. Reading is typed and never throws: a value that does not parse or is out of range comes back as the
/// fallback with a message the page shows beside its field. Writing replaces the history entry without a navigation,
/// at most once per <see cref="Interval"/> (the last state always lands), and a failed or slow browser call is ignored:
/// the address is a convenience and must never take a circuit down.
/// </summary>
public sealed class UrlState(NavigationManager navigation, IJSRuntime js, TimeProvider time) : IDisposable
{
    public static readonly TimeSpan Interval = TimeSpan.FromMilliseconds(250);

    /// <summary>
    /// The longest address written: a reload sends it as the request line, which Kestrel refuses past 8 KB (HTTP 414).
    /// A longer state is not written, so the address keeps the last state that fits rather than one the server refuses.
    /// </summary>
    public const int LongestServed = 8_000;

    private readonly object _gate = new();
    // The address the browser navigated to when _uri and _pending were written: replacing the address is no navigation,
    // so Blazor's own address stays that one until the student moves to another page, and then both belong to the page left.
    private string? _page;
    private string? _uri;
    private string? _pending;
    private DateTimeOffset _lastWrite = DateTimeOffset.MinValue;
    private ITimer? _trailing;

    /// <summary>The address as last written, or as the browser opened the page.</summary>
    public string Uri
    {
        get
        {
            lock (_gate)
                return Current();
        }
    }

    public string? Text(string name) => Values(name) is { Count: > 0 } values ? values[^1] : null;

    /// <summary>Whether the address carries any of these parameters.</summary>
    public bool Carries(params IReadOnlyList<string> names) => names.Any(name => Values(name).Count > 0);

    /// <summary>Every value of a repeated parameter (<c>?label=a&amp;label=b</c>), in order.</summary>
    public IReadOnlyList<string> Texts(string name) => Values(name);

    public QueryValue<int> Int(string name, int fallback, int min, int max) =>
        Text(name) switch
        {
            null or "" => new(fallback, null),
            var text when int.TryParse(text, NumberStyles.Integer, CultureInfo.InvariantCulture, out var n) && n >= min && n <= max => new(n, null),
            var text => new(fallback, $"{name}={Shorten(text)} is not a whole number from {min} to {max}; {fallback} is used."),
        };

    /// <summary>An optional whole number: absent or empty is null, which <paramref name="whenAbsent"/> says the page then does.</summary>
    public QueryValue<int?> OptionalInt(string name, int min, int max, string whenAbsent) =>
        Text(name) switch
        {
            null or "" => new(null, null),
            var text when int.TryParse(text, NumberStyles.Integer, CultureInfo.InvariantCulture, out var n) && n >= min && n <= max => new(n, null),
            var text => new(null, $"{name}={Shorten(text)} is not a whole number from {min} to {max}; {whenAbsent}."),
        };

    /// <summary>A shuffle seed: a whole number from 0, the book's 42 when absent.</summary>
    public QueryValue<int> Seed(string name = "seed") => Int(name, 42, 0, int.MaxValue);

    /// <summary>A whole number of any size, for a field whose own check says which sizes fit (the split's size, say).</summary>
    public QueryValue<int> WholeNumber(string name, int fallback) =>
        Text(name) switch
        {
            null or "" => new(fallback, null),
            var text when int.TryParse(text, NumberStyles.Integer, CultureInfo.InvariantCulture, out var n) => new(n, null),
            var text => new(fallback, $"{name}={Shorten(text)} is not a whole number; {fallback} is used."),
        };

    /// <summary>
    /// A subset size: a whole number (the field's own check says which fit) or <c>all</c>, the whole split (null), as
    /// <see cref="SizeText"/> writes them; absent means <paramref name="fallback"/>.
    /// </summary>
    public QueryValue<int?> OptionalSize(string name, int? fallback) =>
        Text(name) switch
        {
            null or "" => new(fallback, null),
            "all" => new(null, null),
            var text when int.TryParse(text, NumberStyles.Integer, CultureInfo.InvariantCulture, out var n) => new(n, null),
            var text => new(fallback, $"{name}={Shorten(text)} is not a size: write a whole number or all; {(fallback is { } n ? n.ToString(CultureInfo.InvariantCulture) : "the whole split")} is used."),
        };

    /// <summary>One of <paramref name="choices"/> (compared without case), or the fallback and a message naming them.</summary>
    public QueryValue<string> Choice(string name, string fallback, IReadOnlyList<string> choices) =>
        Text(name) switch
        {
            null or "" => new(fallback, null),
            var text when choices.FirstOrDefault(c => c.Equals(text, StringComparison.OrdinalIgnoreCase)) is { } choice => new(choice, null),
            var text => new(fallback, $"{name}={Shorten(text)} is not one of {string.Join(", ", choices)}; {fallback} is used."),
        };

    /// <summary>A subset size as the address writes it: the number, or <c>all</c> for the whole split.</summary>
    public static string SizeText(int? size) => size?.ToString(CultureInfo.InvariantCulture) ?? "all";

    public QueryValue<double> Double(string name, double fallback, double min, double max) =>
        Text(name) switch
        {
            null or "" => new(fallback, null),
            var text when double.TryParse(text, NumberStyles.Float, CultureInfo.InvariantCulture, out var x) && double.IsFinite(x) && x >= min && x <= max => new(x, null),
            var text => new(fallback, $"{name}={Shorten(text)} is not a number from {Format(min)} to {Format(max)}; {Format(fallback)} is used."),
        };

    /// <summary>
    /// Sets these parameters (others stay; null removes one; a list repeats it). Numbers are written invariantly, so a
    /// link means the same in every locale.
    /// </summary>
    public void Write(params (string Name, object? Value)[] parameters)
    {
        lock (_gate)
        {
            var current = Current();
            var next = With(parameters);
            if (next == current || next.Length > LongestServed)
                return;
            (_page, _pending) = (navigation.Uri, next);
            var now = time.GetUtcNow();
            if (now - _lastWrite >= Interval && _trailing is null)
            {
                Flush();
                return;
            }

            _trailing ??= time.CreateTimer(_ => { lock (_gate) Flush(); }, null, Interval, Timeout.InfiniteTimeSpan);
        }
    }

    /// <summary>The address <see cref="Write"/> would make of these parameters, without writing it: to see whether it stays short.</summary>
    public string With(params (string Name, object? Value)[] parameters) =>
        navigation.GetUriWithQueryParameters(Uri, parameters.ToDictionary(p => p.Name, p => Invariant(p.Value)));

    public void Dispose()
    {
        lock (_gate)
        {
            _trailing?.Dispose();
            _trailing = null;
        }
    }

    // Under the lock. What was written for a page the student has left never reaches this one.
    private string Current()
    {
        if (_page != navigation.Uri)
            (_page, _uri, _pending) = (navigation.Uri, null, null);
        return _pending ?? _uri ?? navigation.Uri;
    }

    // Under the lock.
    private void Flush()
    {
        _trailing?.Dispose();
        _trailing = null;
        Current();
        if (_pending is not { } uri)
            return;
        (_uri, _pending, _lastWrite) = (uri, null, time.GetUtcNow());
        _ = ReplaceAsync(uri);
    }

    private Task ReplaceAsync(string uri) => js.TryRunAsync(time, "lab.replaceUrl", uri);

    private IReadOnlyList<string> Values(string name)
    {
        var query = new System.Uri(Uri).Query;
        return QueryHelpers.ParseQuery(query).TryGetValue(name, out var values) ? values.Where(v => v is not null).Select(v => v!).ToArray() : [];
    }

    private static object? Invariant(object? value) => value switch
    {
        double d => d.ToString("R", CultureInfo.InvariantCulture),
        float f => f.ToString("R", CultureInfo.InvariantCulture),
        string text => text,
        IFormattable f => f.ToString(null, CultureInfo.InvariantCulture),
        IEnumerable<string> list => list.ToArray(),
        _ => value,
    };

    private static string Format(double x) => x.ToString("0.###", CultureInfo.InvariantCulture);

    private static string Shorten(string text) => text.Length <= 24 ? $"\"{text}\"" : $"\"{text[..23]}…\"";
}
