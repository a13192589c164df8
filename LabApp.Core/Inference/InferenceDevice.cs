using Microsoft.ML.OnnxRuntime;

namespace LabApp.Core.Inference;

/// <summary>
/// Where ONNX Runtime runs the models: CUDA when a usable GPU is present, the CPU otherwise, and why.
/// Decided once per process: every session is created with the same provider.
/// </summary>
public sealed record InferenceDevice(string Provider, string Reason)
{
    public bool IsGpu => Provider == "CUDA";

    private static readonly Lazy<InferenceDevice> Detected = new(Detect);

    /// <summary>The device of this process; <c>LAB_DEVICE=cpu</c> forces the CPU.</summary>
    public static InferenceDevice Current => Detected.Value;

    /// <summary>
    /// The threads one run uses: one. Runs side by side on one thread each (one per core, <see cref="ConcurrentRuns"/>)
    /// never wait for one another, while the threads of one run wait at every node for the slowest of them: on the lab's
    /// shared 2-core machine a descheduled thread stalls its whole run. Measured there with other builds running: 1066
    /// test reviews at 245 sentences/s as two one-thread runs against 140/s as one two-thread run, in less CPU time
    /// (README, Benchmarks).
    /// </summary>
    public int ThreadsPerRun { get; init; } = 1;

    /// <summary>
    /// How many runs may go at once without more busy threads than cores (<see cref="InferenceScheduler"/> keeps to
    /// it); one on a GPU, which runs them one after the other anyway.
    /// </summary>
    public int ConcurrentRuns => IsGpu ? 1 : Math.Max(1, Environment.ProcessorCount / ThreadsPerRun);

    /// <summary>Session options for this device: a new object per session, as ONNX Runtime wants.</summary>
    /// <remarks>
    /// The threads of a run do not spin while they wait: on a server shared by a class (and on build machines) a
    /// spinning thread takes a core from the other runs and the web server, and measured no faster here when alone.
    /// One run's graph is executed node after node (sequential, one inter-op thread): the parallelism is in each node.
    /// </remarks>
    public SessionOptions CreateSessionOptions()
    {
        var options = new SessionOptions
        {
            GraphOptimizationLevel = GraphOptimizationLevel.ORT_ENABLE_ALL,
            ExecutionMode = ExecutionMode.ORT_SEQUENTIAL,
            IntraOpNumThreads = ThreadsPerRun,
            InterOpNumThreads = 1,
        };
        options.AddSessionConfigEntry("session.intra_op.allow_spinning", "0");
        if (IsGpu)
            options.AppendExecutionProvider_CUDA(0);
        return options;
    }

    private static InferenceDevice Detect()
    {
        if (string.Equals(Environment.GetEnvironmentVariable("LAB_DEVICE"), "cpu", StringComparison.OrdinalIgnoreCase))
            return new InferenceDevice("CPU", "LAB_DEVICE=cpu");

        // ONNX Runtime would print its own error line while probing CUDA on a machine without it; the reason is reported here instead.
        var environment = QuietEnvironment();
        if (!environment.GetAvailableProviders().Contains("CUDAExecutionProvider"))
            return new InferenceDevice("CPU", "this ONNX Runtime build has no CUDA execution provider");

        try
        {
            // Appending the provider loads the CUDA libraries and opens device 0; without a GPU or its driver this throws.
            using var probe = new SessionOptions();
            probe.AppendExecutionProvider_CUDA(0);
            return new InferenceDevice("CUDA", "CUDA execution provider on GPU 0");
        }
        catch (Exception e) when (e is OnnxRuntimeException or DllNotFoundException or EntryPointNotFoundException)
        {
            // ONNX Runtime prefixes its own error code and function name; the student needs only what failed.
            var cause = FirstLine(e.Message).Split(": ")[^1];
            return new InferenceDevice("CPU", $"no usable GPU: the CUDA execution provider could not start ({cause}); an NVIDIA driver with CUDA and cuDNN is needed");
        }
    }

    // The environment is a process-wide singleton: when a session already created it, it keeps its logging level.
    private static OrtEnv QuietEnvironment()
    {
        if (OrtEnv.IsCreated)
            return OrtEnv.Instance();
        var quiet = new EnvironmentCreationOptions { logLevel = OrtLoggingLevel.ORT_LOGGING_LEVEL_FATAL };
        return OrtEnv.CreateInstanceWithOptions(ref quiet);
    }

    private static string FirstLine(string message)
    {
        var line = message.Split('\n', 2)[0].Trim();
        return line.Length <= 240 ? line : line[..240] + "…";
    }
}
