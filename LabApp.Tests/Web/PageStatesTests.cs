using Bunit;
using LabApp.Core.Storage;
using LabApp.Services;
using Microsoft.AspNetCore.Components;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging.Abstractions;
using Microsoft.Extensions.Time.Testing;

namespace LabApp.Tests.Web;

/// <summary>
/// The page-state contract against a real workbook file, bUnit's navigation and a fake clock: what a student does
/// reaches their workbook at once and then at most every <see cref="PageStates.SaveInterval"/>, the last state always.
/// </summary>
public sealed class PageStatesTests : BunitContext
{
    private readonly FakeTimeProvider _clock = new(new DateTimeOffset(2026, 12, 7, 9, 0, 0, TimeSpan.Zero));
    private readonly WorkbookStore _workbooks = new(Path.Combine(TestFolders.Create("page-states"), "workbooks.sqlite"));
    private readonly SnapshotStore _links = new(Path.Combine(TestFolders.Create("page-states-links"), "links.sqlite"));
    private readonly NavigationManager _navigation;

    public PageStatesTests()
    {
        JSInterop.Mode = JSRuntimeMode.Loose;
        _navigation = Services.GetRequiredService<NavigationManager>();
        _navigation.NavigateTo("/counter");
    }

    private readonly Presentation _presentation = new();

    private PageStates NewStates(string browserId, bool instructor = false, Presentation? presentation = null)
    {
        var browser = new BrowserIdentity(_clock);
        browser.Attach(browserId, classViewUntil: instructor ? _clock.GetUtcNow().AddHours(1) : null);
        return new PageStates(new UrlState(_navigation, JSInterop.JSRuntime, _clock), _links, _workbooks, browser, JSInterop.JSRuntime, _navigation, _clock,
            NullLogger<PageStates>.Instance, presentation ?? _presentation);
    }

    // What a page passes: run the action on its own thread and redraw (here, at once).
    private static Task OnPage(Action show)
    {
        show();
        return Task.CompletedTask;
    }

    [Fact]
    public async Task Only_the_instructor_presents_and_a_follower_sees_each_move_saves_none_of_it_and_gets_their_own_back()
    {
        var instructor = NewStates("teacher", instructor: true);
        var shown = new Counter { Count = 5 };
        instructor.Open(shown, OnPage);
        var student = NewStates("ann");
        var own = new Counter { Count = 2 };
        // A follower's page hears each move on its own thread: each one it shows is counted here.
        using var shownOnPage = new SemaphoreSlim(0);
        student.Open(own, show =>
        {
            show();
            shownOnPage.Release();
            return Task.CompletedTask;
        });
        student.Keep(own);
        await student.FlushAsync();

        Assert.False(student.Present());
        Assert.Null(_presentation.Current);
        Assert.True(instructor.Present());
        Assert.Equal(("/counter", """{"Count":5}"""), (_presentation.Current!.Route, _presentation.Current.Work));

        student.Follow();
        Assert.Equal(5, own.Count);
        Assert.Equal(1, _presentation.Followers);
        Assert.True(await shownOnPage.WaitAsync(TimeSpan.FromSeconds(10)));
        shown.Count = 6;
        instructor.Keep(shown);
        Assert.True(await shownOnPage.WaitAsync(TimeSpan.FromSeconds(10)));
        Assert.Equal(6, own.Count);
        student.Keep(own);
        await student.FlushAsync();
        Assert.Equal("""{"Count":2}""", _workbooks.Load("ann", Counter.Page));

        student.Unfollow();
        Assert.Equal(2, own.Count);
        Assert.Equal(0, _presentation.Followers);
        shown.Count = 7;
        instructor.Keep(shown);
        Assert.Equal(2, own.Count);

        instructor.StopPresenting();
        Assert.Null(_presentation.Current);
    }

    [Fact]
    public async Task A_move_that_reaches_the_page_after_the_student_stopped_following_leaves_their_own_work()
    {
        var instructor = NewStates("teacher", instructor: true);
        var shown = new Counter { Count = 5 };
        instructor.Open(shown, OnPage);
        Assert.True(instructor.Present());
        var student = NewStates("ann");
        var own = new Counter { Count = 2 };
        student.Keep(own);
        await student.FlushAsync();
        // The follower's page thread, held: what is handed to it waits until the test runs it.
        var handed = new System.Collections.Concurrent.ConcurrentQueue<Action>();
        using var waiting = new SemaphoreSlim(0);
        student.Open(own, show =>
        {
            handed.Enqueue(show);
            waiting.Release();
            return Task.CompletedTask;
        });
        async Task<Action> NextHanded()
        {
            Assert.True(await waiting.WaitAsync(TimeSpan.FromSeconds(10)));
            Assert.True(handed.TryDequeue(out var action));
            return action;
        }

        student.Follow();
        (await NextHanded())();
        Assert.Equal(5, own.Count);
        shown.Count = 6;
        instructor.Keep(shown);
        var move = await NextHanded();
        student.Unfollow();
        var restore = await NextHanded();

        // The page runs the restore, then the move, as it does when the move was handed over just after the student stopped.
        restore();
        move();

        Assert.Equal(2, own.Count);
        Assert.Equal("""{"Count":2}""", _workbooks.Load("ann", Counter.Page));
    }

    [Fact]
    public async Task A_follower_still_busy_with_a_move_shows_only_the_newest_one_after_it()
    {
        var instructor = NewStates("teacher", instructor: true);
        var shown = new Counter { Count = 1 };
        instructor.Open(shown, OnPage);
        Assert.True(instructor.Present());
        var student = NewStates("ann");
        var own = new Counter();
        // The follower's page is slow: each move waits for the gate before it is shown.
        using var gate = new SemaphoreSlim(0);
        var seen = new System.Collections.Concurrent.ConcurrentQueue<int>();
        var newest = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        student.Open(own, async show =>
        {
            await gate.WaitAsync();
            show();
            seen.Enqueue(own.Count);
            if (own.Count == 6)
                newest.SetResult();
        });
        gate.Release();
        student.Follow();
        foreach (var count in new[] { 2, 3, 4, 5, 6 })
        {
            shown.Count = count;
            instructor.Keep(shown);
        }

        gate.Release(10);
        await newest.Task.WaitAsync(TimeSpan.FromSeconds(10));
        Assert.Equal(1, seen.First());
        Assert.InRange(seen.Count, 2, 3);
        Assert.Equal(6, seen.Last());
    }

    [Fact]
    public async Task A_reload_of_the_presenting_tab_keeps_the_class_following_and_the_reloaded_tab_presents_on()
    {
        var clock = new FakeTimeProvider();
        var presentation = new Presentation(clock);
        var (instructor, _, student, own, shownOnPage) = await PresentedToAnnAsync(presentation);

        await instructor.DisposeAsync();

        Assert.True(student.IsFollowing);
        Assert.Equal("""{"Count":5}""", presentation.Current?.Work);
        Assert.True(presentation.WaitsFor("teacher"));
        Assert.False(presentation.WaitsFor("another-instructor"));
        clock.Advance(Presentation.FanOutInterval);
        var reloaded = NewStates("teacher", instructor: true, presentation);
        var presentingChanged = 0;
        reloaded.PresentingChanged += () => presentingChanged++;
        var again = new Counter { Count = 5 };
        reloaded.Open(again, OnPage);
        Assert.True(reloaded.IsPresenting);
        Assert.Equal(1, presentingChanged);
        Assert.True(await shownOnPage.WaitAsync(TimeSpan.FromSeconds(10)));
        clock.Advance(Presentation.FanOutInterval);
        again.Count = 8;
        reloaded.Keep(again);
        Assert.True(await shownOnPage.WaitAsync(TimeSpan.FromSeconds(10)));
        Assert.Equal(8, own.Count);

        // The tab came back: the wait that would have ended the presentation has nothing to end.
        clock.Advance(Presentation.ComeBackWithin);
        Assert.Equal("""{"Count":8}""", presentation.Current?.Work);
        Assert.True(student.IsFollowing);
    }

    [Fact]
    public async Task A_presenting_tab_whose_connection_drops_presents_on_when_it_returns_unless_its_reload_took_over()
    {
        var presentation = new Presentation(new FakeTimeProvider());
        var (instructor, _, student, _, _) = await PresentedToAnnAsync(presentation);

        // A reloaded tab's old circuit is kept, disconnected: its lost connection is the presenter leaving.
        instructor.ConnectionDown();
        Assert.False(instructor.IsPresenting);
        Assert.True(presentation.WaitsFor("teacher"));
        Assert.True(student.IsFollowing);
        instructor.ConnectionUp();
        Assert.True(instructor.IsPresenting);

        instructor.ConnectionDown();
        var reloaded = NewStates("teacher", instructor: true, presentation);
        reloaded.Open(new Counter { Count = 5 }, OnPage);
        instructor.ConnectionUp();

        Assert.True(reloaded.IsPresenting);
        Assert.False(instructor.IsPresenting);
        Assert.True(student.IsFollowing);
    }

    [Fact]
    public async Task A_presenting_tab_that_does_not_come_back_ends_the_presentation_and_the_class_gets_its_own_work_back()
    {
        var clock = new FakeTimeProvider();
        var presentation = new Presentation(clock);
        var (instructor, _, student, own, shownOnPage) = await PresentedToAnnAsync(presentation);

        await instructor.DisposeAsync();
        clock.Advance(Presentation.ComeBackWithin - TimeSpan.FromSeconds(1));
        Assert.NotNull(presentation.Current);
        clock.Advance(TimeSpan.FromSeconds(1));

        Assert.Null(presentation.Current);
        Assert.True(await shownOnPage.WaitAsync(TimeSpan.FromSeconds(10)));
        Assert.False(student.IsFollowing);
        Assert.Equal(2, own.Count);
        var later = NewStates("teacher", instructor: true, presentation);
        later.Open(new Counter { Count = 9 }, OnPage);
        Assert.False(later.IsPresenting);
        Assert.Null(presentation.Current);
    }

    [Fact]
    public async Task Another_of_the_instructors_tabs_takes_the_presentation_over_and_any_of_them_ends_it_but_no_student()
    {
        var (first, mine, student, own, shownOnPage) = await PresentedToAnnAsync(_presentation);
        var firstChanged = 0;
        first.PresentingChanged += () => firstChanged++;
        var second = NewStates("teacher", instructor: true);
        second.Open(new Counter { Count = 9 }, OnPage);
        Assert.False(second.IsPresenting);

        Assert.True(second.Present());

        Assert.True(second.IsPresenting);
        Assert.False(first.IsPresenting);
        Assert.Equal(1, firstChanged);
        Assert.True(await shownOnPage.WaitAsync(TimeSpan.FromSeconds(10)));
        Assert.Equal(9, own.Count);
        // The tab taken over no longer shows its moves to the class.
        mine.Count = 6;
        first.Keep(mine);
        Assert.Equal("""{"Count":9}""", _presentation.Current?.Work);

        student.StopPresenting();
        Assert.NotNull(_presentation.Current);
        first.StopPresenting();
        Assert.Null(_presentation.Current);
        Assert.False(second.IsPresenting);
        Assert.True(await shownOnPage.WaitAsync(TimeSpan.FromSeconds(10)));
        Assert.False(student.IsFollowing);
        Assert.Equal(2, own.Count);
    }

    // The instructor presents a page showing 5; Ann, whose own page shows 2, follows and sees the 5. Each time her page
    // shows something, the semaphore is released.
    private async Task<(PageStates Instructor, Counter Presented, PageStates Student, Counter Own, SemaphoreSlim ShownOnPage)> PresentedToAnnAsync(
        Presentation presentation)
    {
        var instructor = NewStates("teacher", instructor: true, presentation);
        var presented = new Counter { Count = 5 };
        instructor.Open(presented, OnPage);
        Assert.True(instructor.Present());
        var student = NewStates("ann", presentation: presentation);
        var own = new Counter { Count = 2 };
        var shownOnPage = new SemaphoreSlim(0);
        student.Open(own, show =>
        {
            show();
            shownOnPage.Release();
            return Task.CompletedTask;
        });
        student.Follow();
        Assert.True(await shownOnPage.WaitAsync(TimeSpan.FromSeconds(10)));
        Assert.Equal(5, own.Count);
        return (instructor, presented, student, own, shownOnPage);
    }

    [Fact]
    public async Task A_burst_of_edits_is_one_write_at_once_and_one_with_the_last_after_the_interval()
    {
        var states = NewStates("ann");
        var page = new Counter();
        var firstWrite = NextWrite(states);

        page.Count = 1;
        states.Keep(page);
        await firstWrite;
        var secondWrite = NextWrite(states);
        foreach (var count in new[] { 2, 3, 4, 5 })
        {
            page.Count = count;
            states.Keep(page);
        }

        Assert.Equal(1, states.Saves);
        Assert.Equal("""{"Count":1}""", _workbooks.Load("ann", Counter.Page));
        _clock.Advance(PageStates.SaveInterval);
        await secondWrite;
        Assert.Equal(2, states.Saves);
        Assert.Equal("""{"Count":5}""", _workbooks.Load("ann", Counter.Page));
    }

    [Fact]
    public async Task A_new_circuit_of_the_same_browser_opens_the_page_as_it_was_left_and_another_browser_does_not()
    {
        var left = NewStates("ann");
        var page = new Counter { Count = 7 };
        left.Keep(page);
        await left.DisposeAsync();

        var reopened = new Counter();
        Assert.Null(NewStates("ann").Open(reopened));
        var others = new Counter();
        Assert.Null(NewStates("bob").Open(others));

        Assert.Equal(7, reopened.Count);
        Assert.Equal(0, others.Count);
    }

    [Fact]
    public void A_shared_link_carries_the_whole_state_to_another_browser_and_a_link_of_another_page_is_named()
    {
        var page = new Counter { Count = 42 };
        var link = NewStates("ann").Share(page);
        Assert.Null(link.Problem);
        Assert.Matches(@"^http://localhost/counter\?s=[A-Za-z0-9_-]{16}$", link.Address);

        _navigation.NavigateTo(link.Address!);
        var friends = new Counter();
        Assert.Null(NewStates("bob").Open(friends));
        Assert.Equal(42, friends.Count);

        _navigation.NavigateTo(link.Address!.Replace("/counter", "/other", StringComparison.Ordinal));
        var elsewhere = new Counter { Route = "/other" };
        Assert.Equal("This link shares another page (/counter): open it there.", NewStates("cay").Open(elsewhere));
        Assert.Equal(0, elsewhere.Count);
    }

    private static Task NextWrite(PageStates states)
    {
        var written = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        void Done()
        {
            states.SavedChanged -= Done;
            written.TrySetResult();
        }

        states.SavedChanged += Done;
        return written.Task.WaitAsync(TimeSpan.FromSeconds(30));
    }

    private sealed record CounterWork(int Count);

    private sealed class Counter : IPageState<CounterWork>
    {
        public const string Page = "/counter";

        public int Count { get; set; }

        public string Route { get; init; } = Page;

        public CounterWork Work => new(Count);

        public IReadOnlyList<(string Name, object? Value)> Settings => [("n", Count)];

        public IReadOnlyList<(string Name, object? Value)> Lists => [];

        public void Read(UrlState url) => Count = url.Int("n", Count, 0, 1000).Value;

        public void Use(CounterWork work) => Count = work.Count;
    }
}
