using LabApp.Core.Data;

namespace LabApp.Core.Runners;

/// <summary>The data page's reading: a split and its summary, computed off the page's thread.</summary>
public sealed class SplitBrowser(RottenTomatoes dataset)
{
    public async Task<SplitView> OpenAsync(string split, CancellationToken cancellationToken)
    {
        var reviews = await dataset.LoadAsync(split, cancellationToken: cancellationToken);
        var summary = await Task.Run(() => SplitSummary.Of(reviews), cancellationToken);
        return new SplitView(reviews, summary);
    }
}

/// <summary>A split as the data page shows it: its reviews and how many of each label, how long.</summary>
public sealed record SplitView(ReviewSplit Split, SplitSummary Summary);
