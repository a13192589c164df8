using System.Diagnostics;
using Microsoft.Playwright;

namespace LabApp.LoadTests;

/// <summary>The whole run: the lab, one Chromium, a warm-up tour, then every student at once while the lab's memory is sampled.</summary>
public static class LoadRun
{
    private static readonly TimeSpan MemoryInterval = TimeSpan.FromSeconds(5);

    public static async Task<LoadReport> RunAsync(LoadSettings settings, TextWriter log)
    {
        await using var lab = settings.Url is { } address ? LabUnderTest.Running(address, settings.ServerProcessId) : await LabUnderTest.StartAsync(log);
        log.WriteLine($"lab at {lab.Address}");
        using var playwright = await Playwright.CreateAsync();
        await using var browser = await playwright.Chromium.LaunchAsync(new BrowserTypeLaunchOptions
        {
            ExecutablePath = settings.Chromium,
            Headless = true,
            // Without these, Chromium keeps trying hosts a closed network refuses.
            Args = ["--no-sandbox", "--disable-gpu", "--disable-background-networking", "--disable-component-update", "--disable-sync", "--no-first-run"],
        });

        if (settings.FirstVisits)
        {
            log.WriteLine("waiting for the warm start");
            await lab.WarmStartDone.WaitAsync(TimeSpan.FromMinutes(15));
            return new LoadReport(0, 0, DateTimeOffset.UtcNow, [], 0, [], 0, 0, lab.CircuitFailures, [], null, null, await FirstVisits.RunAsync(browser, lab.Address));
        }

        // One tour first, so the students meet a lab whose models are loaded and whose shared results are computed.
        log.WriteLine("warm-up tour");
        var warmUp = new Measurements();
        await new SimulatedStudent(browser, lab.Address, warmUp, 0).RunAsync(DateTime.UtcNow.AddMinutes(10), visits: 4);
        foreach (var error in warmUp.Report(settings, 0).FirstErrors)
            log.WriteLine($"warm-up: {error}");

        var measurements = new Measurements();
        var (serverCpu, machineCpu) = (lab.CpuSeconds(), LabUnderTest.MachineBusySeconds());
        var clock = Stopwatch.StartNew();
        using var sampling = new CancellationTokenSource();
        var sampler = SampleMemoryAsync(lab, measurements, clock, sampling.Token);
        var until = DateTime.UtcNow.AddMinutes(settings.Minutes);
        log.WriteLine($"{settings.Students} students for {settings.Minutes} min");
        // Students arrive a second apart, as a class opening the lab's address does, not in one instant.
        await Task.WhenAll(Enumerable.Range(1, settings.Students).Select(async n =>
        {
            await Task.Delay(TimeSpan.FromSeconds(n - 1));
            await new SimulatedStudent(browser, lab.Address, measurements, n).RunAsync(until);
        }));
        await sampling.CancelAsync();
        await sampler;
        measurements.Cpu(new CpuUse(lab.CpuSeconds() - serverCpu, LabUnderTest.MachineBusySeconds() - machineCpu, clock.Elapsed.TotalSeconds, Environment.ProcessorCount));
        if (lab.ResidentMegabytes() is { } last)
            measurements.Memory(clock.Elapsed, last);
        return measurements.Report(settings, lab.CircuitFailures);
    }

    private static async Task SampleMemoryAsync(LabUnderTest lab, Measurements measurements, Stopwatch clock, CancellationToken stop)
    {
        using var timer = new PeriodicTimer(MemoryInterval);
        try
        {
            do
            {
                if (lab.ResidentMegabytes() is { } megabytes)
                    measurements.Memory(clock.Elapsed, megabytes);
            }
            while (await timer.WaitForNextTickAsync(stop));
        }
        catch (OperationCanceledException)
        {
            // The run is over.
        }
    }
}
