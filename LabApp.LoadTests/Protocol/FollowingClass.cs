using System.Diagnostics;
using System.Globalization;
using System.Net;
using Microsoft.AspNetCore.SignalR;

namespace LabApp.LoadTests.Protocol;

/// <summary>
/// The instructor presents the confidence page and the class follows: one protocol client holding the instructor's key
/// presses Present, every student presses Follow, then the instructor steps and drags the threshold at a demo's pace.
/// Each move is timed from the instructor's event to the render batch that shows the new threshold, on the instructor's
/// page and on every follower's; the lab's CPU over the moves, divided by them, is what one move costs the server.
/// </summary>
public sealed class FollowingClass(Uri lab, string instructorKey, Measurements measurements, TextWriter log)
{
    private static readonly TimeSpan Limit = TimeSpan.FromSeconds(30);
    private const string Route = "medium/confidence";
    private const int FrameMs = 16;

    /// <summary>Opens the instructor and <paramref name="students"/> followers, then moves the threshold until <paramref name="until"/>.</summary>
    public async Task RunAsync(int students, TimeSpan arrivalGap, DateTime until, Func<double> labCpuSeconds)
    {
        await using var instructor = await InstructorAsync();
        await ClickAsync(instructor, "present", tree => tree.Elements().Any(e => e.HasClass("presenting-chip")));
        var followers = new List<BlazorCircuit>();
        try
        {
            foreach (var number in Enumerable.Range(1, students))
            {
                followers.Add(await FollowerAsync());
                await Task.Delay(arrivalGap);
            }

            var following = $"Presenting · {students} following";
            if (!await instructor.WaitForAsync(tree => tree.Elements().Any(e => e.HasClass("presenting-chip") && e.Text.Contains(following, StringComparison.Ordinal)), Limit))
                measurements.Error($"the instructor's page never showed '{following}'");
            log.WriteLine($"{students} students follow; the instructor moves the threshold");

            var (cpu, moves) = (labCpuSeconds(), 0);
            var random = new Random(1);
            var at = ProtocolStudent.Number(ProtocolStudent.Slider(instructor)["value"]!);
            while (DateTime.UtcNow < until)
            {
                // A demo: a drag of ten frames, then a few arrow steps, a second or two apart as the instructor talks.
                var direction = at + 0.10 > 0.5 ? -1 : 1;
                var drag = Enumerable.Range(1, 10).Select(i => Math.Round(at + direction * i * 0.01, 2)).ToArray();
                await MoveAsync(instructor, followers, drag, "drag");
                at = drag[^1];
                moves += drag.Length;
                for (var step = 0; step < 3 && DateTime.UtcNow < until; step++)
                {
                    await Task.Delay(1000 + random.Next(1000));
                    at = Math.Round(at + (at + 0.01 > 0.5 ? -0.01 : 0.01), 2);
                    await MoveAsync(instructor, followers, [at], "step");
                    moves++;
                }

                await Task.Delay(1000 + random.Next(1000));
            }

            var perMove = (labCpuSeconds() - cpu) * 1000 / Math.Max(1, moves);
            measurements.Add("lab CPU per instructor move (ms)", perMove);
            log.WriteLine($"{moves} moves; the lab's CPU per move: {perMove:0.0} ms");
        }
        finally
        {
            foreach (var follower in followers)
                await follower.DisposeAsync();
        }
    }

    // A drag's frames go out as the browser sends them; the followers watch for the last value before the instructor
    // sends it, so each time runs from the instructor's last event to the batch that shows it on a follower's page.
    private async Task MoveAsync(BlazorCircuit instructor, IReadOnlyList<BlazorCircuit> followers, double[] values, string kind)
    {
        foreach (var frame in values[..^1])
        {
            await instructor.DispatchAsync(ProtocolStudent.Slider(instructor), "input", new { value = ProtocolStudent.Text(frame) }, ProtocolStudent.Text(frame));
            await Task.Delay(FrameMs);
        }

        var last = Heading(values[^1]);
        var sent = Stopwatch.StartNew();
        var watching = followers.Select(async follower => await follower.WaitForAsync(tree => Shows(tree, last), Limit) ? sent.Elapsed.TotalMilliseconds : (double?)null).ToArray();
        var presenter = await instructor.SetValuesAsync(ProtocolStudent.Slider(instructor), [ProtocolStudent.Text(values[^1])], 0, (tree, value) => Shows(tree, Heading(ProtocolStudent.Number(value))), Limit);
        measurements.Add($"presenter {kind}", presenter[0]);
        foreach (var latency in await Task.WhenAll(watching))
        {
            measurements.Add($"follower {kind}", latency);
            if (latency is null)
                measurements.Error($"a follower never showed '{last}'");
        }
    }

    private async Task<BlazorCircuit> InstructorAsync()
    {
        var cookies = new CookieContainer();
        var http = new HttpClient(new SocketsHttpHandler { CookieContainer = cookies, AllowAutoRedirect = false }) { Timeout = ProtocolStudent.FirstResultTimeout };
        using var granted = await http.PostAsync(new Uri(lab, "log/class"), new FormUrlEncodedContent([new("key", instructorKey)]));
        if (granted.Headers.Location?.OriginalString.Contains("wrong", StringComparison.Ordinal) != false)
            throw new LabUnavailable("The lab refused the instructor's key: start it with LAB_INSTRUCTOR_KEY set to --instructor-key.");
        return await OpenAsync(http, cookies);
    }

    private async Task<BlazorCircuit> FollowerAsync()
    {
        var cookies = new CookieContainer();
        var follower = await OpenAsync(new HttpClient(new SocketsHttpHandler { CookieContainer = cookies }) { Timeout = ProtocolStudent.FirstResultTimeout }, cookies);
        await ClickAsync(follower, "follow", tree => tree.Elements().Any(e => e.HasClass("stop-following")));
        return follower;
    }

    private async Task<BlazorCircuit> OpenAsync(HttpClient http, CookieContainer cookies)
    {
        var circuit = await BlazorCircuit.OpenAsync(http, cookies, lab, Route, measurements.Error);
        if (!await circuit.WaitForAsync(tree => ProtocolStudent.Headings(tree).Any(h => h.StartsWith("Per review at threshold", StringComparison.Ordinal)), ProtocolStudent.FirstResultTimeout))
            throw new TimeoutException($"{Route} showed no result within {ProtocolStudent.FirstResultTimeout.TotalSeconds} s");
        return circuit;
    }

    private static async Task ClickAsync(BlazorCircuit circuit, string button, Func<RenderedTree, bool> done)
    {
        var shown = await circuit.WaitForAsync(tree => tree.ElementsNamed("button").Any(e => e.HasClass(button)), Limit);
        var target = circuit.Read(tree => tree.ElementsNamed("button").FirstOrDefault(e => e.HasClass(button)));
        if (!shown || target is null || !await circuit.DispatchAsync(target, "click", new { detail = 1, button = 0, type = "click" }))
            throw new HubException($"The page has no {button} button to press.");
        if (!await circuit.WaitForAsync(done, Limit))
            throw new TimeoutException($"Pressing {button} changed nothing within {Limit.TotalSeconds} s.");
    }

    private static bool Shows(RenderedTree tree, string heading) => ProtocolStudent.Headings(tree).Contains(heading);

    private static string Heading(double threshold) => "Per review at threshold " + ProtocolStudent.Text(threshold);
}
