using System.Text.Json.Serialization;
using MreRepro.Training.Checkpoints;

namespace MreRepro.Training.Loop;

/// <summary>
/// What a training call did, ready to be written as JSON. Tokens and the loss means cover the whole run, resumes
/// included. <see cref="EpochLosses"/> lists every completed epoch; with validation, <see cref="BestEpoch"/> (1-based)
/// is the epoch whose weights the model holds at the end and <see cref="StoppedEarly"/> says whether patience ran out.
/// </summary>
public sealed record TrainingRunSummary(
    [property: JsonPropertyName("steps")] long Steps,
    [property: JsonPropertyName("total_steps")] long TotalSteps,
    [property: JsonPropertyName("steps_this_run")] long StepsThisRun,
    [property: JsonPropertyName("epochs")] int Epochs,
    [property: JsonPropertyName("final_loss")] double? FinalLoss,
    [property: JsonPropertyName("last_epoch_mean_loss")] double? LastEpochMeanLoss,
    [property: JsonPropertyName("tokens_this_run")] long TokensThisRun,
    [property: JsonPropertyName("tokens")] long Tokens,
    [property: JsonPropertyName("tokens_per_second")] double? TokensPerSecond,
    [property: JsonPropertyName("duration_seconds")] double DurationSeconds,
    [property: JsonPropertyName("resumed_from")] string? ResumedFrom,
    [property: JsonPropertyName("resumed_from_step")] long? ResumedFromStep,
    [property: JsonPropertyName("last_checkpoint")] string? LastCheckpoint,
    [property: JsonPropertyName("epoch_losses")] IReadOnlyList<EpochLoss>? EpochLosses = null,
    [property: JsonPropertyName("best_epoch")] int? BestEpoch = null,
    [property: JsonPropertyName("stopped_early")] bool StoppedEarly = false);
