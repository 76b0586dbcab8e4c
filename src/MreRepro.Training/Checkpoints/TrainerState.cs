using System.Globalization;
using System.Text.Json.Serialization;

namespace MreRepro.Training.Checkpoints;

/// <summary>Counters and run settings stored beside the model and optimizer state of a checkpoint (trainer_state.json).</summary>
internal sealed record TrainerState
{
    [JsonPropertyName("format_version")]
    public int FormatVersion { get; init; } = 1;

    /// <summary>Optimizer steps completed (= the schedule step of the next update).</summary>
    [JsonPropertyName("global_step")]
    public long GlobalStep { get; init; }

    /// <summary>0-based epoch the next step belongs to.</summary>
    [JsonPropertyName("epoch")]
    public int Epoch { get; init; }

    /// <summary>Optimizer steps of <see cref="Epoch"/> already done.</summary>
    [JsonPropertyName("step_in_epoch")]
    public long StepInEpoch { get; init; }

    [JsonPropertyName("last_loss")]
    public double? LastLoss { get; init; }

    /// <summary>Tokens trained on up to this checkpoint, over every run that led to it (0 in older checkpoints).</summary>
    [JsonPropertyName("tokens")]
    public long Tokens { get; init; }

    /// <summary>Sum of the step losses of <see cref="Epoch"/> so far, so a mid-epoch resume still gives the epoch mean.</summary>
    [JsonPropertyName("epoch_loss_sum")]
    public double EpochLossSum { get; init; }

    /// <summary>How many step losses <see cref="EpochLossSum"/> holds.</summary>
    [JsonPropertyName("epoch_loss_steps")]
    public long EpochLossSteps { get; init; }

    /// <summary>Mean step loss of the last completed epoch, if known.</summary>
    [JsonPropertyName("last_epoch_mean_loss")]
    public double? LastEpochMeanLoss { get; init; }

    /// <summary>Every completed epoch's losses, so a resumed run reports and selects over the whole history.</summary>
    [JsonPropertyName("epoch_losses")]
    public IReadOnlyList<EpochLoss> EpochLosses { get; init; } = [];

    /// <summary>The 1-based epoch with the lowest validation loss so far (null without validation); its weights are in best.bin.</summary>
    [JsonPropertyName("best_epoch")]
    public int? BestEpoch { get; init; }

    [JsonPropertyName("run")]
    public required RunFingerprint Run { get; init; }
}

/// <summary>The settings that must match for a checkpoint to be resumable.</summary>
internal sealed record RunFingerprint
{
    [JsonPropertyName("example_count")]
    public int ExampleCount { get; init; }

    [JsonPropertyName("batch_size")]
    public int BatchSize { get; init; }

    [JsonPropertyName("gradient_accumulation")]
    public int GradientAccumulation { get; init; }

    [JsonPropertyName("epochs")]
    public int Epochs { get; init; }

    [JsonPropertyName("total_steps")]
    public long TotalSteps { get; init; }

    [JsonPropertyName("seed")]
    public long Seed { get; init; }

    [JsonPropertyName("shuffle")]
    public bool Shuffle { get; init; }

    [JsonPropertyName("learning_rate")]
    public double LearningRate { get; init; }

    [JsonPropertyName("warmup_steps")]
    public long WarmupSteps { get; init; }

    [JsonPropertyName("schedule")]
    public string Schedule { get; init; } = "";

    [JsonPropertyName("weight_decay")]
    public double WeightDecay { get; init; }

    [JsonPropertyName("max_grad_norm")]
    public double MaxGradNorm { get; init; }

    /// <summary>Early-stopping patience with validation; null when the run has no validation.</summary>
    [JsonPropertyName("validation_patience")]
    public int? ValidationPatience { get; init; }

    /// <summary>Names of the differing settings, rendered as "name: checkpoint X, now Y".</summary>
    public IReadOnlyList<string> Differences(RunFingerprint now)
    {
        var result = new List<string>();
        void Check<T>(string name, T saved, T current)
        {
            if (!EqualityComparer<T>.Default.Equals(saved, current))
                result.Add(FormattableString.Invariant($"{name}: checkpoint {saved}, now {current}"));
        }

        Check("example_count", ExampleCount, now.ExampleCount);
        Check("batch_size", BatchSize, now.BatchSize);
        Check("gradient_accumulation", GradientAccumulation, now.GradientAccumulation);
        Check("epochs", Epochs, now.Epochs);
        Check("total_steps", TotalSteps, now.TotalSteps);
        Check("seed", Seed, now.Seed);
        Check("shuffle", Shuffle, now.Shuffle);
        Check("learning_rate", LearningRate, now.LearningRate);
        Check("warmup_steps", WarmupSteps, now.WarmupSteps);
        Check("schedule", Schedule, now.Schedule);
        Check("weight_decay", WeightDecay, now.WeightDecay);
        Check("max_grad_norm", MaxGradNorm, now.MaxGradNorm);
        Check("validation_patience", ValidationPatience?.ToString(CultureInfo.InvariantCulture) ?? "none", now.ValidationPatience?.ToString(CultureInfo.InvariantCulture) ?? "none");
        return result;
    }
}
