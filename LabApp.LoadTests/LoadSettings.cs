namespace LabApp.LoadTests;

/// <summary>How the students reach the lab: Blazor's circuit protocol spoken directly, or a Chromium browser each.</summary>
public enum Clients
{
    Protocol,
    Browser,
}

/// <summary>
/// How many students for how long, against which lab, through which clients (with the Chromium for browsers), arriving
/// how far apart; or each page's first visit, or the class following the instructor's demo, instead; where to record
/// the first student's render batches.
/// </summary>
public sealed record LoadSettings(int Students, double Minutes, Uri? Url, int? ServerProcessId, string Chromium, bool FirstVisits = false)
{
    public Clients Clients { get; init; } = Clients.Protocol;

    public TimeSpan ArrivalGap { get; init; } = TimeSpan.FromSeconds(1);

    public string? RecordBatches { get; init; }

    /// <summary>Variables set for the lab this program starts only (GC settings, say), not for the students' process.</summary>
    public IReadOnlyDictionary<string, string> LabEnvironment { get; init; } = new Dictionary<string, string>();

    /// <summary>Protocol students' pauses between two moves, as a multiple of the tour's 0.2–0.6 s.</summary>
    public double PauseScale { get; init; } = 1;

    /// <summary>Instead of the tour: the instructor presents the confidence page, every student follows, the instructor moves the threshold.</summary>
    public bool Follow { get; init; }

    /// <summary>The instructor's key: given to the lab this program starts, entered by the presenting client.</summary>
    public string InstructorKey { get; init; } = "load-test-instructor";
}
