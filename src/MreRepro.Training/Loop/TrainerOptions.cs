using MreRepro.Training.Optimization;
using MreRepro.Training.Schedules;

namespace MreRepro.Training.Loop;

/// <summary>Hyper-parameters of a supervised run: AdamW, warmup schedule, epochs, micro-batch size, accumulation, clipping, seed and checkpointing.</summary>
public sealed record TrainerOptions
{
    /// <summary>Peak learning rate (paper: 1e-5).</summary>
    public double LearningRate { get; init; } = 1e-5;

    /// <summary>Linear warmup from 0 over this many optimizer steps (paper: 100).</summary>
    public long WarmupSteps { get; init; } = 100;

    /// <summary>Passes over the examples (paper: 3).</summary>
    public int Epochs { get; init; } = 3;

    /// <summary>Examples per micro-batch (one call of the loss function); the effective batch is BatchSize × GradientAccumulation.</summary>
    public int BatchSize { get; init; } = 1;

    /// <summary>Micro-batches per optimizer step.</summary>
    public int GradientAccumulation { get; init; } = 1;

    public double WeightDecay { get; init; }

    /// <summary>Global L2 gradient-norm clip; 0 turns clipping off.</summary>
    public double MaxGradNorm { get; init; }

    public ScheduleKind Schedule { get; init; } = ScheduleKind.Linear;

    public double Beta1 { get; init; } = 0.9;

    public double Beta2 { get; init; } = 0.999;

    public double Epsilon { get; init; } = 1e-8;

    /// <summary>Names that get no weight decay; default "bias" / "norm" in any case.</summary>
    public Func<string, bool> NoDecay { get; init; } = WeightDecayExclusion.BiasAndNorm;

    /// <summary>Extra parameter groups with their own lr / decay / schedule (e.g. a verbalizer).</summary>
    public IReadOnlyList<ParameterGroupRule> ExtraGroups { get; init; } = [];

    /// <summary>Seeds torch at the start of a fresh run and the per-epoch example shuffle.</summary>
    public long Seed { get; init; } = 42;

    /// <summary>False keeps the given example order in every epoch.</summary>
    public bool Shuffle { get; init; } = true;

    /// <summary>Folder for checkpoints; null trains without checkpoints or resume.</summary>
    public string? CheckpointDir { get; init; }

    public bool SaveEveryEpoch { get; init; } = true;

    /// <summary>Also checkpoint every N optimizer steps; 0 turns this off.</summary>
    public long SaveEverySteps { get; init; }

    /// <summary>Keep only the newest N checkpoints; 0 keeps all.</summary>
    public int KeepCheckpoints { get; init; }

    /// <summary>Include frozen parameters in checkpoints (false: resume needs the caller to rebuild the frozen base identically, e.g. under LoRA).</summary>
    public bool CheckpointFrozenParameters { get; init; }

    /// <summary>Resume from the newest complete checkpoint in <see cref="CheckpointDir"/> when there is one.</summary>
    public bool Resume { get; init; } = true;

    internal AdamWOptions ToAdamW() => new()
    {
        LearningRate = LearningRate,
        WeightDecay = WeightDecay,
        Beta1 = Beta1,
        Beta2 = Beta2,
        Epsilon = Epsilon,
        NoDecay = NoDecay,
        ExtraGroups = ExtraGroups,
    };

    internal void Validate()
    {
        static string F(double v) => v.ToString(System.Globalization.CultureInfo.InvariantCulture);
        if (!(LearningRate >= 0))
            throw new TrainingException($"Training option learning_rate must be >= 0, got {F(LearningRate)}.");
        if (WarmupSteps < 0)
            throw new TrainingException($"Training option warmup_steps must be >= 0, got {WarmupSteps}.");
        if (Epochs < 1)
            throw new TrainingException($"Training option epochs must be >= 1, got {Epochs}.");
        if (BatchSize < 1)
            throw new TrainingException($"Training option batch_size must be >= 1, got {BatchSize}.");
        if (GradientAccumulation < 1)
            throw new TrainingException($"Training option gradient_accumulation must be >= 1, got {GradientAccumulation}.");
        if (!(WeightDecay >= 0))
            throw new TrainingException($"Training option weight_decay must be >= 0, got {F(WeightDecay)}.");
        if (!(MaxGradNorm >= 0))
            throw new TrainingException($"Training option max_grad_norm must be >= 0 (0 = off), got {F(MaxGradNorm)}.");
        if (SaveEverySteps < 0 || KeepCheckpoints < 0)
            throw new TrainingException("Training options save_every_steps and keep_checkpoints must be >= 0.");
    }
}
