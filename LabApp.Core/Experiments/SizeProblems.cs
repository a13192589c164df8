namespace LabApp.Core.Experiments;

/// <summary>What is wrong with a train and a test size, each null when that size can be used.</summary>
public sealed record SizeProblems(string? TrainSize, string? TestSize)
{
    public bool Any => TrainSize is not null || TestSize is not null;
}
