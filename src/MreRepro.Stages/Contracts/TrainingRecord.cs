using MreRepro.Training.Loop;

namespace MreRepro.Stages.Contracts;

/// <summary>The deterministic part of a training run, for stage outputs (durations and speeds vary, so they are only printed).</summary>
public sealed record TrainingRecord(long Steps, int Epochs, double? FinalLoss, double? LastEpochMeanLoss, long Tokens)
{
    public static TrainingRecord From(TrainingRunSummary s) => new(s.Steps, s.Epochs, s.FinalLoss, s.LastEpochMeanLoss, s.Tokens);
}
