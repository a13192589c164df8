namespace LabApp.Services;

/// <summary>
/// Which browser this circuit serves, per circuit (scoped). The lab's root component attaches it from the request that
/// opened the page: <c>App.razor</c> reads the cookies during its static render and passes them to the interactive
/// <c>Routes</c> as parameters, which Blazor protects with Data Protection, so a browser cannot claim another's id.
/// This is the way ASP.NET Core's Blazor documentation gives for handing request state to a circuit (a circuit has no
/// HttpContext of its own, and IHttpContextAccessor is not reliable there).
/// </summary>
public sealed class BrowserIdentity(TimeProvider time)
{
    private string? _id;
    private string? _workbookOwner;
    private DateTimeOffset? _classViewUntil;

    /// <summary>The browser's anonymous id (<see cref="BrowserIdCookie"/>).</summary>
    public string Id => _id ?? throw new InvalidOperationException("This circuit has no browser id: the lab's Routes component attaches it.");

    /// <summary>
    /// Whose workbook this circuit keeps: the browser's own, or, for a browser holding the instructor's key when the
    /// circuit began, the instructor's (<see cref="LabApp.Core.Storage.WorkbookStore.InstructorOwner"/>), which is not one of
    /// the class's and so never on its board. Fixed for the circuit, so a key expiring mid-demo moves nothing.
    /// </summary>
    public string WorkbookOwner => _workbookOwner ?? throw new InvalidOperationException("This circuit has no browser id: the lab's Routes component attaches it.");

    /// <summary>Whether the circuit is attached to a browser yet.</summary>
    public bool HasId => _id is not null;

    /// <summary>Whether the browser holds the instructor's class-view marker, and it has not expired.</summary>
    public bool SeesClass => _classViewUntil is { } until && time.GetUtcNow() < until;

    /// <summary>Attaches the circuit to browser <paramref name="id"/>, with its class-view marker's expiry when it has one.</summary>
    public void Attach(string id, DateTimeOffset? classViewUntil)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(id);
        if (_id is not null && _id != id)
            throw new InvalidOperationException("This circuit already belongs to another browser.");
        _id = id;
        _classViewUntil = classViewUntil;
        _workbookOwner = SeesClass ? LabApp.Core.Storage.WorkbookStore.InstructorOwner : id;
    }
}
