namespace MreRepro.Stages.Contracts;

/// <summary>training.json of the pretrain and t5pretrain stages: texts trained on, vocabulary size, the run.</summary>
public sealed record PretrainingSummary(int Texts, int Vocabulary, TrainingRecord Training);

/// <summary>training.json of a finetune instance: its dataset, condition, label order and one run per seed.</summary>
public sealed record FineTuneSummary(string Dataset, string Condition, IReadOnlyList<string> Labels, IReadOnlyList<SeedRun> Runs);

/// <summary>One seed's fine-tuning run.</summary>
public sealed record SeedRun(int Seed, TrainingRecord Training);
