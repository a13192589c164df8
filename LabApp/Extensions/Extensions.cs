using System.Text;
using LabApp.Core;
using LabApp.Core.Classifiers.Llm;
using LabApp.Core.Data;
using LabApp.Core.Experiments;
using LabApp.Core.Runners;
using LabApp.Core.Storage;
using LabApp.Services;
using Microsoft.AspNetCore.Components.Server.Circuits;
using Microsoft.AspNetCore.DataProtection;
using Microsoft.AspNetCore.HttpOverrides;
using Microsoft.Extensions.DependencyInjection.Extensions;
using MudBlazor.Services;

namespace LabApp.Extensions;

public static class Extensions
{
    /// <summary>All of the web app's services: the lab's core as singletons shared by every student, and the UI.</summary>
    public static void AddLabServices(this WebApplicationBuilder builder)
    {
        // --data-dir and --models-dir work for the web app too, like the headless commands.
        builder.Configuration.AddCommandLine(Environment.GetCommandLineArgs().Skip(1).ToArray(), new Dictionary<string, string>
        {
            ["--data-dir"] = "Lab:DataDir",
            ["--models-dir"] = "Lab:ModelsDir",
            ["--log-path"] = "Lab:LogPath",
        });
        // `dotnet user-secrets set OpenAI:ApiKey …` keeps a key out of files and the shell history, in any environment.
        builder.Configuration.AddUserSecrets(typeof(Extensions).Assembly, optional: true);
        StartupException.CheckPorts(builder.Configuration);
        // An address longer than the lab writes is answered with a page that says so (UseAddressLimit), not with
        // Kestrel's empty 414 at its own 8 KB request line.
        builder.WebHost.ConfigureKestrel(kestrel => kestrel.Limits.MaxRequestLineSize = 64 * 1024);
        var settings = LabSettings.FromEnvironment(builder.Configuration["Lab:DataDir"], builder.Configuration["Lab:ModelsDir"])
            with { TypedTextCacheSize = TypedTextCacheSizeFrom(builder.Configuration) };
        builder.Services.AddLabCore(settings);
        // With ConnectionStrings:Lab (or LAB_DATABASE) the class's stores live in one PostgreSQL database that several
        // servers share; without it, in SQLite files beside the run log, as one server has always kept them.
        var shared = SharedDatabaseFrom(builder.Configuration);
        if (shared is not null)
            builder.Services.AddSharedDatabase(shared);
        builder.Services.AddRunLog(builder.Configuration["Lab:LogPath"] ?? settings.RunLogPath, InstructorKeyFrom(builder.Configuration), shared);
        builder.Services.AddSingleton<LabStatus>();
        // The meter "LabApp": each student's interaction timings (StudentState's InteractionTimings) and the pages' work.
        builder.Services.AddMetrics();
        builder.Services.AddSingleton<LabMetrics>();
        // Lab:WarmStart (appsettings, Lab__WarmStart), else LAB_WARM_START; on unless false.
        builder.Services.AddSingleton<WarmStart>();
        if (WarmStart.IsOn(builder.Configuration[WarmStart.Setting] ?? builder.Configuration["LAB_WARM_START"]))
            builder.Services.AddHostedService<WarmStartService>();
        // The instructor's endpoint and the answers are the same for everyone; each student's choice and own key live in
        // their StudentState, their runs go through their recorder.
        builder.Services.AddSingleton(LlmServerEndpointFrom(builder.Configuration));
        builder.Services.AddSingleton(sp => shared is null
            ? new LlmAnswerCache(settings.LlmAnswerCachePath, sp.GetService<ILogger<LlmAnswerCache>>())
            : new LlmAnswerCache(shared, sp.GetService<ILogger<LlmAnswerCache>>()));
        builder.Services.AddScoped<LlmRunner>();

        // `dotnet run` starts the lab from the checkout (RunWorkingDirectory) and, without a launch profile, in Production,
        // where ASP.NET Core only serves the files a publish copied: the build's manifest maps MudBlazor's and plotly's
        // files (and wwwroot) where they are. A published lab has no manifest, and this does nothing.
        builder.WebHost.UseStaticWebAssets();

        builder.Services.AddSingleton(TimeProvider.System);
        builder.Services.AddScoped<UrlState>();
        builder.Services.AddScoped<StudentState>();
        if (shared is null)
        {
            builder.Services.AddSingleton(Opened("The shared links' file", "Lab:LinksPath", SharedLinksPath(builder.Configuration, settings), path => new SnapshotStore(path)));
            builder.Services.AddSingleton(Opened("The workbooks' file", "Lab:WorkbooksPath", WorkbooksPath(builder.Configuration, settings), path => new WorkbookStore(path)));
            builder.Services.AddSingleton(Opened("The workbooks' file", "Lab:WorkbooksPath", WorkbooksPath(builder.Configuration, settings), path => new ClassSuiteStore(path)));
        }
        else
        {
            builder.Services.AddSingleton(new SnapshotStore(shared));
            builder.Services.AddSingleton(new WorkbookStore(shared));
            builder.Services.AddSingleton(new ClassSuiteStore(shared));
        }

        builder.Services.AddScoped<PageStates>();
        builder.Services.AddScoped<CircuitHandler, PresenterConnection>();
        builder.Services.AddScoped<StudentWorkbook>();
        builder.Services.AddSingleton<ClassBoardFeed>();
        builder.Services.AddSingleton<Presentation>();
        builder.Services.AddScoped<SettledRuns>();
        builder.Services.AddScoped<CustomLabelsRunner>();
        builder.Services.AddScoped<LimitedDataRunner>();
        builder.Services.AddScoped<ConfidenceRunner>();
        builder.Services.AddScoped<FailureAnalysisRunner>();
        builder.Services.AddChapterRunners();

        // Behind nginx (deploy/nginx/lab.conf) the student's address and scheme come in X-Forwarded-For and -Proto; they are
        // believed only from a proxy on this machine (ASP.NET Core's default known proxies: the loopback addresses).
        builder.Services.Configure<ForwardedHeadersOptions>(options => options.ForwardedHeaders = ForwardedHeaders.XForwardedFor | ForwardedHeaders.XForwardedProto);

        builder.Services.AddMudServices();
        // A class's browsers may be slow to answer (old laptops, thirty tabs starting on one machine): SignalR's defaults
        // close a connection whose handshake takes 15 s or whose pings stop for 30 s, and the student sees the
        // reconnect dialog. Twice that keeps a busy browser's circuit (the browser waits as long for the server: lab.js);
        // a closed tab still ends its own.
        // A field's edit travels as one SignalR message: SignalR's default 32 KB closes the connection on a pasted review
        // of some 15,000 characters and drops it. The bound covers the longest a field sends (TypedText.LongestSent, at
        // most 6 bytes a character as escaped JSON) and stays bounded per student.
        builder.Services.AddRazorComponents()
            .AddInteractiveServerComponents()
            .AddHubOptions(hub =>
            {
                hub.HandshakeTimeout = TimeSpan.FromSeconds(30);
                hub.ClientTimeoutInterval = TimeSpan.FromSeconds(60);
                hub.MaximumReceiveMessageSize = 6L * TypedText.LongestSent + 64 * 1024;
            });
    }

    /// <summary>
    /// The chapter pages' runners: per student (they record into the student's run log), over the shared singletons.
    /// </summary>
    public static IServiceCollection AddChapterRunners(this IServiceCollection services)
    {
        services.TryAddScoped<SettledRuns>();
        services.AddScoped<SupervisedRunner>();
        services.AddScoped<ZeroShotRunner>();
        services.AddScoped<TaskSpecificRunner>();
        services.AddScoped<GenerativeRunner>();
        services.AddScoped<ChecklistRunner>();
        services.AddSingleton<ChecklistEvaluator>();
        services.AddSingleton<EmbeddingPreparation>();
        services.AddSingleton<ModelDownload>();
        services.AddSingleton<SplitBrowser>();
        services.AddSingleton<EmbeddingMapRunner>();
        return services;
    }

    /// <summary>
    /// The run log shared by the whole class, each browser's part of it (what pages record through <see cref="IRunRecorder"/>),
    /// and the instructor's class view when <paramref name="instructorKey"/> is set. Needs a <see cref="TimeProvider"/>.
    /// </summary>
    /// <exception cref="StartupException">The run log's file cannot be used.</exception>
    /// <param name="shared">The class's PostgreSQL database, which holds the run log and the data-protection keys instead of <paramref name="logPath"/> and the machine's key folder.</param>
    public static IServiceCollection AddRunLog(this IServiceCollection services, string logPath, string? instructorKey, PostgresDatabase? shared = null)
    {
        services.AddSingleton(shared is null ? Opened("The run log", "--log-path or Lab:LogPath", logPath, path => new RunLog(path)) : new RunLog(shared));
        services.TryAddSingleton(TimeProvider.System);
        services.AddSingleton<KeyAttempts>();
        var protection = services.AddDataProtection();
        // Every server reads the instructor's marker the others protected: one key ring, in the database, under one
        // application name (by default it is the content root, which may differ between servers).
        if (shared is not null)
        {
            protection.SetApplicationName("LabApp").AddKeyManagementOptions(options => options.XmlRepository = new PostgresKeyRing(shared));
            services.AddHostedService(sp => ActivatorUtilities.CreateInstance<FirstKeyOfTheClass>(sp, shared));
        }
        services.AddSingleton(sp => new InstructorKey(instructorKey, sp.GetRequiredService<IDataProtectionProvider>()));
        services.AddScoped<BrowserIdentity>();
        services.AddScoped<StudentRunLog>();
        services.AddScoped<IRunRecorder>(sp => sp.GetRequiredService<StudentRunLog>());
        services.AddScoped<ClassRunLog>();
        return services;
    }

    /// <summary>
    /// What crosses servers when they share <paramref name="database"/>: the presented page (<see cref="PresentationRelay"/>)
    /// and every store's changes, heard by one listener per server (<see cref="ClassChangesListener"/>).
    /// </summary>
    private static void AddSharedDatabase(this IServiceCollection services, PostgresDatabase database)
    {
        services.AddSingleton(database);
        services.AddSingleton<StoreDatabase>(database);
        services.AddSingleton<PresentationRelay>();
        services.AddHostedService<ClassChangesListener>();
    }

    /// <summary>The class's PostgreSQL database when the settings name one (<see cref="ClassDatabase"/>); a database that cannot be used stops the start with its one line.</summary>
    private static PostgresDatabase? SharedDatabaseFrom(IConfiguration configuration)
    {
        try
        {
            return ClassDatabase.Open(configuration);
        }
        catch (StorageException e)
        {
            throw new StartupException(e.Message);
        }
    }

    // Lab:InstructorKey (appsettings, user secrets, Lab__InstructorKey), else LAB_INSTRUCTOR_KEY; none, no class view.
    private static string? InstructorKeyFrom(IConfiguration configuration) =>
        configuration["Lab:InstructorKey"] is { Length: > 0 } key ? key : configuration["LAB_INSTRUCTOR_KEY"] is { Length: > 0 } variable ? variable : null;

    private static int TypedTextCacheSizeFrom(IConfiguration configuration) => configuration["Lab:TypedTextCacheSize"] switch
    {
        null or "" => LabSettings.DefaultTypedTextCacheSize,
        var text when int.TryParse(text, System.Globalization.NumberStyles.None, System.Globalization.CultureInfo.InvariantCulture, out var size) && size > 0 => size,
        var text => throw new StartupException(
            $"Lab:TypedTextCacheSize is \"{text}\": give how many typed texts to keep in memory per model, a whole number of 1 or more (default {LabSettings.DefaultTypedTextCacheSize})."),
    };

    /// <summary>
    /// One of the class's stores (the run log, the workbooks, the shared links), opened at start-up: a path that cannot
    /// hold it (a folder, a file that is no database or is damaged, a read-only disk) stops the start with one line
    /// naming the setting and the file, and the file is left as it was.
    /// </summary>
    private static T Opened<T>(string what, string setting, string path, Func<string, T> open)
    {
        try
        {
            return open(path);
        }
        catch (StorageException e)
        {
            throw new StartupException($"{what} ({setting}) cannot be used: {e.Message}");
        }
    }

    // OPENAI_BASE_URL / OPENAI_API_KEY, overridden by OpenAI:BaseUrl, OpenAI:ApiKey, OpenAI:Model (user secrets, appsettings);
    // Lab:AllowStudentEndpoints, else LAB_ALLOW_STUDENT_ENDPOINTS, else true.
    private static LlmServerEndpoint LlmServerEndpointFrom(IConfiguration configuration)
    {
        var environment = LlmSettings.FromEnvironment();
        var settings = environment with
        {
            BaseUrl = configuration["OpenAI:BaseUrl"] is { Length: > 0 } url ? url : environment.BaseUrl,
            ApiKey = configuration["OpenAI:ApiKey"] is { Length: > 0 } key ? key : environment.ApiKey,
            Model = configuration["OpenAI:Model"] is { Length: > 0 } model ? model : environment.Model,
        };
        var allow = configuration[LlmServerEndpoint.AllowStudentEndpointsSetting]
            ?? Environment.GetEnvironmentVariable(LlmServerEndpoint.AllowStudentEndpointsVariable);
        try
        {
            return new LlmServerEndpoint(settings, LlmServerEndpoint.AllowsStudentEndpoints(allow));
        }
        catch (ArgumentException e)
        {
            throw new StartupException($"The lab's LLM endpoint ({LlmSettings.BaseUrlVariable}, {LlmSettings.ApiKeyVariable}, OpenAI:BaseUrl, OpenAI:ApiKey, OpenAI:Model) cannot be used: {e.Message.Replace($" (Parameter '{e.ParamName}')", "", StringComparison.Ordinal)}");
        }
    }

    // The states students shared with Copy link live beside the run log (Lab:LinksPath moves them): both are the class's, not a cache.
    private static string SharedLinksPath(IConfiguration configuration, LabSettings settings) =>
        configuration["Lab:LinksPath"] is { Length: > 0 } path
            ? path
            : Path.Combine(Path.GetDirectoryName(Path.GetFullPath(configuration["Lab:LogPath"] ?? settings.RunLogPath))!, "lab-links.sqlite");

    // The students' workbooks live beside the run log too (Lab:WorkbooksPath moves them).
    private static string WorkbooksPath(IConfiguration configuration, LabSettings settings) =>
        configuration["Lab:WorkbooksPath"] is { Length: > 0 } path
            ? path
            : Path.Combine(Path.GetDirectoryName(Path.GetFullPath(configuration["Lab:LogPath"] ?? settings.RunLogPath))!, "lab-workbooks.sqlite");

    /// <summary>
    /// An address longer than <see cref="UrlState.LongestServed"/> (typed, or pasted from elsewhere) gets HTTP 414 with a
    /// page that says what to do, rather than a page a reload of it would lose again.
    /// </summary>
    public static void UseAddressLimit(this WebApplication app) => app.Use(async (http, next) =>
    {
        var length = http.Request.Path.Value!.Length + http.Request.QueryString.Value!.Length;
        if (length <= UrlState.LongestServed)
        {
            await next(http);
            return;
        }

        http.Response.StatusCode = StatusCodes.Status414UriTooLong;
        http.Response.ContentType = "text/html; charset=utf-8";
        await http.Response.WriteAsync($"""
            <!doctype html><html lang="en"><head><meta charset="utf-8"><title>Address too long · Text Classification Lab</title></head>
            <body><h1>This address is too long</h1>
            <p>It has {length:N0} characters; the lab takes at most {UrlState.LongestServed:N0}. Open the page from the lab's <a href="/">menu</a>,
            or share a page's state with its <i>Copy link</i> button, whose short link holds any state.</p></body></html>
            """);
    });

    /// <summary>
    /// <c>/log/export.csv</c>, <c>.md</c> and <c>.json</c>: this browser's runs (filtered by <c>?filter=</c>) as a download.
    /// With an instructor key, also the class view: <c>POST /log/class</c> takes the key from the form on <c>/log</c>,
    /// <c>POST /log/class/leave</c> ends the view, and <c>/log/class/export.csv</c>, <c>.md</c> and <c>.json</c> download the class's
    /// runs for a browser holding the marker. Without a key none of these exist.
    /// </summary>
    public static void MapRunLog(this WebApplication app)
    {
        app.MapGet("/log/export.csv", (HttpContext http, RunLog log, string? filter) =>
            Csv(RunLogExport.Browser.ToCsv(log.Find(BrowserIdCookie.Of(http), filter)), "lab-runs.csv")).AddEndpointFilter(StorageProblems);
        app.MapGet("/log/export.md", (HttpContext http, RunLog log, string? filter) =>
            Markdown(RunLogExport.Browser.ToMarkdown(log.Find(BrowserIdCookie.Of(http), filter)), "lab-runs.md")).AddEndpointFilter(StorageProblems);
        app.MapGet("/log/export.json", (HttpContext http, RunLog log, string? filter) =>
            Json(RunLogExport.Browser.ToJson(log.Find(BrowserIdCookie.Of(http), filter)), "lab-runs.json")).AddEndpointFilter(StorageProblems);

        var instructor = app.Services.GetRequiredService<InstructorKey>();
        if (!instructor.IsSet)
            return;
        // No antiforgery token on these two forms: a forged post can only make a victim's browser enter a key the
        // forger already holds (and so show the victim the class's log), or leave the class view.
        var attempts = app.Services.GetRequiredService<KeyAttempts>();
        app.MapPost("/log/class", async (HttpContext http) =>
        {
            if (await KeyOfForm(http) is not { } typed)
                return Results.Text("The instructor's key comes from the form on the run log page (/log): enter it there.", "text/plain; charset=utf-8", statusCode: StatusCodes.Status400BadRequest);
            if (attempts.WaitFor(http.Connection.RemoteIpAddress) is { } wait)
                return Results.Text($"Too many wrong keys from this computer: wait {Math.Ceiling(wait.TotalSeconds):0} s, then enter the key on the run log page (/log) again.",
                    "text/plain; charset=utf-8", statusCode: StatusCodes.Status429TooManyRequests);
            if (!instructor.Matches(typed))
            {
                attempts.Failed(http.Connection.RemoteIpAddress);
                return Results.LocalRedirect("~/log?key=wrong");
            }

            instructor.GrantClassView(http);
            return Results.LocalRedirect("~/log");
        }).DisableAntiforgery();
        app.MapPost("/log/class/leave", (HttpContext http) =>
        {
            InstructorKey.EndClassView(http);
            return Results.LocalRedirect("~/log");
        }).DisableAntiforgery();
        app.MapGet("/log/class/export.csv", (HttpContext http, RunLog log, string? filter) => instructor.ClassViewUntil(http) is null
            ? ClassViewRefused()
            : Csv(RunLogExport.Class.ToCsv(log.FindClass(filter)), "lab-class-runs.csv")).AddEndpointFilter(StorageProblems);
        app.MapGet("/log/class/export.md", (HttpContext http, RunLog log, string? filter) => instructor.ClassViewUntil(http) is null
            ? ClassViewRefused()
            : Markdown(RunLogExport.Class.ToMarkdown(log.FindClass(filter)), "lab-class-runs.md")).AddEndpointFilter(StorageProblems);
        app.MapGet("/log/class/export.json", (HttpContext http, RunLog log, string? filter) => instructor.ClassViewUntil(http) is null
            ? ClassViewRefused()
            : Json(RunLogExport.Class.ToJson(log.FindClass(filter)), "lab-class-runs.json")).AddEndpointFilter(StorageProblems);
    }

    /// <summary>
    /// <c>/workbook/export.md</c>: this browser's workbook as Markdown. With an instructor key, <c>/hand-ins/{id}.md</c>
    /// downloads a hand-in for a browser holding the class-view marker.
    /// </summary>
    public static void MapWorkbook(this WebApplication app)
    {
        app.MapGet("/workbook/export.md", (HttpContext http, WorkbookStore store, TimeProvider time) =>
        {
            var owner = BrowserIdCookie.Of(http);
            return Markdown(WorkbookMarkdown.Write(Workbook.Of(store.NameOf(owner), store.LoadAll(owner)), time.GetUtcNow()), "workbook.md");
        }).AddEndpointFilter(StorageProblems);
        var instructor = app.Services.GetRequiredService<InstructorKey>();
        if (!instructor.IsSet)
            return;
        app.MapGet("/class/export.zip", (HttpContext http, WorkbookStore store, TimeProvider time) => instructor.ClassViewUntil(http) is null
            ? ClassViewRefused()
            : Results.File(ClassExport.Zip(ClassBoard.Students(store.LoadClass(), store.HandIns()), time.GetUtcNow()), "application/zip", "class-workbooks.zip")).AddEndpointFilter(StorageProblems);
        app.MapGet("/hand-ins/{id:long}.md", (HttpContext http, WorkbookStore store, long id) => instructor.ClassViewUntil(http) is null
            ? Results.Text("A hand-in needs the instructor's key: enter it on the run log page (/log).", "text/plain; charset=utf-8", statusCode: StatusCodes.Status403Forbidden)
            : store.HandInById(id) is { } handIn
                ? Markdown(handIn.Markdown, $"workbook-{handIn.Id}-v{handIn.Version}.md")
                : Results.Text($"There is no hand-in {id} on this server.", "text/plain; charset=utf-8", statusCode: StatusCodes.Status404NotFound)).AddEndpointFilter(StorageProblems);
    }

    /// <summary>
    /// An export or hand-in the run log or the workbooks cannot give now (busy, damaged, the disk): HTTP 503 with one line in
    /// the student's words, never a 500; the server's log gets the file and the reason.
    /// </summary>
    private static async ValueTask<object?> StorageProblems(EndpointFilterInvocationContext context, EndpointFilterDelegate next)
    {
        try
        {
            return await next(context);
        }
        catch (StorageException e)
        {
            context.HttpContext.RequestServices.GetRequiredService<ILogger<RunLog>>().LogError(e, "An export could not be read.");
            var reason = e.Problem switch
            {
                StorageProblem.Busy => "the file is busy, held by another program on the server",
                StorageProblem.Damaged => "the file is damaged",
                StorageProblem.Missing => "the file is no longer there",
                StorageProblem.Full => "the server's disk is full",
                _ => "the file cannot be read",
            };
            return Results.Text($"This cannot be downloaded right now: {reason}. Try again in a moment, and tell your instructor if this goes on.",
                "text/plain; charset=utf-8", statusCode: StatusCodes.Status503ServiceUnavailable);
        }
    }

    /// <summary>The key of the form on /log: one field "key" of a url-encoded form of at most a few kilobytes; null for any other body.</summary>
    private static async Task<string?> KeyOfForm(HttpContext http)
    {
        const int LongestKey = 1024;
        if (!http.Request.HasFormContentType || http.Request.ContentLength > 16 * 1024)
            return null;
        try
        {
            var form = await http.Request.ReadFormAsync(new Microsoft.AspNetCore.Http.Features.FormOptions
            {
                ValueLengthLimit = LongestKey,
                ValueCountLimit = 8,
                KeyLengthLimit = 64,
                MultipartBodyLengthLimit = 16 * 1024,
            }, http.RequestAborted);
            return form["key"] is { Count: 1 } key && key[0] is { Length: > 0 and <= LongestKey } text ? text : null;
        }
        catch (Exception e) when (e is InvalidDataException or BadHttpRequestException or IOException)
        {
            return null;
        }
    }

    private static IResult Csv(string text, string fileName) => Results.File(Encoding.UTF8.GetBytes(text), "text/csv; charset=utf-8", fileName);

    private static IResult Json(string text, string fileName) => Results.File(Encoding.UTF8.GetBytes(text), "application/json; charset=utf-8", fileName);

    private static IResult Markdown(string text, string fileName) => Results.File(Encoding.UTF8.GetBytes(text), "text/markdown; charset=utf-8", fileName);

    private static IResult ClassViewRefused() =>
        Results.Text("The class's run log needs the instructor's key: enter it on the run log page (/log).", "text/plain; charset=utf-8", statusCode: StatusCodes.Status403Forbidden);
}
