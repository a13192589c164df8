using LabApp.Services;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Diagnostics.Metrics.Testing;
using Microsoft.Extensions.Time.Testing;

namespace LabApp.Tests.Web;

/// <summary>The meter "LabApp" as dotnet-counters reads it, on a fake clock so the durations are exact.</summary>
public sealed class InteractionTimingsTests : IDisposable
{
    private readonly ServiceProvider _services = new ServiceCollection().AddMetrics().AddSingleton<LabMetrics>().BuildServiceProvider();
    private readonly FakeTimeProvider _clock = new();
    private readonly MetricCollector<double> _interactions;
    private readonly MetricCollector<double> _inference;
    private readonly InteractionTimings _timings;

    public InteractionTimingsTests()
    {
        var meters = _services.GetRequiredService<System.Diagnostics.Metrics.IMeterFactory>();
        _interactions = new MetricCollector<double>(meters, LabMetrics.MeterName, "labapp.interaction.duration");
        _inference = new MetricCollector<double>(meters, LabMetrics.MeterName, "labapp.inference.duration");
        _timings = new InteractionTimings(_services.GetRequiredService<LabMetrics>(), _clock);
    }

    [Fact]
    public void A_threshold_step_is_timed_to_the_next_render_by_page_and_kind()
    {
        _timings.Instant("/medium/confidence", "threshold");
        _clock.Advance(TimeSpan.FromMilliseconds(12));
        _timings.Rendered();
        _clock.Advance(TimeSpan.FromMilliseconds(500));
        _timings.Rendered();

        var measured = Assert.Single(_interactions.GetMeasurementSnapshot());
        Assert.Equal(12, measured.Value, 6);
        Assert.Equal("/medium/confidence", measured.Tags["page"]);
        Assert.Equal("threshold", measured.Tags["kind"]);
    }

    [Fact]
    public void A_label_edit_waits_for_its_result_and_a_later_keystroke_replaces_the_earlier()
    {
        _timings.Input("/medium/custom-labels", "label-edit");
        _clock.Advance(TimeSpan.FromMilliseconds(40));
        _timings.Input("/medium/custom-labels", "label-edit");
        _clock.Advance(TimeSpan.FromMilliseconds(100));
        // The renders of the keystrokes themselves show no result yet.
        _timings.Rendered();
        Assert.Empty(_interactions.GetMeasurementSnapshot());

        _clock.Advance(TimeSpan.FromMilliseconds(60));
        _timings.Computed("/medium/custom-labels");
        _clock.Advance(TimeSpan.FromMilliseconds(5));
        _timings.Rendered();

        var measured = Assert.Single(_interactions.GetMeasurementSnapshot());
        Assert.Equal(165, measured.Value, 6);
        Assert.Equal("label-edit", measured.Tags["kind"]);
    }

    [Fact]
    public void A_result_on_one_page_does_not_end_an_input_of_another()
    {
        _timings.Input("/medium/limited-data", "train-size");
        _timings.Computed("/medium/confidence");
        _timings.Rendered();

        Assert.Empty(_interactions.GetMeasurementSnapshot());
    }

    [Fact]
    public void A_page_s_work_is_recorded_as_inference()
    {
        _timings.Ran("/medium/limited-data", "train", TimeSpan.FromMilliseconds(830));

        var measured = Assert.Single(_inference.GetMeasurementSnapshot());
        Assert.Equal(830, measured.Value, 6);
        Assert.Equal("train", measured.Tags["kind"]);
    }

    public void Dispose()
    {
        _interactions.Dispose();
        _inference.Dispose();
        _services.Dispose();
    }
}
