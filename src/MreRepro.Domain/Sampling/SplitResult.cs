namespace MreRepro.Domain.Sampling;

/// <summary>Original row positions (0-based) of the train and test draws, each in draw order.</summary>
public sealed record SplitResult(IReadOnlyList<int> TrainRows, IReadOnlyList<int> TestRows);
