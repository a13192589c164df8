using System.Collections.Concurrent;
using System.Text.Json;

namespace LabApp.LoadTests.Protocol;

/// <summary>What the server asks a JS call to return (JSCallResultType): a value, an object reference, a stream, nothing.</summary>
public enum CallResult
{
    Value = 0,
    ObjectReference = 1,
    StreamReference = 2,
    Nothing = 3,
}

/// <summary>
/// Answers the JS calls the server makes as a browser would, so the circuit never waits or faults: Blazor's own
/// (attaching the renderer's interop, navigation, the page title, focus), the lab's (<c>lab.replaceUrl</c>,
/// <c>lab.copy</c>, <c>lab.print</c>), plotly's interop module (an <c>import</c> answered with an object reference, then
/// newPlot, react and subscriptions on it) and MudBlazor's: each answered with nothing, or with what the page expects
/// from a browser. Chart draws are kept, so a student can read a chart's labels as plotly would draw them.
/// </summary>
internal sealed class BrowserAnswers(BlazorCircuit circuit)
{
    private const int ChartsKept = 8;
    // The Chromium students' viewport.
    private const int WindowWidth = 1280;
    private const int WindowHeight = 900;
    private long _nextObject;

    /// <summary>Every identifier asked by any circuit of this process, with how often.</summary>
    public static ConcurrentDictionary<string, int> Asked { get; } = new(StringComparer.Ordinal);

    public object? Answer(string identifier, string argsJson, CallResult result, long targetInstance)
    {
        Asked.AddOrUpdate(targetInstance == 0 ? identifier : "(module)." + identifier, 1, (_, n) => n + 1);
        // Only the calls whose arguments matter are parsed: a chart's figure is large, and thousands come a minute.
        JsonElement Args() => JsonSerializer.Deserialize<JsonElement>(argsJson);
        switch (identifier)
        {
            case "Blazor._internal.attachWebRendererInterop":
                circuit.RendererAttached(Args()[1].GetProperty("__dotNetObject").GetInt64());
                return null;
            case "Blazor._internal.navigationManager.setHasLocationChangingListeners":
                circuit.HasLocationChangingListeners = Args()[1].GetBoolean();
                return null;
            case "Blazor._internal.navigationManager.navigateTo":
                var target = new Uri(circuit.Location, Args()[0].GetString()!);
                circuit.Location = target;
                circuit.Charts.Clear();
                circuit.SendLocationChanged(target);
                return null;
            case "Blazor._internal.PageTitle.getAndRemoveExistingTitle":
                return "";
            case "lab.replaceUrl":
                var address = new Uri(circuit.Location, Args()[0].GetString()!);
                if (address.AbsolutePath == circuit.Location.AbsolutePath)
                    circuit.Location = address;
                return null;
            case "lab.copy":
                return true;
            // MudBlazor asks whether its script is loaded, how many popover providers the page has, and sizes.
            case "window.hasOwnProperty":
                return true;
            case "mudpopoverHelper.countProviders":
                return 1;
            case "mudResizeListener.getBrowserWindowSize":
                return new { height = WindowHeight, width = WindowWidth };
            case "mudElementRef.getBoundingClientRect":
                return new
                {
                    x = 0, y = 0, width = WindowWidth, height = 40, top = 0, left = 0, right = WindowWidth, bottom = 40,
                    scrollX = 0, scrollY = 0, windowHeight = WindowHeight, windowWidth = WindowWidth,
                };
            case "newPlot" or "react" when targetInstance != 0:
                circuit.Charts.Add(argsJson);
                if (circuit.Charts.Count > ChartsKept)
                    circuit.Charts.RemoveAt(0);
                return null;
        }

        return result == CallResult.ObjectReference ? new Dictionary<string, long> { ["__jsObjectId"] = Interlocked.Increment(ref _nextObject) } : null;
    }
}
