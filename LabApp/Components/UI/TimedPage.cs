using LabApp.Services;
using Microsoft.AspNetCore.Components;

namespace LabApp.Components.UI;

/// <summary>
/// A page whose inputs are timed from the server receiving them to the browser showing their result
/// (<see cref="InteractionTimings"/>): the student's state says when an input came and when its result is in, and this
/// says when the browser has applied a render. Blazor Server calls after-render once the browser acknowledged the batch.
/// </summary>
public abstract class TimedPage : ComponentBase, IHandleAfterRender
{
    private bool _rendered;

    [Inject] protected StudentState Student { get; set; } = default!;

    /// <summary>Where the page's state is kept: the student's workbook, the address and shared links.</summary>
    [Inject] protected PageStates States { get; set; } = default!;

    /// <summary>
    /// Opens the page's state (<see cref="PageStates.Open{TWork}(IPageState{TWork}, Func{Action, Task})"/>) so that the
    /// instructor can present it and a following student's page shows the presenter's state, redrawn as it changes.
    /// </summary>
    protected string? OpenState<TWork>(IPageState<TWork> state) where TWork : class =>
        States.Open(state, show => InvokeAsync(() =>
        {
            show();
            StateHasChanged();
        }));

    /// <summary>The page's work of one kind (scoring, training), its finished runs timed for the lab's metrics.</summary>
    protected PageRun NewRun(string page, string kind) =>
        new(() => InvokeAsync(StateHasChanged), ran: elapsed => Student.Interactions.Ran(page, kind, elapsed), invoke: InvokeAsync);

    // ComponentBase implements this privately; re-implementing it is the one place that sees every render of the page.
    Task IHandleAfterRender.OnAfterRenderAsync()
    {
        Student.Interactions.Rendered();
        var firstRender = !_rendered;
        _rendered = true;
        OnAfterRender(firstRender);
        return OnAfterRenderAsync(firstRender);
    }
}
