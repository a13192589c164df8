using System.Text.Json;
using System.Text.Json.Nodes;
using System.Text.RegularExpressions;

namespace LabApp.LoadTests.Protocol;

/// <summary>
/// What a prerendered page gives the browser to start its circuit: the interactive server components' markers
/// (<c>&lt;!--Blazor:{"type":"server","prerenderId":…,"key":…,"sequence":…,"descriptor":…}--&gt;</c>, each closed by a
/// marker with its prerenderId alone) and the state the prerender persisted
/// (<c>&lt;!--Blazor-Server-Component-State:…--&gt;</c>), found as blazor.web.js's ComponentDescriptorDiscovery finds them.
/// </summary>
public sealed partial record PrerenderedPage(IReadOnlyList<JsonObject> ServerMarkers, string ApplicationState)
{
    public static PrerenderedPage Parse(string html)
    {
        var markers = new List<JsonObject>();
        foreach (Match match in Marker().Matches(html))
        {
            if (JsonNode.Parse(match.Groups["json"].Value) is JsonObject marker && (string?)marker["type"] == "server")
                markers.Add(marker);
        }

        // The discovery registers markers in document order (the head's outlet, then the body's router); the server
        // wants them by sequence.
        markers.Sort((a, b) => ((int?)a["sequence"] ?? 0).CompareTo((int?)b["sequence"] ?? 0));
        return new PrerenderedPage(markers, State().Match(html) is { Success: true } state ? state.Groups["state"].Value : "");
    }

    /// <summary>
    /// The first UpdateRootComponents of blazor.web.js's WebRootComponentManager: one batch that adds each marker as a root
    /// component, numbered from 1 in the order the page lists them (its ssrComponentId, which JS.AttachComponent names).
    /// </summary>
    public string AddOperations()
    {
        var operations = new JsonArray();
        for (var i = 0; i < ServerMarkers.Count; i++)
        {
            var marker = (JsonObject)ServerMarkers[i].DeepClone();
            marker["uniqueId"] = i;
            operations.Add(new JsonObject { ["type"] = "add", ["ssrComponentId"] = i + 1, ["marker"] = marker });
        }

        return new JsonObject { ["batchId"] = 1, ["operations"] = operations }.ToJsonString(Json);
    }

    private static readonly JsonSerializerOptions Json = new();

    [GeneratedRegex(@"<!--\s*Blazor:[^{]*(?<json>\{.*?\})\s*-->", RegexOptions.Singleline)]
    private static partial Regex Marker();

    [GeneratedRegex(@"<!--\s*Blazor-Server-Component-State:(?<state>[a-zA-Z0-9+/=]+)\s*-->")]
    private static partial Regex State();
}
