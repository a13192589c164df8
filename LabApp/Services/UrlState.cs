using System.Globalization;
using Microsoft.AspNetCore.Components;
using Microsoft.AspNetCore.Components.Routing;
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
/// the address is a convenience and must never take a circuit down. Moving to another page starts from that page's
/// address: what was written for the page before is dropped.
/// </summary>
public sealed class UrlState : IDisposable
{
    public static readonly TimeSpan Interval = TimeSpan.FromMilliseconds(250);
    private static readonly TimeSpan CallLimit = TimeSpan.FromSeconds(5);

    private readonly NavigationManager _navigation;
    private readonly IJSRuntime _js;
    private readonly TimeProvider _time;
    private readonly object _gate = new();
    private string? _uri;
    private string? _pending;
    private DateTimeOffset _lastWrite = DateTimeOffset.MinValue;
    private ITimer? _trailing;

    public UrlState(NavigationManager navigation, IJSRuntime js, TimeProvider time)
    {
        (_navigation, _js, _time) = (navigation, js, time);
        navigation.LocationChanged += OnLocationChanged;
    }

    /// <summary>The address as last written, or as the browser opened the page.</summary>
    public string Uri
    {
        get
        {
            lock (_gate)
                return _pending ?? _uri ?? _navigation.Uri;
        }
    }

    public string? Text(string name) => Values(name) is { Count: > 0 } values ? values[^1] : null;

    /// <summary>Every value of a repeated parameter (<c>?label=a&amp;label=b</c>), in order.</summary>
    public IReadOnlyList<string> Texts(string name) => Values(name);

    public QueryValue<int> Int(string name, int fallback, int min, int max) =>
        Text(name) switch
        {
            null or "" => new(fallback, null),
            var text when int.TryParse(text, NumberStyles.Integer, CultureInfo.InvariantCulture, out var n) && n >= min && n <= max => new(n, null),
            var text => new(fallback, $"{name}={Shorten(text)} is not a whole number from {min} to {max}; {fallback} is used."),
        };

    /// <summary>An optional whole number: absent or empty means "all" (null).</summary>
    public QueryValue<int?> OptionalInt(string name, int min, int max) =>
        Text(name) switch
        {
            null or "" => new(null, null),
            var text when int.TryParse(text, NumberStyles.Integer, CultureInfo.InvariantCulture, out var n) && n >= min && n <= max => new(n, null),
            var text => new(null, $"{name}={Shorten(text)} is not a whole number from {min} to {max}; all are used."),
        };

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
            _pending = With(parameters);
            var now = _time.GetUtcNow();
            if (now - _lastWrite >= Interval && _trailing is null)
            {
                Flush();
                return;
            }

            _trailing ??= _time.CreateTimer(_ => { lock (_gate) Flush(); }, null, Interval, Timeout.InfiniteTimeSpan);
        }
    }

    /// <summary>The address <see cref="Write"/> would make of these parameters, without writing it: to see whether it stays short.</summary>
    public string With(params (string Name, object? Value)[] parameters) =>
        _navigation.GetUriWithQueryParameters(Uri, parameters.ToDictionary(p => p.Name, p => Invariant(p.Value)));

    public void Dispose()
    {
        _navigation.LocationChanged -= OnLocationChanged;
        Forget();
    }

    // A write still pending for the page the student left would put that page's address over the new one.
    private void OnLocationChanged(object? sender, LocationChangedEventArgs e) => Forget();

    private void Forget()
    {
        lock (_gate)
        {
            _trailing?.Dispose();
            (_trailing, _uri, _pending) = (null, null, null);
        }
    }

    // Under the lock.
    private void Flush()
    {
        _trailing?.Dispose();
        _trailing = null;
        if (_pending is not { } uri)
            return;
        (_uri, _pending, _lastWrite) = (uri, null, _time.GetUtcNow());
        _ = ReplaceAsync(uri);
    }

    private async Task ReplaceAsync(string uri)
    {
        try
        {
            using var limit = new CancellationTokenSource(CallLimit);
            await _js.InvokeVoidAsync("lab.replaceUrl", limit.Token, uri);
        }
        catch (Exception e) when (e is JSException or JSDisconnectedException or OperationCanceledException or InvalidOperationException)
        {
            // Prerendering has no browser, a closed tab none any more, and a busy one may not answer in time.
        }
    }

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
