using LabApp.Core.Classifiers.Llm;
using LabApp.Core.Storage;
using LabApp.Tests.Faults;
using LabApp.Tests.Llm;
using LabApp.Extensions;
using LabApp.Services;
using Microsoft.AspNetCore.DataProtection;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Time.Testing;
using Npgsql;

namespace LabApp.Tests.Servers;

/// <summary>
/// The PostgreSQL database several servers share: migrated once however many start together, a wrong connection
/// string said in one line without its password, one data-protection key for servers starting together, and each server
/// hearing the others' changes (the stores' events and the presented page), again after its listening connection was lost.
/// </summary>
[Collection(PostgresCollection.Name)]
public sealed class SharedDatabaseTests(PostgresServer server)
{
    private static readonly DateTimeOffset Monday = new(2026, 11, 30, 9, 0, 0, TimeSpan.Zero);

    [Fact]
    public async Task Servers_starting_together_migrate_the_database_once()
    {
        var connectionString = await server.NewDatabaseAsync("migrate");

        var opened = await Task.WhenAll(Enumerable.Range(0, 4).Select(_ => Task.Run(() => PostgresDatabase.Open(connectionString))));
        PostgresDatabase.Open(connectionString);

        await using var connection = new NpgsqlConnection(connectionString);
        await connection.OpenAsync();
        await using var command = new NpgsqlCommand("SELECT COUNT(*), MAX(version) FROM schema_version", connection);
        await using var reader = await command.ExecuteReaderAsync();
        await reader.ReadAsync();
        Assert.Equal((1L, PostgresSchema.Latest), (reader.GetInt64(0), reader.GetInt32(1)));
        Assert.Equal(4, opened.Length);
    }

    [Fact]
    public void A_server_that_cannot_be_reached_is_one_sentence_naming_host_and_database_not_the_password()
    {
        var port = LocalPorts.Closed();

        var e = Assert.Throws<StorageException>(() => PostgresDatabase.Open($"Host=127.0.0.1;Port={port};Database=class7;Username=lab;Password=s3cret-pw;Timeout=5"));

        Assert.Contains($"PostgreSQL database \"class7\" on 127.0.0.1:{port} cannot be reached", e.Message);
        Assert.DoesNotContain("s3cret-pw", e.Message);
        Assert.DoesNotContain("\n", e.Message);
    }

    [Fact]
    public void A_connection_string_that_cannot_be_read_is_said_without_its_text()
    {
        var e = Assert.Throws<StorageException>(() => PostgresDatabase.Open("Host=db;Pasword=s3cret-pw"));

        Assert.Contains("connection string cannot be read", e.Message);
        Assert.DoesNotContain("s3cret-pw", e.Message);
    }

    [Fact]
    public async Task A_database_that_does_not_exist_says_so()
    {
        var e = Assert.Throws<StorageException>(() => PostgresDatabase.Open(server.ConnectionString("no_such_class")));

        Assert.Contains("\"no_such_class\"", e.Message);
        Assert.Contains("does not exist", e.Message);
        await Task.CompletedTask;
    }

    [Fact]
    public async Task The_commands_compare_the_class_databases_runs_and_keep_their_llm_answers_in_it()
    {
        var connectionString = await server.NewDatabaseAsync("commands");
        var log = new RunLog(PostgresDatabase.Open(connectionString));
        var a = log.Add("a-browser", TestRuns.Supervised(train: 100, test: 50));
        var b = log.Add("a-browser", TestRuns.Supervised(train: 100, test: 50, method: "centroid"));
        var models = FaultCorpus.WarmModels("commands-on-postgres");
        var environment = new Dictionary<string, string> { ["LAB_DATABASE"] = connectionString };
        await using var chat = await FakeChatServer.StartAsync();
        string[] llm = ["--data-dir", FaultCorpus.DataDir, "--models-dir", models, "run", "llm", "--base-url", chat.BaseUrl, "--yes", "--test-size", "3"];

        var (code, output, error) = await LabProcess.RunAsync(["--data-dir", FaultCorpus.DataDir, "--models-dir", models, "compare", "--a", $"{a.Id}", "--b", $"{b.Id}"], environment);
        var (asked, _, askedError) = await LabProcess.RunAsync(llm, environment);
        var (again, _, againError) = await LabProcess.RunAsync(llm, environment);

        Assert.True(code == 0, error);
        Assert.StartsWith("A: supervised · model=minilm train=100 test=50 seed=42  (accuracy ", output);
        Assert.Contains("\nB: centroid · model=minilm train=100 test=50 seed=42  (accuracy ", output);
        Assert.True((asked, again) == (0, 0), askedError + againError);
        Assert.StartsWith("3 reviews: 0 answered from the cache, 3 requests", askedError);
        Assert.StartsWith("3 reviews: 3 answered from the cache, 0 requests", againError);
        Assert.Equal(3, chat.RequestCount);
        Assert.Equal(3, new LlmAnswerCache(PostgresDatabase.Open(connectionString)).Count());
        Assert.False(File.Exists(Path.Combine(models, "llm", "answers.sqlite")), "the answers went to a SQLite file beside the models");
    }

    [Fact]
    public async Task A_command_whose_class_database_cannot_be_reached_says_so_in_one_line_without_the_password()
    {
        var port = LocalPorts.Closed();
        var environment = new Dictionary<string, string> { ["LAB_DATABASE"] = $"Host=127.0.0.1;Port={port};Database=class7;Username=lab;Password=s3cret-pw;Timeout=5" };

        var (code, output, error) = await LabProcess.RunAsync(["--data-dir", FaultCorpus.DataDir, "compare", "--a", "1", "--b", "2"], environment);

        FaultCorpus.AssertOneLine(1, $"error: The class's database (ConnectionStrings:Lab or LAB_DATABASE) cannot be used: The PostgreSQL database \"class7\" on 127.0.0.1:{port} cannot be reached", code, error);
        Assert.Equal("", output);
        Assert.DoesNotContain("s3cret-pw", error);
    }

    [Fact]
    public async Task Each_server_hears_the_other_servers_changes_as_its_own()
    {
        var connectionString = await server.NewDatabaseAsync("heard");
        var a = PostgresDatabase.Open(connectionString);
        var b = PostgresDatabase.Open(connectionString);
        using var stop = new CancellationTokenSource();
        var listening = b.ListenAsync(stop.Token);
        var workbooksOnB = new WorkbookStore(b);
        var runsOnB = new RunLog(b);
        var suiteOnB = new ClassSuiteStore(b);
        using var workbook = new SemaphoreSlim(0);
        using var run = new SemaphoreSlim(0);
        using var suite = new SemaphoreSlim(0);
        var owners = new List<string>();
        workbooksOnB.Changed += owner =>
        {
            lock (owners)
                owners.Add(owner);
            workbook.Release();
        };
        using var runs = runsOnB.NotifyOnChange("ann", () => run.Release());
        suiteOnB.Changed += () => suite.Release();
        await WaitUntilListeningAsync(connectionString);

        new WorkbookStore(a).Save("ann", "/medium/confidence", "{}", Monday);
        new RunLog(a).Add("ann", TestRuns.Supervised(100));
        new ClassSuiteStore(a).Add(new Core.Experiments.EdgeCase("Sarcasm", "Oh great.", 0), Monday);

        Assert.True(await workbook.WaitAsync(TimeSpan.FromSeconds(10)), "B heard no workbook change");
        Assert.True(await run.WaitAsync(TimeSpan.FromSeconds(10)), "B's run log told no new run");
        Assert.True(await suite.WaitAsync(TimeSpan.FromSeconds(10)), "B heard no new class case");
        lock (owners)
            Assert.Equal(["ann"], owners);

        await stop.CancelAsync();
        await listening;
    }

    [Fact]
    public async Task A_listener_whose_connection_is_lost_listens_again_and_says_anything_may_have_changed()
    {
        var connectionString = await server.NewDatabaseAsync("relisten");
        var a = PostgresDatabase.Open(connectionString);
        var b = PostgresDatabase.Open(connectionString);
        using var stop = new CancellationTokenSource();
        var listening = b.ListenAsync(stop.Token, retryAfter: TimeSpan.FromMilliseconds(200));
        var workbooksOnB = new WorkbookStore(b);
        var heard = new List<string>();
        using var changed = new SemaphoreSlim(0);
        workbooksOnB.Changed += owner =>
        {
            lock (heard)
                heard.Add(owner);
            changed.Release();
        };
        await WaitUntilListeningAsync(connectionString);

        await using (var admin = new NpgsqlConnection(connectionString))
        {
            await admin.OpenAsync();
            await using var kill = new NpgsqlCommand("SELECT pg_terminate_backend(pid) FROM pg_stat_activity WHERE query LIKE 'LISTEN%' AND datname = current_database()", admin);
            await kill.ExecuteNonQueryAsync();
        }

        Assert.True(await changed.WaitAsync(TimeSpan.FromSeconds(15)), "B did not listen again");
        await WaitUntilListeningAsync(connectionString);
        new WorkbookStore(a).Save("bob", "/workbook", "{}", Monday);
        var deadline = DateTime.UtcNow.AddSeconds(10);
        while (DateTime.UtcNow < deadline && !HasHeard("bob"))
            await changed.WaitAsync(TimeSpan.FromMilliseconds(200));

        Assert.True(HasHeard(""), "the reconnect told no change of everything");
        Assert.True(HasHeard("bob"), "B heard nothing after listening again");
        await stop.CancelAsync();
        await listening;

        bool HasHeard(string owner)
        {
            lock (heard)
                return heard.Contains(owner);
        }
    }

    [Fact]
    public async Task Followers_on_another_server_see_the_presented_page_and_the_presenter_counts_them()
    {
        await using var servers = await TwoServers.StartAsync(await server.NewDatabaseAsync("present"));
        var (presenter, follower) = (servers.A, servers.B);
        using var changed = new SemaphoreSlim(0);
        using var counted = new SemaphoreSlim(0);
        follower.Changed += () => changed.Release();
        presenter.FollowersChanged += () => counted.Release();

        // More than NOTIFY's 8000 bytes: the page travels through the table, the notification only names its version.
        var work = $$"""{"threshold":0.3,"scores":[{{string.Join(',', Enumerable.Repeat("0.123456789", 2000))}}]}""";
        presenter.Show("/medium/confidence", work);
        Assert.True(await changed.WaitAsync(TimeSpan.FromSeconds(10)));
        Assert.Equal(("/medium/confidence", "Confidence", work), (follower.Current?.Route, follower.Current?.Title, follower.Current?.Work));
        Assert.Equal(presenter.Current!.Version, follower.Current!.Version);

        follower.Followed();
        Assert.True(await counted.WaitAsync(TimeSpan.FromSeconds(10)));
        Assert.Equal(1, presenter.Followers);

        presenter.Stop();
        Assert.True(await changed.WaitAsync(TimeSpan.FromSeconds(10)));
        Assert.Null(follower.Current);
    }

    [Fact]
    public async Task Presenting_from_another_server_takes_the_presentation_over_from_this_ones_tab()
    {
        await using var servers = await TwoServers.StartAsync(await server.NewDatabaseAsync("takeover"));
        var (onA, onB) = (servers.A, servers.B);
        using var heardOnA = new SemaphoreSlim(0);
        using var heardOnB = new SemaphoreSlim(0);
        onA.Changed += () => heardOnA.Release();
        onB.Changed += () => heardOnB.Release();
        var tabOnA = new object();
        var tabOnB = new object();

        onA.Claim(tabOnA, "teacher");
        onA.Show("/medium/confidence", """{"threshold":0.3}""");
        Assert.True(await heardOnA.WaitAsync(TimeSpan.FromSeconds(10)));
        Assert.True(await heardOnB.WaitAsync(TimeSpan.FromSeconds(10)));
        Assert.True(onA.IsPresentedBy(tabOnA));

        onB.Claim(tabOnB, "teacher");
        onB.Show("/medium/confidence", """{"threshold":0.4}""");

        Assert.True(await heardOnA.WaitAsync(TimeSpan.FromSeconds(10)));
        Assert.False(onA.IsPresentedBy(tabOnA));
        Assert.False(onA.WaitsFor("teacher"));
        Assert.Equal("""{"threshold":0.4}""", onA.Current?.Work);
        Assert.True(await heardOnB.WaitAsync(TimeSpan.FromSeconds(10)));
        Assert.True(onB.IsPresentedBy(tabOnB));
    }

    [Fact]
    public async Task A_server_that_stops_saying_how_many_follow_is_no_longer_counted()
    {
        var clockA = new FakeTimeProvider(Monday);
        var clockB = new FakeTimeProvider(Monday);
        await using var servers = await TwoServers.StartAsync(await server.NewDatabaseAsync("silent"), clockA, clockB);
        var (presenter, follower) = (servers.A, servers.B);
        using var counted = new SemaphoreSlim(0);
        presenter.FollowersChanged += () => counted.Release();

        follower.Followed();
        Assert.True(await counted.WaitAsync(TimeSpan.FromSeconds(10)));
        // B says its count every heartbeat: A, whose clock goes on, keeps counting B's follower past the silence.
        for (var beat = 0; beat < 4; beat++)
        {
            clockB.Advance(PresentationRelay.Heartbeat);
            Assert.True(await counted.WaitAsync(TimeSpan.FromSeconds(10)), $"beat {beat} not heard");
            clockA.Advance(PresentationRelay.Heartbeat);
        }

        Assert.Equal(1, presenter.Followers);

        // B stops beating, as a killed server does: after the silence A counts no follower, and says so.
        clockA.Advance(PresentationRelay.Silence);
        Assert.True(await counted.WaitAsync(TimeSpan.FromSeconds(10)));
        Assert.Equal(0, presenter.Followers);
    }

    /// <summary>The presentation on two servers of one database, each listening as a lab server does, until disposed.</summary>
    private sealed class TwoServers : IAsyncDisposable
    {
        private readonly CancellationTokenSource _stop = new();
        private readonly List<Task> _listening = [];
        private readonly List<PresentationRelay> _relays = [];

        private TwoServers()
        {
        }

        public Presentation A { get; private set; } = null!;

        public Presentation B { get; private set; } = null!;

        public static async Task<TwoServers> StartAsync(string connectionString, TimeProvider? clockA = null, TimeProvider? clockB = null)
        {
            var servers = new TwoServers();
            servers.A = servers.Start(connectionString, clockA ?? TimeProvider.System);
            servers.B = servers.Start(connectionString, clockB ?? TimeProvider.System);
            await WaitUntilListeningAsync(connectionString, listeners: 2);
            return servers;
        }

        private Presentation Start(string connectionString, TimeProvider clock)
        {
            var database = PostgresDatabase.Open(connectionString);
            _listening.Add(database.ListenAsync(_stop.Token));
            var relay = new PresentationRelay(database, clock);
            _relays.Add(relay);
            return new Presentation(relay);
        }

        public async ValueTask DisposeAsync()
        {
            await _stop.CancelAsync();
            await Task.WhenAll(_listening);
            _relays.ForEach(relay => relay.Dispose());
            _stop.Dispose();
        }
    }

    [Fact]
    public async Task Servers_starting_together_make_one_data_protection_key_and_read_each_others_cookies()
    {
        var database = PostgresDatabase.Open(await server.NewDatabaseAsync("keys"));
        var servers = Enumerable.Range(0, 2).Select(_ =>
        {
            var services = new ServiceCollection();
            services.AddRunLog(Path.Combine(TestFolders.Create("keys"), "runs.sqlite"), "the-key", database);
            return services.BuildServiceProvider();
        }).ToArray();

        await Task.WhenAll(servers.Select(s => Task.Run(() => s.GetServices<IHostedService>().OfType<FirstKeyOfTheClass>().Single().StartAsync(default))));

        var keys = database.Use(connection =>
        {
            using var command = connection.Command("SELECT COUNT(*) FROM data_protection_keys");
            return Convert.ToInt32(command.ExecuteScalar(), System.Globalization.CultureInfo.InvariantCulture);
        });
        Assert.Equal(1, keys);
        var marker = servers[0].GetRequiredService<IDataProtectionProvider>().CreateProtector("LabApp.Test").Protect("browser-of-ann");
        Assert.Equal("browser-of-ann", servers[1].GetRequiredService<IDataProtectionProvider>().CreateProtector("LabApp.Test").Unprotect(marker));
    }

    // LISTEN is issued on the listener's own connection a moment after ListenAsync starts.
    private static async Task WaitUntilListeningAsync(string connectionString, int listeners = 1)
    {
        await using var connection = new NpgsqlConnection(connectionString);
        await connection.OpenAsync();
        await using var command = new NpgsqlCommand("SELECT COUNT(*) FROM pg_stat_activity WHERE query LIKE 'LISTEN%' AND datname = current_database() AND state = 'idle'", connection);
        var deadline = DateTime.UtcNow.AddSeconds(15);
        while ((long)(await command.ExecuteScalarAsync())! < listeners)
        {
            Assert.True(DateTime.UtcNow < deadline, "the listener did not LISTEN within 15 s");
            await Task.Delay(50);
        }
    }
}
