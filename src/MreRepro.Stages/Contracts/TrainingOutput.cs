using MreRepro.Training.Checkpoints;

namespace MreRepro.Stages.Contracts;

/// <summary>What a finetune instance writes beside its model's files.</summary>
public static class FineTuneOutput
{
    public const string Training = "training.json";
}

/// <summary>training.json of the pretrain and t5pretrain stages: texts trained on, vocabulary size, the run.</summary>
public sealed record PretrainingSummary(int Texts, int Vocabulary, TrainingRecord Training);

/// <summary>
/// training.json of a finetune instance (one seed, beside its model): dataset, condition, label order, the records it
/// trained on and held out (ids of the held-out ones), the run, every epoch's mean training loss and held-out answer
/// loss, the epoch whose weights were saved (the lowest held-out loss; the last epoch without validation) and whether
/// training stopped early.
/// </summary>
public sealed record FineTuneSummary(string Dataset, string Condition, IReadOnlyList<string> Labels, int Seed,
    int TrainExamples, IReadOnlyList<string> ValidationIds, TrainingRecord Training, IReadOnlyList<EpochLoss> PerEpoch,
    int ChosenEpoch, bool StoppedEarly, int? TruncatedRecords = null);
