using LabApp.Core;

namespace LabApp.Services;

/// <summary>
/// What <c>info</c> reports (splits, model statuses, device), gathered once and shared by every page and student:
/// the hub probe and the split reads are not repeated per visit. <see cref="Refresh"/> looks again, e.g. after
/// a student placed a model's files by hand.
/// </summary>
internal sealed class LabStatus(IServiceProvider services)
{
    private Task<LabInfo>? _info;

    public Task<LabInfo> GetAsync()
    {
        // A failed gathering is not kept: the next page visit tries again.
        if (_info is { IsFaulted: true } or { IsCanceled: true })
            _info = null;
        return _info ??= LabInfo.GatherAsync(services, CancellationToken.None);
    }

    public Task<LabInfo> RefreshAsync()
    {
        _info = null;
        return GetAsync();
    }
}
