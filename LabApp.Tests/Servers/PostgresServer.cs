using System.Diagnostics;
using System.Globalization;
using Npgsql;

namespace LabApp.Tests.Servers;

/// <summary>
/// A private PostgreSQL server for the tests: a cluster made with initdb in a temporary folder, listening on a free
/// 127.0.0.1 port (and a socket in that folder), run as the postgres user when the tests run as root (PostgreSQL refuses
/// root), stopped and deleted when the tests end. One server for the whole test run (<see cref="PostgresCollection"/>);
/// each test takes a database of its own (<see cref="NewDatabaseAsync"/>). Missing binaries fail the test with what to
/// install: these tests are never skipped.
/// </summary>
public sealed class PostgresServer : IAsyncLifetime
{
    private string _folder = "";
    private int _databases;

    public int Port { get; private set; }

    /// <summary>Where initdb and pg_ctl are: <c>LAB_POSTGRES_BIN</c>, else Debian's newest <c>/usr/lib/postgresql/N/bin</c>.</summary>
    public static string BinFolder =>
        Environment.GetEnvironmentVariable("LAB_POSTGRES_BIN") is { Length: > 0 } bin ? bin
        : Directory.Exists("/usr/lib/postgresql")
            ? Directory.GetDirectories("/usr/lib/postgresql").Select(d => Path.Combine(d, "bin")).Where(Directory.Exists)
                .OrderByDescending(d => int.TryParse(Path.GetFileName(Path.GetDirectoryName(d)), out var v) ? v : 0).FirstOrDefault() ?? ""
            : "";

    public async Task InitializeAsync()
    {
        var initdb = Path.Combine(BinFolder, "initdb");
        if (!File.Exists(initdb))
            throw new InvalidOperationException($"PostgreSQL's initdb is not installed (looked in {(BinFolder.Length > 0 ? BinFolder : "/usr/lib/postgresql/*/bin")}): install Debian's postgresql package (bash .ci/run does), or set LAB_POSTGRES_BIN.");

        // Not under TestFolders: its folders are private to root, and the server runs as postgres.
        _folder = Directory.CreateTempSubdirectory("labapp-postgres-").FullName;
        if (IsRoot)
            await RunAsync("chown", ["postgres:postgres", _folder], asPostgres: false);
        Port = LocalPorts.Free();
        var data = Path.Combine(_folder, "data");
        await RunAsync(initdb, ["-D", data, "-U", "lab", "-A", "trust", "--no-sync", "--no-instructions", "-E", "UTF8", "--locale=C"]);
        // fsync off: a test database need not survive a power cut, and the run is faster on a shared 2-core machine.
        await RunAsync(Path.Combine(BinFolder, "pg_ctl"),
        [
            "-D", data, "-l", Path.Combine(_folder, "server.log"), "-w", "-t", "60",
            "-o", $"-p {Port} -k {_folder} -c listen_addresses=127.0.0.1 -c fsync=off -c synchronous_commit=off -c full_page_writes=off -c max_connections=200",
            "start",
        ]);
    }

    /// <summary>A connection string to a new empty database of this server.</summary>
    public async Task<string> NewDatabaseAsync(string purpose = "lab")
    {
        var name = $"{purpose}_{Interlocked.Increment(ref _databases)}";
        await using var connection = new NpgsqlConnection(ConnectionString("postgres"));
        await connection.OpenAsync();
        await using var command = new NpgsqlCommand($"CREATE DATABASE {name}", connection);
        await command.ExecuteNonQueryAsync();
        return ConnectionString(name);
    }

    public string ConnectionString(string database) => $"Host=127.0.0.1;Port={Port};Username=lab;Database={database}";

    public async Task DisposeAsync()
    {
        if (_folder.Length == 0)
            return;
        try
        {
            await RunAsync(Path.Combine(BinFolder, "pg_ctl"), ["-D", Path.Combine(_folder, "data"), "-m", "immediate", "-w", "stop"]);
        }
        catch (InvalidOperationException)
        {
            // Not running (it did not start): the folder goes all the same.
        }

        try
        {
            Directory.Delete(_folder, recursive: true);
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
        }
    }

    private static bool IsRoot => Environment.UserName == "root";

    private static async Task RunAsync(string program, IReadOnlyList<string> arguments, bool asPostgres = true)
    {
        var start = new ProcessStartInfo(asPostgres && IsRoot ? "runuser" : program)
        {
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            WorkingDirectory = "/",
        };
        if (asPostgres && IsRoot)
        {
            foreach (var argument in (string[])["-u", "postgres", "--", program])
                start.ArgumentList.Add(argument);
        }

        foreach (var argument in arguments)
            start.ArgumentList.Add(argument);
        using var process = Process.Start(start) ?? throw new InvalidOperationException($"{program} could not be started.");
        var output = process.StandardOutput.ReadToEndAsync();
        var error = process.StandardError.ReadToEndAsync();
        using var limit = new CancellationTokenSource(TimeSpan.FromSeconds(90));
        await process.WaitForExitAsync(limit.Token);
        if (process.ExitCode != 0)
            throw new InvalidOperationException($"{Path.GetFileName(program)} {string.Join(' ', arguments)} failed with code {process.ExitCode.ToString(CultureInfo.InvariantCulture)}:\n{await output}\n{await error}");
    }
}

/// <summary>The tests that share the one private PostgreSQL server of the run.</summary>
[CollectionDefinition(Name)]
public sealed class PostgresCollection : ICollectionFixture<PostgresServer>
{
    public const string Name = "PostgreSQL";
}
