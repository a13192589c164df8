using System.CommandLine;
using LabApp.LoadTests;
using Microsoft.Playwright;

var students = new Option<int>("--students") { Description = "Simulated students, each with a circuit (and, for browsers, a browser context) of their own.", DefaultValueFactory = _ => 3 };
var clients = new Option<Clients>("--clients")
{
    Description = "protocol: headless clients of Blazor's circuit protocol, all in this process; browser: a Chromium context each.",
    DefaultValueFactory = _ => Clients.Protocol,
};
var arrival = new Option<double>("--arrive-every") { Description = "Seconds between two students' arrivals.", DefaultValueFactory = _ => 1 };
var pauseScale = new Option<double>("--pause-scale") { Description = "With protocol clients: their pauses between moves as a multiple of the tour's 0.2–0.6 s (a class is slower than the tour).", DefaultValueFactory = _ => 1 };
var labEnvironment = new Option<string[]>("--lab-env")
{
    Description = "NAME=VALUE for the lab this program starts, not for the students (e.g. DOTNET_gcServer=0); repeatable.",
    AllowMultipleArgumentsPerToken = false,
    DefaultValueFactory = _ => [],
};
var record = new Option<string?>("--record-batches") { Description = "With protocol clients: a folder for the first student's render batches (batch-N.bin), as received." };
var minutes = new Option<double>("--minutes") { Description = "How long they tour the medium pages, after a warm-up tour.", DefaultValueFactory = _ => 1 };
var url = new Option<Uri?>("--url")
{
    Description = "A lab already running (e.g. http://127.0.0.1:5000); else the built lab is started on a free port over LAB_DATA_DIR and LAB_MODELS_DIR.",
    CustomParser = result =>
    {
        var text = result.Tokens.Single().Value;
        if (Uri.TryCreate(text, UriKind.Absolute, out var address) && address.Scheme is "http" or "https")
            return address;
        result.AddError($"--url takes the lab's address, e.g. http://127.0.0.1:5000, got '{text}'.");
        return null;
    },
};
var serverPid = new Option<int?>("--server-pid") { Description = "With --url: the lab's process id, to follow its memory." };
var firstVisits = new Option<bool>("--first-visits") { Description = "Instead of the tour: wait for the lab's warm start, then open every page once as a new student and time until it shows its numbers." };
var follow = new Option<bool>("--follow") { Description = "Instead of the tour: a protocol instructor presents the confidence page, the students follow, and the instructor moves the threshold; times each move on the instructor's page and every follower's." };
var instructorKey = new Option<string>("--instructor-key") { Description = "With --follow: the instructor's key (given to the lab this program starts; with --url, the running lab's).", DefaultValueFactory = _ => "load-test-instructor" };
var json = new Option<bool>("--json") { Description = "Print the report as JSON (the table goes to stderr)." };
var chromium = new Option<string>("--chromium") { Description = "The Chromium to drive.", DefaultValueFactory = _ => "/usr/bin/chromium" };
var root = new RootCommand("Simulated students touring the lab's medium pages: latency from input event to visible update, errors, lost circuits, server memory and CPU.")
{
    students, minutes, clients, arrival, pauseScale, labEnvironment, url, serverPid, firstVisits, follow, instructorKey, json, chromium, record,
};
root.SetAction(async parsed =>
{
    var settings = new LoadSettings(parsed.GetValue(students), parsed.GetValue(minutes), parsed.GetValue(url), parsed.GetValue(serverPid), parsed.GetValue(chromium)!, parsed.GetValue(firstVisits))
    {
        Clients = parsed.GetValue(clients),
        ArrivalGap = TimeSpan.FromSeconds(parsed.GetValue(arrival)),
        RecordBatches = parsed.GetValue(record),
        PauseScale = parsed.GetValue(pauseScale),
        Follow = parsed.GetValue(follow),
        InstructorKey = parsed.GetValue(instructorKey)!,
        LabEnvironment = parsed.GetValue(labEnvironment)!.Select(v => v.Split('=', 2)).Where(v => v.Length == 2).ToDictionary(v => v[0], v => v[1]),
    };
    if (settings.Students < 1 || settings.Minutes <= 0 || settings.ArrivalGap < TimeSpan.Zero || settings.PauseScale <= 0)
    {
        Console.Error.WriteLine("Give --students 1 or more, --minutes above 0, --arrive-every 0 or more and --pause-scale above 0.");
        return 2;
    }

    if ((settings.Clients == Clients.Browser || settings.FirstVisits) && !File.Exists(settings.Chromium))
    {
        Console.Error.WriteLine($"{settings.Chromium} is missing: install Debian's Chromium (apt-get install -y chromium) or pass --chromium.");
        return 2;
    }

    LoadReport report;
    try
    {
        report = await LoadRun.RunAsync(settings, Console.Error);
    }
    catch (LabUnavailable e)
    {
        Console.Error.WriteLine(e.Message);
        return 2;
    }

    if (parsed.GetValue(json))
    {
        Console.Error.Write(report.ToTable());
        Console.WriteLine(report.ToJson());
    }
    else
        Console.Write(report.ToTable());
    return report.PageErrors == 0 && report.CircuitsLost == 0 && report.ServerCircuitFailures == 0 ? 0 : 1;
});
return await root.Parse(args).InvokeAsync();
