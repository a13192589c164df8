using System.Runtime.CompilerServices;

namespace LabApp.Tests;

/// <summary>
/// The tests' model and embedding cache: LAB_MODELS_DIR when it is set (a warm cache), else a folder in the system's
/// temp directory, never the checkout's models/, so a test run leaves the checkout as it found it. It is chosen before
/// any test runs, so the in-process commands and the lab servers the tests start read the same folder.
/// </summary>
internal static class TestModelsFolder
{
    [ModuleInitializer]
    internal static void Choose()
    {
        if (string.IsNullOrEmpty(Environment.GetEnvironmentVariable("LAB_MODELS_DIR")))
            Environment.SetEnvironmentVariable("LAB_MODELS_DIR", Path.Combine(Path.GetTempPath(), "labapp-test-models"));
    }
}
