using System.Diagnostics;
using System.Globalization;
using LabApp.LoadTests.Protocol;
using Microsoft.Playwright;

namespace LabApp.LoadTests;

/// <summary>
/// The whole run: the lab, a warm-up tour, then every student at once while the lab's memory is sampled. Students are
/// protocol clients (<see cref="ProtocolStudent"/>, all in this process) or Chromium contexts (<see cref="SimulatedStudent"/>, one browser).
/// </summary>
public static class LoadRun
{
    private static readonly TimeSpan MemoryInterval = TimeSpan.FromSeconds(5);

    public static async Task<LoadReport> RunAsync(LoadSettings settings, TextWriter log)
    {
        var environment = settings.Follow ? new Dictionary<string, string>(settings.LabEnvironment) { ["LAB_INSTRUCTOR_KEY"] = settings.InstructorKey } : settings.LabEnvironment;
        await using var lab = settings.Url is { } address ? LabUnderTest.Running(address, settings.ServerProcessId) : await LabUnderTest.StartAsync(log, environment);
        log.WriteLine($"lab at {lab.Address} (process {lab.ProcessId})");
        if (settings.Follow)
            return await FollowAsync(settings, lab, log);
        if (settings.Clients == Clients.Protocol && !settings.FirstVisits)
            return await ClassAsync(settings, lab, log, (student, measurements, until, visits) =>
                new ProtocolStudent(lab.Address, measurements, student, settings.PauseScale, student == 1 ? Recorder(settings.RecordBatches) : null).RunAsync(until, visits));

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

        return await ClassAsync(settings, lab, log, (student, measurements, until, visits) =>
            new SimulatedStudent(browser, lab.Address, measurements, student).RunAsync(until, visits));
    }

    private delegate Task Tour(int student, Measurements measurements, DateTime until, int visits);

    private static async Task<LoadReport> ClassAsync(LoadSettings settings, LabUnderTest lab, TextWriter log, Tour tour)
    {
        // One tour first, so the students meet a lab whose models are loaded and whose shared results are computed.
        log.WriteLine($"warm-up tour ({settings.Clients.ToString().ToLowerInvariant()} clients)");
        var warmUp = new Measurements();
        await tour(0, warmUp, DateTime.UtcNow.AddMinutes(10), 4);
        foreach (var error in warmUp.Report(settings, 0).FirstErrors)
            log.WriteLine($"warm-up: {error}");

        var measurements = new Measurements();
        var (serverCpu, machineCpu, ownCpu) = (lab.CpuSeconds(), LabUnderTest.MachineBusySeconds(), Process.GetCurrentProcess().TotalProcessorTime);
        var clock = Stopwatch.StartNew();
        using var sampling = new CancellationTokenSource();
        var sampler = SampleMemoryAsync(lab, measurements, clock, sampling.Token);
        var until = DateTime.UtcNow.AddMinutes(settings.Minutes);
        log.WriteLine($"{settings.Students} students for {settings.Minutes} min, arriving {settings.ArrivalGap.TotalSeconds:0.###} s apart");
        // Students arrive one after another, as a class opening the lab's address does, not in one instant.
        await Task.WhenAll(Enumerable.Range(1, settings.Students).Select(async n =>
        {
            await Task.Delay(settings.ArrivalGap * (n - 1));
            if (n == settings.Students)
                log.WriteLine($"all {n} students in after {clock.Elapsed.TotalSeconds:0} s");
            await tour(n, measurements, until, int.MaxValue);
        }));
        await sampling.CancelAsync();
        await sampler;
        var own = (Process.GetCurrentProcess().TotalProcessorTime - ownCpu).TotalSeconds;
        measurements.Cpu(new CpuUse(lab.CpuSeconds() - serverCpu, LabUnderTest.MachineBusySeconds() - machineCpu, clock.Elapsed.TotalSeconds, Environment.ProcessorCount) { LoadTestSeconds = own });
        if (lab.ResidentMegabytes() is { } last)
            measurements.Memory(clock.Elapsed, last);
        if (settings.Clients == Clients.Protocol)
            log.WriteLine("JS calls answered: " + string.Join(", ", BrowserAnswers.Asked.OrderByDescending(a => a.Value).Select(a => $"{a.Key} {a.Value}")));
        return measurements.Report(settings, lab.CircuitFailures);
    }

    private static async Task<LoadReport> FollowAsync(LoadSettings settings, LabUnderTest lab, TextWriter log)
    {
        var measurements = new Measurements();
        var (serverCpu, machineCpu, ownCpu) = (lab.CpuSeconds(), LabUnderTest.MachineBusySeconds(), Process.GetCurrentProcess().TotalProcessorTime);
        var clock = Stopwatch.StartNew();
        log.WriteLine($"the instructor presents; {settings.Students} students follow, arriving {settings.ArrivalGap.TotalSeconds:0.###} s apart");
        try
        {
            await new FollowingClass(lab.Address, settings.InstructorKey, measurements, log)
                .RunAsync(settings.Students, settings.ArrivalGap, DateTime.UtcNow.AddMinutes(settings.Minutes) + settings.ArrivalGap * settings.Students, () => lab.CpuSeconds() ?? 0);
        }
        catch (Exception e) when (e is InvalidOperationException or TimeoutException or HttpRequestException or Microsoft.AspNetCore.SignalR.HubException or IOException)
        {
            measurements.Error(e.Message.Split('\n', 2)[0]);
        }

        var own = (Process.GetCurrentProcess().TotalProcessorTime - ownCpu).TotalSeconds;
        measurements.Cpu(new CpuUse(lab.CpuSeconds() - serverCpu, LabUnderTest.MachineBusySeconds() - machineCpu, clock.Elapsed.TotalSeconds, Environment.ProcessorCount) { LoadTestSeconds = own });
        if (lab.ResidentMegabytes() is { } megabytes)
            measurements.Memory(clock.Elapsed, megabytes);
        return measurements.Report(settings, lab.CircuitFailures);
    }

    // The first student's batches, one file each, for the decoder's test fixtures.
    private static Action<long, byte[]>? Recorder(string? folder)
    {
        if (folder is null)
            return null;
        Directory.CreateDirectory(folder);
        return (batchId, data) => File.WriteAllBytes(Path.Combine(folder, $"batch-{batchId.ToString(CultureInfo.InvariantCulture)}.bin"), data);
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
