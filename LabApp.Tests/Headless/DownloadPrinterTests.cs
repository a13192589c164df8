using LabApp.Core.Hub;
using LabApp.Headless;
using Microsoft.Extensions.Time.Testing;

namespace LabApp.Tests.Headless;

public sealed class DownloadPrinterTests
{
    [Fact]
    public void A_slow_download_prints_a_line_every_two_seconds_while_bytes_arrive_and_one_per_five_percent_otherwise()
    {
        var clock = new FakeTimeProvider();
        var error = new StringWriter();
        var printer = new DownloadPrinter(error, clock);
        const long total = 90_000_000;

        printer.Print(new DownloadProgress("model.onnx", 4_000, total));
        printer.Print(new DownloadProgress("model.onnx", 8_000, total));
        clock.Advance(TimeSpan.FromSeconds(2));
        printer.Print(new DownloadProgress("model.onnx", 8_000, total));
        printer.Print(new DownloadProgress("model.onnx", 12_000, total));
        printer.Print(new DownloadProgress("model.onnx", 4_500_000, total));
        clock.Advance(TimeSpan.FromSeconds(5));
        printer.Print(new DownloadProgress("model.onnx", 4_500_000, total));

        Assert.Equal(
            ["downloading model.onnx: 4 kB of 90.0 MB", "downloading model.onnx: 8 kB of 90.0 MB", "downloading model.onnx: 4.5 MB of 90.0 MB"],
            error.ToString().Split(Environment.NewLine, StringSplitOptions.RemoveEmptyEntries));
    }
}
