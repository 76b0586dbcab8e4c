using System.Text.Json.Serialization;

namespace MreRepro.Training.Checkpoints;

/// <summary>One completed epoch (1-based; kept in the checkpoint state so a resumed run keeps its history): the mean of its step losses (null when a resumed checkpoint lacked them) and the held-out loss after it (null without validation).</summary>
public sealed record EpochLoss(
    [property: JsonPropertyName("epoch")] int Epoch,
    [property: JsonPropertyName("train_loss")] double? TrainLoss,
    [property: JsonPropertyName("validation_loss")] double? ValidationLoss);
