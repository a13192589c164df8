using System.Buffers;
using System.Collections.Concurrent;
using System.Diagnostics.CodeAnalysis;
using System.Diagnostics;
using System.Globalization;
using System.Net;
using System.Text.Json;
using System.Threading.Channels;
using Microsoft.AspNetCore.Connections;
using Microsoft.AspNetCore.Http.Connections;
using Microsoft.AspNetCore.SignalR;
using Microsoft.AspNetCore.SignalR.Client;
using Microsoft.AspNetCore.SignalR.Protocol;
using Microsoft.Extensions.DependencyInjection;

namespace LabApp.LoadTests.Protocol;

/// <summary>
/// One student's circuit, spoken as blazor.web.js (.NET 10) speaks it, without a browser: the prerendered page and its
/// markers over HTTP (with the student's own cookies), negotiate and a WebSocket with the blazorpack protocol,
/// StartCircuit, then UpdateRootComponents once the server has attached its renderer's interop; render batches are
/// applied to a <see cref="RenderedTree"/> and acknowledged, the server's JS calls answered as a browser would
/// (<see cref="BrowserAnswers"/>), and UI events dispatched to the renderer's DispatchEventAsync.
/// </summary>
public sealed class BlazorCircuit : IAsyncDisposable
{
    private static readonly TimeSpan StartLimit = TimeSpan.FromSeconds(120);
    private readonly object _gate = new();
    private readonly RenderedTree _tree = new();
    private readonly List<Watch> _watches = [];
    private readonly BrowserAnswers _answers;
    private readonly HubConnection _connection;
    private readonly Action<string> _error;
    private readonly Action<long, byte[]>? _record;
    private readonly TaskCompletionSource<long> _rendererAttached = new(TaskCreationOptions.RunContinuationsAsynchronously);
    private readonly TaskCompletionSource _firstBatch = new(TaskCreationOptions.RunContinuationsAsynchronously);
    private readonly Dictionary<int, TaskCompletionSource<bool>> _locationChanging = [];
    // The events the server has not answered yet, so a failed one says what was aimed at and when.
    private readonly ConcurrentDictionary<string, string> _inFlight = new(StringComparer.Ordinal);
    private readonly Channel<(string Method, object?[] Args)> _outbox = Channel.CreateUnbounded<(string, object?[])>(new UnboundedChannelOptions { SingleReader = true });
    private readonly Task _sending;
    private long _rendererObject;
    private long _nextBatch = 2;
    private int _nextCall;
    private bool _stopping;

    private BlazorCircuit(Uri lab, Uri location, CookieContainer cookies, Action<string> error, Action<long, byte[]>? record)
    {
        Lab = lab;
        Location = location;
        _error = error;
        _record = record;
        _answers = new BrowserAnswers(this);
        var builder = new HubConnectionBuilder()
            .WithUrl(new Uri(lab, "_blazor"), HttpTransportType.WebSockets, options => options.Cookies = cookies)
            // As lab.js configures the browsers: the server may be silent for 60 s before the client gives up.
            .WithServerTimeout(TimeSpan.FromSeconds(60));
        builder.Services.AddSingleton<IHubProtocol>(new BlazorPackProtocol());
        _connection = builder.Build();
        _sending = SendAllAsync();
        _connection.On<long, byte[]>("JS.RenderBatch", OnRenderBatch);
        _connection.On<long, string, string, int, long, int>("JS.BeginInvokeJS", OnBeginInvokeJS);
        _connection.On<int, string>("JS.AttachComponent", (componentId, _) =>
        {
            lock (_gate)
                _tree.AttachRoot(componentId);
        });
        _connection.On<string, bool, string?>("JS.EndInvokeDotNet", (callId, succeeded, result) =>
        {
            _inFlight.TryRemove(callId, out var sent);
            if (!succeeded)
                _error($"DispatchEventAsync {callId} failed on {Location.AbsolutePath} ({sent}): {FirstLine(result)}");
        });
        _connection.On<int, bool>("JS.EndLocationChanging", (callId, proceed) =>
        {
            lock (_gate)
                if (_locationChanging.Remove(callId, out var waiting))
                    waiting.TrySetResult(proceed);
        });
        _connection.On<string>("JS.Error", message =>
        {
            Lost = true;
            _error($"JS.Error on {Location.AbsolutePath}: {FirstLine(message)}");
        });
        _connection.Closed += exception =>
        {
            if (!_stopping)
            {
                Lost = true;
                _error($"connection closed on {Location.AbsolutePath}: {FirstLine(exception?.Message ?? "by the server")}");
            }

            lock (_gate)
                foreach (var watch in _watches)
                    watch.Finish();
            return Task.CompletedTask;
        };
    }

    public Uri Lab { get; }

    /// <summary>The address the student's tab shows.</summary>
    public Uri Location { get; internal set; }

    /// <summary>True once the server ended the circuit on an error or the connection dropped.</summary>
    public bool Lost { get; private set; }

    /// <summary>Whether the server wants to hear of a navigation before it happens (a location-changing handler).</summary>
    internal bool HasLocationChangingListeners { get; set; }

    /// <summary>The arguments of every chart draw (plotly's newPlot and react) on the current page, newest last.</summary>
    internal List<string> Charts { get; } = [];

    /// <summary>
    /// Opens <paramref name="route"/> as a browser tab would: its prerendered HTML, then a circuit that makes its
    /// components interactive; done when the first render batch is applied.
    /// </summary>
    public static async Task<BlazorCircuit> OpenAsync(HttpClient http, CookieContainer cookies, Uri lab, string route, Action<string> error, Action<long, byte[]>? record = null)
    {
        var location = new Uri(lab, route);
        var page = PrerenderedPage.Parse(await http.GetStringAsync(location));
        if (page.ServerMarkers.Count == 0)
            throw new InvalidOperationException($"{location} has no interactive server component.");
        var circuit = new BlazorCircuit(lab, location, cookies, error, record);
        try
        {
            await circuit._connection.StartAsync();
            var id = await circuit._connection.InvokeAsync<string?>("StartCircuit", lab.AbsoluteUri, location.AbsoluteUri, "[]", page.ApplicationState);
            if (string.IsNullOrEmpty(id))
                throw new InvalidOperationException("The server refused to start the circuit.");
            // The root components are added once the renderer's interop is attached, as WebRootComponentManager waits for it.
            circuit._rendererObject = await circuit._rendererAttached.Task.WaitAsync(StartLimit);
            circuit.Send("UpdateRootComponents", page.AddOperations(), page.ApplicationState);
            await circuit._firstBatch.Task.WaitAsync(StartLimit);
            return circuit;
        }
        catch
        {
            await circuit.DisposeAsync();
            throw;
        }
    }

    /// <summary>Reads the page under the circuit's lock (batches are applied on the connection's thread).</summary>
    public T Read<T>(Func<RenderedTree, T> read)
    {
        lock (_gate)
            return read(_tree);
    }

    /// <summary>
    /// Navigates inside the circuit as <c>Blazor.navigateTo</c> does with an interactive router: asks first when the
    /// server listens for location changes, then tells it the location changed.
    /// </summary>
    public async Task NavigateAsync(string route)
    {
        var target = new Uri(Lab, route);
        if (HasLocationChangingListeners)
        {
            var answer = new TaskCompletionSource<bool>(TaskCreationOptions.RunContinuationsAsynchronously);
            int callId;
            lock (_gate)
            {
                callId = ++_nextCall;
                _locationChanging[callId] = answer;
            }

            Send("OnLocationChanging", callId, target.AbsoluteUri, null, false);
            if (!await answer.Task.WaitAsync(StartLimit))
                return;
        }

        lock (_gate)
        {
            Location = target;
            Charts.Clear();
        }

        Send("OnLocationChanged", target.AbsoluteUri, null, false);
    }

    /// <summary>Resolves once <paramref name="shows"/> holds for the page (checked after every batch and chart draw), or with false at the limit.</summary>
    public async Task<bool> WaitForAsync(Func<RenderedTree, bool> shows, TimeSpan limit)
    {
        var measured = await MeasureAsync([""], 0, (tree, _) => shows(tree), limit, _ => Task.CompletedTask);
        return measured[0] is not null;
    }

    /// <summary>
    /// Sets <paramref name="element"/>'s value to each of <paramref name="values"/> in turn, <paramref name="gapMs"/> apart,
    /// dispatching an input event for each and a change event after the last, as the Chromium students' probe does;
    /// resolves with the milliseconds from each dispatch to the first render (or chart draw) after which
    /// <paramref name="shows"/> holds for it or a later value, null for those never shown within <paramref name="limit"/>.
    /// </summary>
    public Task<double?[]> SetValuesAsync(ElementNode element, string[] values, int gapMs, Func<RenderedTree, string, bool> shows, TimeSpan limit) =>
        MeasureAsync(values, gapMs, shows, limit, async i =>
        {
            if (!await DispatchAsync(element, "input", new { value = values[i] }, values[i]))
                _error($"no input handler on {element} on {Location.AbsolutePath}");
            // A change nobody listens for (an immediate slider's) goes nowhere, as in a browser.
            if (i == values.Length - 1)
                await DispatchAsync(element, "change", new { value = values[i] }, values[i]);
        });

    private async Task<double?[]> MeasureAsync(string[] values, int gapMs, Func<RenderedTree, string, bool> shows, TimeSpan limit, Func<int, Task> dispatch)
    {
        var watch = new Watch(values, shows);
        lock (_gate)
            _watches.Add(watch);
        using var timeout = new CancellationTokenSource(limit);
        using var _ = timeout.Token.Register(() =>
        {
            lock (_gate)
                watch.Finish();
        });
        for (var i = 0; i < values.Length && !watch.Done; i++)
        {
            if (i > 0)
                await Task.Delay(gapMs);
            lock (_gate)
                watch.Started(i);
            await dispatch(i);
            // A render that came while the event was being sent, or (a wait with nothing to send) what the page shows already.
            lock (_gate)
                watch.Check(_tree);
        }

        var times = await watch.Task;
        lock (_gate)
            _watches.Remove(watch);
        return times;
    }

    /// <summary>
    /// Dispatches a browser event on <paramref name="target"/> and, as it bubbles, on each ancestor with a handler for it:
    /// the renderer's DispatchEventAsync with the event's descriptor (handler id, name, the field's value for the
    /// component that rendered the handler) and its arguments. False when no handler took it.
    /// </summary>
    public Task<bool> DispatchAsync(ElementNode target, string eventName, object eventArgs, string? fieldValue = null)
    {
        // The handler ids are read and the events queued under the lock that applies batches, so no acknowledgement of
        // a batch that removed a handler goes out before an event aimed at it: the renderer forgets a removed handler
        // once the batch is acknowledged, and a browser, whose one thread reads the DOM and sends, never aims at one.
        lock (_gate)
        {
            // An element the page has since replaced is detached: its events reach no listener, as in a browser.
            if (!_tree.Contains(target))
                return Task.FromResult(true);
            if (fieldValue is not null)
                target.Attributes["value"] = fieldValue;
            var dispatched = false;
            for (ParentNode? node = target; node is not null; node = node.Parent)
            {
                if (node is not ElementNode element || !element.Handlers.TryGetValue(eventName, out var handler))
                    continue;
                var descriptor = new
                {
                    eventHandlerId = handler.Id,
                    eventName,
                    eventFieldInfo = fieldValue is null ? null : new { componentId = handler.ComponentId, fieldValue },
                };
                var callId = Interlocked.Increment(ref _nextCall).ToString(CultureInfo.InvariantCulture);
                _inFlight[callId] = $"{eventName} on {element} after batch {_nextBatch - 1}, {_tree.ElementsNamed(element.Name).Count(e => e.Handlers.ContainsValue(handler))} element(s) with that handler";
                Send("BeginInvokeDotNetFromJS", callId, null, "DispatchEventAsync", _rendererObject,
                    JsonSerializer.Serialize(new object[] { descriptor, eventArgs }));
                dispatched = true;
            }

            return Task.FromResult(dispatched);
        }
    }

    // Everything the client sends goes out in order from one loop, as a browser's WebSocket queues its sends: the
    // connection's receive loop, which runs the handlers, never waits on a send, so a slow server cannot stall it.
    private void Send(string method, params object?[] args) => _outbox.Writer.TryWrite((method, args));

    private async Task SendAllAsync()
    {
        await foreach (var (method, args) in _outbox.Reader.ReadAllAsync())
        {
            try
            {
                await _connection.SendCoreAsync(method, args);
            }
            catch (Exception e) when (e is InvalidOperationException or IOException or OperationCanceledException)
            {
                // The connection is gone: Closed says so once.
            }
        }
    }

    internal void RendererAttached(long dotNetObjectId) => _rendererAttached.TrySetResult(dotNetObjectId);

    internal void SendLocationChanged(Uri location) => Send("OnLocationChanged", location.AbsoluteUri, null, false);

    // Batches come in order on the connection's one thread; one the client already applied (resent after a reconnect) is
    // only acknowledged again, and one that comes before the next expected is left for the server to send again, as
    // RenderQueue does.
    private void OnRenderBatch(long batchId, byte[] data)
    {
        _record?.Invoke(batchId, data);
        string? failure = null;
        if (batchId > _nextBatch)
        {
            _error($"batch {batchId} on {Location.AbsolutePath} arrived before batch {_nextBatch}");
            return;
        }

        if (batchId == _nextBatch)
        {
            try
            {
                var batch = RenderBatch.Read(data);
                lock (_gate)
                {
                    _tree.Apply(batch);
                    _nextBatch = batchId + 1;
                    CheckWatches();
                }
            }
            catch (Exception e) when (e is InvalidOperationException or ArgumentException or IndexOutOfRangeException)
            {
                failure = e.Message;
                _error($"batch {batchId} on {Location.AbsolutePath} could not be applied: {e.Message}");
            }
        }

        _firstBatch.TrySetResult();
        Send("OnRenderCompleted", batchId, failure);
    }

    private void OnBeginInvokeJS(long taskId, string identifier, string argsJson, int resultType, long targetInstanceId, int callType)
    {
        object? result;
        bool succeeded;
        try
        {
            lock (_gate)
            {
                result = _answers.Answer(identifier, string.IsNullOrEmpty(argsJson) ? "[]" : argsJson, (CallResult)resultType, targetInstanceId);
                // A chart drawn may be what a student waits to see.
                if (identifier is "newPlot" or "react")
                    CheckWatches();
            }

            succeeded = true;
        }
        catch (Exception e) when (e is JsonException or InvalidOperationException or KeyNotFoundException or IndexOutOfRangeException)
        {
            (result, succeeded) = (new { message = e.Message }, false);
            _error($"{identifier} on {Location.AbsolutePath} could not be answered: {e.Message}");
        }

        if (taskId != 0)
            Send("EndInvokeJSFromDotNet", taskId, succeeded, JsonSerializer.Serialize(new[] { taskId, succeeded, result }));
    }

    private void CheckWatches()
    {
        foreach (var watch in _watches)
            watch.Check(_tree);
    }

    private static string FirstLine(string? text) => (text ?? "").Split('\n', 2)[0];

    public async ValueTask DisposeAsync()
    {
        _stopping = true;
        _outbox.Writer.TryComplete();
        await _connection.DisposeAsync();
        await _sending;
    }

    /// <summary>The Chromium probe's measure: a value counts as shown once it, or a later value, is on the page.</summary>
    private sealed class Watch(string[] values, Func<RenderedTree, string, bool> shows)
    {
        private readonly long[] _started = new long[values.Length];
        private readonly double?[] _times = new double?[values.Length];
        private readonly TaskCompletionSource<double?[]> _done = new(TaskCreationOptions.RunContinuationsAsynchronously);
        private int _dispatched;
        private int _shownUpTo = -1;

        public Task<double?[]> Task => _done.Task;

        public bool Done => _done.Task.IsCompleted;

        public void Started(int index)
        {
            _started[index] = Stopwatch.GetTimestamp();
            _dispatched = index + 1;
        }

        public void Check(RenderedTree tree)
        {
            if (Done)
                return;
            for (var i = _dispatched - 1; i > _shownUpTo; i--)
            {
                if (!shows(tree, values[i]))
                    continue;
                var now = Stopwatch.GetTimestamp();
                for (var j = _shownUpTo + 1; j <= i; j++)
                    _times[j] = Stopwatch.GetElapsedTime(_started[j], now).TotalMilliseconds;
                _shownUpTo = i;
                break;
            }

            if (_shownUpTo == values.Length - 1)
                Finish();
        }

        public void Finish() => _done.TrySetResult(_times);
    }

    /// <summary>The MessagePack hub protocol under the name the Blazor server registers it as.</summary>
    private sealed class BlazorPackProtocol : IHubProtocol
    {
        private readonly MessagePackHubProtocol _inner = new();

        public string Name => "blazorpack";

        public int Version => _inner.Version;

        public TransferFormat TransferFormat => TransferFormat.Binary;

        public bool IsVersionSupported(int version) => _inner.IsVersionSupported(version);

        public bool TryParseMessage(ref ReadOnlySequence<byte> input, IInvocationBinder binder, [NotNullWhen(true)] out HubMessage? message) =>
            _inner.TryParseMessage(ref input, binder, out message);

        public void WriteMessage(HubMessage message, IBufferWriter<byte> output) => _inner.WriteMessage(message, output);

        public ReadOnlyMemory<byte> GetMessageBytes(HubMessage message) => _inner.GetMessageBytes(message);
    }
}
