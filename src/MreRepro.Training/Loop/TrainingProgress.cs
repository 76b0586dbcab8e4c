namespace MreRepro.Training.Loop;

/// <summary>One progress report: epoch (1-based), optimizer step out of the total, the step's mean loss, lr used, and throughput of this run so far.</summary>
public sealed record TrainingProgress(
    TrainingEvent Event,
    int Epoch,
    int Epochs,
    long Step,
    long TotalSteps,
    double Loss,
    double LearningRate,
    double GradNorm,
    double TokensPerSecond,
    string? CheckpointPath);
