using System.Text.Json;
using System.Text.Json.Nodes;
using System.Text.Json.Serialization;
using LabApp.Core.Models;
using LabApp.Core.Runners;
using LabApp.Core.Storage;
using Microsoft.AspNetCore.Components;
using Microsoft.JSInterop;

namespace LabApp.Services;

/// <summary>
/// The one contract of a page's state: everything a student made on the page (inputs, edits, filled tables, notes,
/// answers) as one record, <typeparamref name="TWork"/>, which their workbook stores and a shared link carries; and the
/// short part of it that the address shows.
/// </summary>
public interface IPageState<TWork> where TWork : class
{
    /// <summary>The page's route: its entry in the workbook and its shared links are named by it.</summary>
    string Route { get; }

    /// <summary>Everything the student made on the page, as an immutable record (taken on the circuit, saved off it).</summary>
    TWork Work { get; }

    /// <summary>The address's parameters: the short settings, always written.</summary>
    IReadOnlyList<(string Name, object? Value)> Settings { get; }

    /// <summary>The address's repeated parameters (<c>review=…&amp;review=…</c>), written while the address stays short.</summary>
    IReadOnlyList<(string Name, object? Value)> Lists { get; }

    /// <summary>Takes the parameters the address has (a missing one leaves its setting as it is), noting a problem beside each bad one.</summary>
    void Read(UrlState url);

    /// <summary>
    /// Takes a saved or shared record. It was written by this lab, but possibly by an older version or edited by hand:
    /// a missing part keeps the page's own.
    /// </summary>
    void Use(TWork work);
}

/// <summary>A link that reproduces a page, or why there is none.</summary>
public sealed record SharedLink(string? Address, string? Problem);

/// <summary>
/// Where a page's state lives so that nothing a student does is lost (one per circuit): all of it in the student's
/// workbook on the server (<see cref="WorkbookStore"/>, under the browser's anonymous id), so a reload, a lost circuit or
/// a restart of the lab brings it back; its short settings (and its lists, while they fit) in the address, so the
/// address bar says what the page shows; and for <i>Copy link</i> a snapshot of all of it on the server behind a short
/// <c>?s=</c> link. Saving never blocks the circuit: a page's record is taken when it changes and written off the
/// circuit's thread, at most every <see cref="SaveInterval"/>, the last one always.
/// </summary>
/// <remarks>
/// The same contract carries the instructor's presentation: a presenting circuit hands every change of its open page to
/// <see cref="Presentation"/>, and a following circuit shows the presenter's record on the same page instead of its own
/// (saving nothing), until the student stops following and their own work comes back from their workbook.
/// </remarks>
public sealed class PageStates(
    UrlState url, SnapshotStore snapshots, WorkbookStore workbooks, BrowserIdentity browser, IJSRuntime js,
    NavigationManager navigation, TimeProvider time, ILogger<PageStates> logger, Presentation presentation, SettledRuns? runs = null) : IAsyncDisposable
{
    public const int LongestAddress = 1_500;

    /// <summary>How often one student's workbook is written at the most while they drag or type.</summary>
    public static readonly TimeSpan SaveInterval = TimeSpan.FromMilliseconds(250);

    private const string SnapshotParameter = "s";

    private static readonly JsonSerializerOptions Json = new() { Converters = { new JsonStringEnumConverter() } };

    private readonly HashSet<string> _opened = [];
    private readonly Lock _gate = new();
    private readonly SemaphoreSlim _writing = new(1, 1);
    private readonly Dictionary<string, Func<string>> _unsaved = [];
    private bool _isSaving;

    /// <summary>Why the student's work could not be saved the last time, or null while it is saved.</summary>
    public string? SaveProblem { get; private set; }

    /// <summary>How many times this circuit wrote the student's work, and when it last did: what the page's saved mark shows.</summary>
    public int Saves { get; private set; }

    public DateTimeOffset? LastSaved { get; private set; }

    /// <summary>Raised off the circuit's thread after each write (or failed write) of the student's work.</summary>
    public event Action? SavedChanged;

    // The page open in this circuit: how to show a record on it and how to run that on the page's own thread.
    private OpenPage? _open;
    private int _presentedPending;

    /// <summary>Whether this circuit presents its pages to the class (only the instructor's can, one tab at a time).</summary>
    public bool IsPresenting => presentation.IsPresentedBy(this);

    // 1 while this circuit presents as far as it last heard: another tab taking over is heard as the change from it.
    private int _presented;

    /// <summary>Whether this student follows the instructor's presentation.</summary>
    public bool IsFollowing { get; private set; }

    /// <summary>
    /// Raised when presenting or following starts or stops: on the circuit's thread, or on another's when another of the
    /// instructor's tabs takes the presentation over, so listeners redraw through their <c>InvokeAsync</c>.
    /// </summary>
    public event Action? PresentingChanged;

    /// <summary>
    /// Opens <paramref name="page"/>: on its first opening in this circuit, from its shared link (<c>?s=</c>) or else
    /// from the student's workbook; then from its address, which wins for the settings it carries. Null, or a message
    /// for the page when a link or the saved work could not be followed.
    /// </summary>
    public string? Open<TWork>(IPageState<TWork> page) where TWork : class => Open(page, show =>
    {
        show();
        return Task.CompletedTask;
    });

    /// <summary>
    /// <see cref="Open{TWork}(IPageState{TWork})"/>, for a page that can be presented and followed: <paramref name="onPage"/>
    /// runs an action on the page's own thread and redraws it (the component's <c>InvokeAsync</c> and <c>StateHasChanged</c>).
    /// </summary>
    public string? Open<TWork>(IPageState<TWork> page, Func<Action, Task> onPage) where TWork : class
    {
        var problem = OpenOwn(page);
        _open = new OpenPage(page.Route, json => { if (Parse<TWork>(json) is { } work) page.Use(work); }, () => Serialize(page.Work), onPage);
        if (IsFollowing && presentation.Current is { } shown && shown.Route == page.Route)
        {
            _open.Show(shown.Work);
            return null;
        }

        if (IsPresenting || TakesUpPresentation())
            presentation.Show(page.Route, Serialize(page.Work));
        return problem;
    }

    private string? OpenOwn<TWork>(IPageState<TWork> page) where TWork : class
    {
        if (!_opened.Add(page.Route))
        {
            page.Read(url);
            return null;
        }

        if (url.Text(SnapshotParameter) is { } id)
        {
            var (shared, problem) = Snapshot<TWork>(page.Route, id);
            if (shared is not null)
            {
                page.Use(shared);
                Save(page);
                return null;
            }

            page.Read(url);
            return problem;
        }

        var saved = Saved(page);
        page.Read(url);
        return saved;
    }

    /// <summary>The page as the student's workbook holds it, without opening it from an address: for the workbook's own page.</summary>
    public string? Load<TWork>(IPageState<TWork> page) where TWork : class => _opened.Add(page.Route) ? Saved(page) : null;

    /// <summary>Puts the page's state where a reload finds it: the workbook, and the address (the lists while it stays short).</summary>
    public void Keep<TWork>(IPageState<TWork> page) where TWork : class
    {
        if (IsPresenting)
            presentation.Show(page.Route, Serialize(page.Work));
        // A follower's page shows the presenter's work: nothing of it is the student's to save.
        if (IsFollowing)
            return;
        var whole = Whole(page);
        url.Write(url.With(whole).Length <= LongestAddress
            ? whole
            : [.. page.Settings, .. page.Lists.Select(l => (l.Name, (object?)null)), (SnapshotParameter, null)]);
        Save(page);
    }

    /// <summary>
    /// The instructor presents this circuit's pages from now on, starting with the one open, taking over from any other tab
    /// that presented; false for anyone else.
    /// </summary>
    public bool Present()
    {
        if (!browser.SeesClass)
            return false;
        presentation.Claim(this, browser.Id);
        Presents();
        if (_open is { } open)
            presentation.Show(open.Route, open.Serialize());
        return true;
    }

    /// <summary>
    /// The circuit lost its connection to the browser (a reload, a network drop, a laptop asleep): a presenting circuit
    /// leaves the presentation waiting for the instructor's browser (<see cref="Presentation.Left"/>).
    /// </summary>
    public void ConnectionDown()
    {
        if (IsPresenting)
            presentation.Left(this);
    }

    /// <summary>The circuit's connection came back: if the presentation still waits for this browser, it presents on.</summary>
    public void ConnectionUp()
    {
        if (TakesUpPresentation() && _open is { } open)
            presentation.Show(open.Route, open.Serialize());
    }

    // The instructor's tab that presented went (a reload, a lost connection) and the presentation waits for this browser:
    // this circuit presents on.
    private bool TakesUpPresentation()
    {
        if (!browser.HasId || !browser.SeesClass || !presentation.ComeBack(this, browser.Id))
            return false;
        Presents();
        return true;
    }

    /// <summary>The instructor ends the presentation, from the presenting tab or any other of theirs.</summary>
    public void StopPresenting()
    {
        if (browser.SeesClass && (IsPresenting || presentation.Current is not null))
            presentation.Stop();
    }

    private void Presents()
    {
        if (Interlocked.Exchange(ref _presented, 1) == 1)
            return;
        presentation.PresenterChanged += PresenterChanged;
        PresentingChanged?.Invoke();
    }

    // Another tab took over, the presentation ended, or (on another server) the instructor presents there now.
    private void PresenterChanged()
    {
        if (IsPresenting || Interlocked.CompareExchange(ref _presented, 0, 1) != 1)
            return;
        presentation.PresenterChanged -= PresenterChanged;
        PresentingChanged?.Invoke();
    }

    /// <summary>The student follows the presentation: their page becomes the presenter's, live; their own work stays in their workbook.</summary>
    public void Follow()
    {
        if (IsFollowing || presentation.Current is not { } shown)
            return;
        IsFollowing = true;
        runs?.IsPaused = true;
        presentation.Followed();
        presentation.Changed += Presented;
        PresentingChanged?.Invoke();
        _ = Go(shown);
    }

    /// <summary>The student stops following: their own work on the open page comes back from their workbook.</summary>
    public void Unfollow()
    {
        if (!IsFollowing)
            return;
        IsFollowing = false;
        runs?.IsPaused = false;
        presentation.Unfollowed();
        presentation.Changed -= Presented;
        PresentingChanged?.Invoke();
        if (_open is { } open)
            _ = open.OnPage(open.Restore);
    }

    // Raised on the presenter's thread, where a follower's circuit would run its render inline (a circuit's InvokeAsync
    // runs at once when its circuit is idle), so thirty followers would be thirty renders before the presenter's own:
    // each follower shows the move from the thread pool instead, one at a time, and a follower still busy with a move
    // shows only the newest once it is free.
    private void Presented()
    {
        if (Interlocked.Increment(ref _presentedPending) == 1)
            _ = Task.Run(ShowPresentedAsync);
    }

    private async Task ShowPresentedAsync()
    {
        int seen;
        do
        {
            seen = Volatile.Read(ref _presentedPending);
            try
            {
                if (!IsFollowing)
                    continue;
                if (presentation.Current is { } shown)
                    await Go(shown);
                else
                    Unfollow();
            }
            catch (ObjectDisposedException)
            {
                // The student's circuit closed: nothing more to show it.
                return;
            }
        }
        while (Interlocked.Add(ref _presentedPending, -seen) > 0);
    }

    // Whether the student still follows is asked again on the page's own thread, where Unfollow runs: a move handed to
    // the page as the student stopped following would otherwise cover the work Unfollow just brought back.
    private Task Go(PresentedPage shown)
    {
        if (_open is { } open && open.Route == shown.Route)
            return open.OnPage(() =>
            {
                if (IsFollowing)
                    open.Show(shown.Work);
            });
        if (_open is { } elsewhere)
            return elsewhere.OnPage(() =>
            {
                if (IsFollowing)
                    navigation.NavigateTo(shown.Route);
            });
        navigation.NavigateTo(shown.Route);
        return Task.CompletedTask;
    }

    /// <summary>A link that reproduces everything on the page anywhere: a snapshot stored on the server and a short <c>?s=</c> link to it.</summary>
    public SharedLink Share<TWork>(IPageState<TWork> page) where TWork : class
    {
        SnapshotSaved saved;
        try
        {
            saved = snapshots.Save(JsonSerializer.Serialize(new SharedPage<TWork>(page.Route, page.Work), Json));
        }
        catch (StorageException e)
        {
            logger.LogWarning("A link could not be shared for {Page}: {Reason}", page.Route, e.Message);
            return new(null, StoreProblem.Links.Said(e, snapshots.FilePath, browser.SeesClass));
        }

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

    /// <summary>
    /// The short name of the embedding model a saved record names; the lab's default where it names none it knows (a record
    /// from another version, or edited by hand).
    /// </summary>
    public static string ModelName(string? modelId) =>
        ModelCatalog.Embedders.FirstOrDefault(m => modelId is not null && (m.Id.Equals(modelId, StringComparison.OrdinalIgnoreCase)
            || ModelCatalog.ShortName(m).Equals(modelId, StringComparison.OrdinalIgnoreCase))) is { } card
            ? ModelCatalog.ShortName(card)
            : ModelCatalog.ShortName(ModelCatalog.MiniLm);

    /// <summary>A page's record as the workbook stores it.</summary>
    public static string Serialize<TWork>(TWork work) where TWork : class => JsonSerializer.Serialize(work, Json);

    /// <summary>A page's record as the workbook stores it, read back: null when it cannot be read.</summary>
    public static TWork? Parse<TWork>(string json) where TWork : class
    {
        try
        {
            return JsonSerializer.Deserialize<TWork>(json, Json);
        }
        catch (JsonException)
        {
            return null;
        }
    }

    /// <summary>
    /// Writes what is not saved yet, now: before the workbook is read, and when the circuit closes. The writer's lock keeps
    /// the order, so a write still under way finishes first.
    /// </summary>
    public Task FlushAsync() => Task.Run(SaveNowAsync);

    public async ValueTask DisposeAsync()
    {
        if (IsFollowing)
        {
            presentation.Unfollowed();
            presentation.Changed -= Presented;
        }

        if (Interlocked.Exchange(ref _presented, 0) == 1)
        {
            presentation.PresenterChanged -= PresenterChanged;
            presentation.Left(this);
        }

        await FlushAsync();
    }

    private string? Saved<TWork>(IPageState<TWork> page) where TWork : class
    {
        string? json;
        try
        {
            json = workbooks.Load(browser.WorkbookOwner, page.Route);
        }
        catch (Exception e) when (e is Microsoft.Data.Sqlite.SqliteException or IOException)
        {
            logger.LogWarning("The workbook could not be read for {Page}: {Reason}", page.Route, e.Message);
            return "Your saved work could not be read just now; the page opens as its address says. Reload to try again.";
        }

        if (json is null)
            return null;
        if (Parse<TWork>(json) is not { } work)
            return "Your saved work for this page could not be read; the page opens with the book's inputs.";
        page.Use(work);
        return null;
    }

    // The record is taken now, on the circuit's thread; serialising and writing it happen off it.
    private void Save<TWork>(IPageState<TWork> page) where TWork : class
    {
        var work = page.Work;
        lock (_gate)
        {
            _unsaved[page.Route] = () => Serialize(work);
            if (_isSaving)
                return;
            _isSaving = true;
            _ = Task.Run(SaveAsync);
        }
    }

    private async Task SaveAsync()
    {
        while (true)
        {
            await SaveNowAsync();
            await Task.Delay(SaveInterval, time);
            lock (_gate)
            {
                if (_unsaved.Count == 0)
                {
                    _isSaving = false;
                    return;
                }
            }
        }
    }

    // One writer at a time, taking what is unsaved as it starts: a later state is never overwritten by an earlier one.
    private async Task SaveNowAsync()
    {
        await _writing.WaitAsync();
        try
        {
            await WriteAsync();
        }
        finally
        {
            _writing.Release();
        }
    }

    // The pages go to the workbooks' one writer, which writes them with other students' in one transaction.
    private async Task WriteAsync()
    {
        KeyValuePair<string, Func<string>>[] unsaved;
        lock (_gate)
        {
            unsaved = [.. _unsaved];
            _unsaved.Clear();
        }

        if (unsaved.Length == 0)
            return;

        var now = time.GetUtcNow();
        foreach (var (route, serialize) in unsaved)
        {
            try
            {
                await workbooks.SaveAsync(browser.WorkbookOwner, route, serialize(), now);
                SaveProblem = null;
            }
            catch (Exception e) when (e is Microsoft.Data.Sqlite.SqliteException or IOException or ArgumentException)
            {
                logger.LogWarning("A workbook page could not be saved for {Page}: {Reason}", route, e.Message);
                // The store's own message names the server's file: the student gets the store's line without it.
                SaveProblem = e is StorageException storage
                    ? StoreProblem.Workbooks.Said(storage, workbooks.FilePath, browser.SeesClass) + " Your work stays on this page while it is open."
                    : $"Your work on this page could not be saved ({e.Message}); it stays on the page while it is open.";
            }
        }

        (Saves, LastSaved) = (Saves + 1, time.GetLocalNow());
        SavedChanged?.Invoke();
    }

    private static (string Name, object? Value)[] Whole<TWork>(IPageState<TWork> page) where TWork : class =>
        [.. page.Settings, .. page.Lists, (SnapshotParameter, null)];

    private (TWork? Work, string? Problem) Snapshot<TWork>(string route, string id) where TWork : class
    {
        string? json;
        try
        {
            json = snapshots.Load(id);
        }
        catch (StorageException e)
        {
            // The links' file taken from under the lab: the page opens as its address says, with one line why.
            logger.LogWarning("A shared link could not be opened for {Page}: {Reason}", route, e.Message);
            return (null, StoreProblem.Links.Said(e, snapshots.FilePath, browser.SeesClass));
        }

        if (json is null)
            return (null, "This link's shared state is not on this server (it keeps the states shared last); the page opens as its address says.");
        var shared = JsonNode.Parse(json);
        var page = shared?[nameof(SharedPage<TWork>.Page)]?.GetValue<string>();
        if (page != route)
            return (null, $"This link shares another page ({page}): open it there.");
        try
        {
            return (shared![nameof(SharedPage<TWork>.Work)].Deserialize<TWork>(Json), null);
        }
        catch (JsonException)
        {
            return (null, "This link's shared state was made by another version of the lab and cannot be read here; the page opens as its address says.");
        }
    }

    private sealed record SharedPage<TWork>(string Page, TWork Work);

    /// <summary>The page open in a circuit, as presenting and following need it.</summary>
    /// <param name="use">Puts a record on the page.</param>
    /// <param name="onPage">Runs an action on the page's own thread and redraws it.</param>
    private sealed class OpenPage(string route, Action<string> use, Func<string> serialize, Func<Action, Task> onPage)
    {
        // The student's own work, taken before the presenter's first replaced it on this page.
        private string? _own;

        public string Route => route;

        public Func<Action, Task> OnPage => onPage;

        public string Serialize() => serialize();

        /// <summary>Shows the presenter's record, keeping the student's own to bring back.</summary>
        public void Show(string work)
        {
            _own ??= serialize();
            use(work);
        }

        /// <summary>Brings back the student's own work, as it was before they followed.</summary>
        public void Restore()
        {
            if (_own is { } own)
                use(own);
            _own = null;
        }
    }
}
