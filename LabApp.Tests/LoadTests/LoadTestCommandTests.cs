using System.Diagnostics;

namespace LabApp.Tests.LoadTests;

/// <summary>The load test's own command line: a lab it cannot start is said in one line with exit 2, as a bad option is.</summary>
public sealed class LoadTestCommandTests
{
    [Fact]
    public async Task Without_the_data_or_a_running_labs_address_it_says_what_to_set_in_one_line_and_exits_2()
    {
        var start = new ProcessStartInfo("dotnet") { RedirectStandardOutput = true, RedirectStandardError = true };
        start.ArgumentList.Add(Path.Combine(AppContext.BaseDirectory, "LabApp.LoadTests.dll"));
        foreach (var arg in new[] { "--students", "1", "--minutes", "1" })
            start.ArgumentList.Add(arg);
        start.Environment.Remove("LAB_DATA_DIR");
        using var process = Process.Start(start) ?? throw new InvalidOperationException("dotnet could not be started.");
        var output = process.StandardOutput.ReadToEndAsync();
        var error = process.StandardError.ReadToEndAsync();

        await process.WaitForExitAsync().WaitAsync(TimeSpan.FromMinutes(1));

        Assert.Equal(2, process.ExitCode);
        Assert.Equal("", await output);
        Assert.Equal(
            "Set LAB_DATA_DIR to the folder holding rotten_tomatoes/ (and LAB_MODELS_DIR to a warm model cache), or pass --url.",
            (await error).TrimEnd('\n'));
    }
}
