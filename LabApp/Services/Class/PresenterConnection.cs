using Microsoft.AspNetCore.Components.Server.Circuits;

namespace LabApp.Services;

/// <summary>
/// Tells a circuit's page states when its connection to the browser goes down and comes back. A reloaded tab's old
/// circuit is not ended at once: Blazor keeps it, disconnected, in case the browser reconnects, so the presentation would
/// wait on it while the reloaded tab asks to present. The presenting circuit's lost connection is the presenter leaving;
/// its connection back (a network blip) is the presenter returning, if no other tab presents meanwhile.
/// </summary>
public sealed class PresenterConnection(PageStates states) : CircuitHandler
{
    public override Task OnConnectionDownAsync(Circuit circuit, CancellationToken cancellationToken)
    {
        states.ConnectionDown();
        return Task.CompletedTask;
    }

    public override Task OnConnectionUpAsync(Circuit circuit, CancellationToken cancellationToken)
    {
        states.ConnectionUp();
        return Task.CompletedTask;
    }
}
