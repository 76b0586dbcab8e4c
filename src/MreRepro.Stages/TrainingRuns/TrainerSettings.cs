using MreRepro.Stages.Parameters;
using MreRepro.Training.Loop;
using MreRepro.Training.Schedules;

namespace MreRepro.Stages.TrainingRuns;

/// <summary>The one mapping from a params.yaml training section to the trainer's options.</summary>
public static class TrainerSettings
{
    public static TrainerOptions Options(ITrainingParameters p, long seed, string? checkpointDir) => new()
    {
        LearningRate = p.LearningRate,
        WarmupSteps = p.WarmupSteps,
        Epochs = p.Epochs,
        BatchSize = p.BatchSize,
        GradientAccumulation = p.GradientAccumulation,
        WeightDecay = p.WeightDecay,
        MaxGradNorm = p.MaxGradNorm,
        Schedule = p.Schedule == DecaySchedule.Constant ? ScheduleKind.Constant : ScheduleKind.Linear,
        Seed = seed,
        CheckpointDir = checkpointDir,
    };
}
