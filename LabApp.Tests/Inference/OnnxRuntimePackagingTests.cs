using LabApp.Core.Inference;

namespace LabApp.Tests.Inference;

public sealed class OnnxRuntimePackagingTests
{
    [Fact]
    public void The_output_holds_one_ONNX_Runtime_the_GPU_build_and_no_ML_NET()
    {
        var output = AppContext.BaseDirectory;
        var linux = Path.Combine(output, "runtimes", "linux-x64", "native");
        var cores = Directory.GetFiles(output, "libonnxruntime.so*", SearchOption.AllDirectories);

        Assert.Equal([Path.Combine(linux, "libonnxruntime.so")], cores);
        Assert.True(File.Exists(Path.Combine(linux, "libonnxruntime_providers_cuda.so")), "the CUDA provider of the GPU package sits beside it");
        Assert.Empty(Directory.GetFiles(output, "Microsoft.ML.dll", SearchOption.AllDirectories));
        Assert.Empty(Directory.GetFiles(output, "SentenceTransformers*.dll", SearchOption.TopDirectoryOnly));
    }

    [Fact]
    public void The_provider_follows_the_machine_and_says_why()
    {
        var device = InferenceDevice.Current;
        var hasNvidiaDriver = File.Exists("/dev/nvidiactl");
        Assert.Equal(hasNvidiaDriver ? "CUDA" : "CPU", device.Provider);
        Assert.False(string.IsNullOrWhiteSpace(device.Reason));
        using var options = device.CreateSessionOptions();
        Assert.NotNull(options);
    }
}
