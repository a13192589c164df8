namespace LabApp.Tests.Inference;

/// <summary>Records reports on the reporting thread; <see cref="Progress{T}"/> would post them later to the thread pool.</summary>
internal sealed class SynchronousProgress(List<int> reports) : IProgress<int>
{
    public void Report(int value) => reports.Add(value);
}
