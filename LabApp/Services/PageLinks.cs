using System.Text.Json;
using System.Text.Json.Nodes;
using System.Text.Json.Serialization;
using LabApp.Core.Models;
using LabApp.Core.Storage;
using Microsoft.AspNetCore.Components;
using Microsoft.JSInterop;

namespace LabApp.Services;

/// <summary>
/// A page whose state a reload or a link reproduces: its short settings always in the address, its lists (reviews,
/// labels) there too while the address stays short, and all of it as <typeparamref name="TInputs"/> for the browser's
/// storage and for a shared link.
/// </summary>
public interface ILinkedPage<TInputs>
{
    /// <summary>The page's route: its entry in the browser's storage and its shared links are named by it.</summary>
    string Route { get; }

    /// <summary>What reproduces the page.</summary>
    TInputs Inputs { get; }

    /// <summary>The address's parameters: the short settings, always written.</summary>
    IReadOnlyList<(string Name, object? Value)> Settings { get; }

    /// <summary>The address's repeated parameters (<c>review=…&amp;review=…</c>), written while the address stays short.</summary>
    IReadOnlyList<(string Name, object? Value)> Lists { get; }

    /// <summary>Takes the parameters the address has (a missing one leaves its setting as it is), noting a problem beside each bad one.</summary>
    void Read(UrlState url);

    /// <summary>Takes everything from <paramref name="inputs"/> (a shared link).</summary>
    void Use(TInputs inputs);

    /// <summary>Takes only the lists of <paramref name="inputs"/> (the browser's storage; the settings stay the address's).</summary>
    void UseLists(TInputs inputs);
}

/// <summary>A link that reproduces a page, or why there is none.</summary>
public sealed record SharedLink(string? Address, string? Problem);

/// <summary>
/// Where a page's state lives so that a reload or a link brings it back (one per circuit): the address while it stays
/// short (<see cref="LongestAddress"/>); beyond that the lists go to the browser's storage, per page, and
/// <see cref="Share{TInputs}"/> stores a snapshot on the server for a short <c>?s=</c> link. Browser calls never fail a
/// circuit: without the browser (prerendering) or with its storage refused, the page simply keeps its state in memory.
/// </summary>
public sealed class PageLinks(UrlState url, SnapshotStore snapshots, IJSRuntime js, NavigationManager navigation, TimeProvider time)
{
    public const int LongestAddress = 1_500;

    private const string SnapshotParameter = "s";

    // Written where the lists went to the browser's storage, so an address copied from the address bar can say so.
    private const string KeptParameter = "lists";
    private const string KeptInBrowser = "browser";

    private static readonly JsonSerializerOptions Json = new() { Converters = { new JsonStringEnumConverter() } };

    private readonly HashSet<string> _opened = [];
    // What this circuit last put in the browser's storage per key: a slider moved sixty times a second changes the
    // address, not the lists, and must not cost sixty browser calls.
    private readonly Dictionary<string, string?> _stored = [];
    private readonly HashSet<string> _restorable = [];

    /// <summary>
    /// Opens <paramref name="page"/> from its shared link (<c>?s=</c>) or from its address. Null, or a message for the
    /// page when a link could not be followed.
    /// </summary>
    public string? Open<TInputs>(ILinkedPage<TInputs> page)
    {
        var first = _opened.Add(page.Route);
        if (url.Text(SnapshotParameter) is { } id)
        {
            var (inputs, problem) = Snapshot<TInputs>(page.Route, id);
            if (inputs is not null)
            {
                page.Use(inputs);
                return null;
            }

            page.Read(url);
            return problem;
        }

        page.Read(url);
        if (first && page.Lists.Count > 0 && page.Lists.All(l => url.Texts(l.Name).Count == 0))
            _restorable.Add(page.Route);
        return null;
    }

    /// <summary>
    /// After the page's first render (the storage is the browser's): on the first opening in this circuit of an address
    /// without lists, the lists this browser kept for the page. Null, or a message for the page.
    /// </summary>
    public async Task<string?> RestoreAsync<TInputs>(ILinkedPage<TInputs> page)
    {
        if (!_restorable.Remove(page.Route))
            return null;
        var kept = await js.TryAsync<string?>(time, "lab.load", StorageKey(page.Route));
        if (kept is null)
            return url.Text(KeptParameter) == KeptInBrowser
                ? "This address left its texts in the browser that made it: ask whoever sent it for its Copy link. The page's own texts are shown."
                : null;
        try
        {
            if (JsonSerializer.Deserialize<TInputs>(kept, Json) is { } inputs)
                page.UseLists(inputs);
            return null;
        }
        catch (JsonException)
        {
            return "The texts this browser kept for this page could not be read; the page's own texts are shown.";
        }
    }

    /// <summary>Puts the page's state where a reload finds it: all in the address while it stays short, else the lists in the browser.</summary>
    public void Keep<TInputs>(ILinkedPage<TInputs> page)
    {
        var whole = Whole(page);
        if (url.With(whole).Length <= LongestAddress)
        {
            url.Write(whole);
            _ = SaveAsync(StorageKey(page.Route), null);
            return;
        }

        url.Write([.. page.Settings, .. page.Lists.Select(l => (l.Name, (object?)null)), (SnapshotParameter, null), (KeptParameter, KeptInBrowser)]);
        _ = SaveAsync(StorageKey(page.Route), JsonSerializer.Serialize(page.Inputs, Json));
    }

    /// <summary>
    /// A link that reproduces the page anywhere: its address while that stays short, else a snapshot stored on the
    /// server and a short <c>?s=</c> link to it.
    /// </summary>
    public SharedLink Share<TInputs>(ILinkedPage<TInputs> page)
    {
        var address = url.With(Whole(page));
        if (address.Length <= LongestAddress)
            return new(address, null);
        var saved = snapshots.Save(JsonSerializer.Serialize(new SharedPage<TInputs>(page.Route, page.Inputs), Json));
        return saved.Id is { } id
            ? new(navigation.ToAbsoluteUri($"{page.Route.TrimStart('/')}?{SnapshotParameter}={id}").AbsoluteUri, null)
            : new(null, saved.Problem);
    }

    /// <summary>Copies <paramref name="text"/> to the clipboard; false where the browser has none for the lab (plain http, a denied permission).</summary>
    public async Task<bool> CopyAsync(string text) => await js.TryAsync<bool>(time, "lab.copy", text);

    /// <summary>The short name of the embedding model <c>?model=</c> names, or <paramref name="current"/> and why when it names none.</summary>
    public static QueryValue<string> Model(UrlState url, string current)
    {
        if (url.Text("model") is not { } name)
            return new(current, null);
        var known = ModelCatalog.Embedders.Select(ModelCatalog.ShortName).ToArray();
        return known.Contains(name, StringComparer.OrdinalIgnoreCase)
            ? new(name.ToLowerInvariant(), null)
            : new(current, $"model=\"{name}\" is not an embedding model of the lab ({string.Join(", ", known)}); {current} is used.");
    }

    private static string StorageKey(string route) => $"lab:{route}";

    private static (string Name, object? Value)[] Whole<TInputs>(ILinkedPage<TInputs> page) =>
        [.. page.Settings, .. page.Lists, (SnapshotParameter, null), (KeptParameter, null)];

    private (TInputs? Inputs, string? Problem) Snapshot<TInputs>(string route, string id)
    {
        if (snapshots.Load(id) is not { } json)
            return (default, "This link's shared state is not on this server (it keeps the states shared last); the page opens as its address says.");
        var shared = JsonNode.Parse(json);
        var page = shared?[nameof(SharedPage<TInputs>.Page)]?.GetValue<string>();
        if (page != route)
            return (default, $"This link shares another page ({page}): open it there.");
        return (shared![nameof(SharedPage<TInputs>.Inputs)].Deserialize<TInputs>(Json), null);
    }

    private async Task SaveAsync(string key, string? value)
    {
        if (_stored.TryGetValue(key, out var stored) && stored == value)
            return;
        _stored[key] = value;
        await js.TryRunAsync(time, "lab.save", key, value);
    }

    private sealed record SharedPage<TInputs>(string Page, TInputs Inputs);
}
