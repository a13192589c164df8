using BenchmarkDotNet.Running;

// BenchmarkDotNet runs the benchmarks in a child process started in its own build folder: folders given relative to
// where the command was typed must be made absolute here, or the child would look for them beside its build.
foreach (var variable in new[] { "LAB_DATA_DIR", "LAB_MODELS_DIR" })
{
    if (Environment.GetEnvironmentVariable(variable) is { Length: > 0 } folder)
        Environment.SetEnvironmentVariable(variable, Path.GetFullPath(folder));
}

BenchmarkSwitcher.FromAssembly(typeof(Program).Assembly).Run(args);
