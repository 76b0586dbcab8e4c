using System.Text.Json;
using MreRepro.Domain.Prompts;
using MreRepro.Domain.Records;
using MreRepro.Files;
using MreRepro.Stages.Common;
using MreRepro.Stages.Contracts;
using MreRepro.Stages.Datasets;
using MreRepro.Stages.ModelAccess;
using MreRepro.Stages.TrainingRuns;
using MreRepro.Training.Loop;
using MreRepro.Training.Lora;

namespace MreRepro.Stages.FineTune;

/// <summary>
/// Supervised fine-tuning of the decoder for one dataset and condition, once per seed: loss on the answer tokens
/// only, AdamW with warmup then linear (or constant) schedule, optional LoRA merged before saving. Each seed's
/// weights are saved in the Hugging Face layout together with the tokenizer, so later stages load them as a checkpoint.
/// </summary>
public static class FineTuneStage
{
    public static void Run(StageContext ctx, string dataset, string conditionKey)
    {
        var condition = Conditions.Parse(conditionKey);
        var p = ctx.Parameters.Finetune;
        var train = SplitOutput.ReadPart(ctx.Paths.Split(dataset), "train");
        var labels = DatasetLabels.TextLabels(ctx.Dataset(dataset), train);
        var baseModel = ModelFolders.Base(ctx);
        var key = $"{dataset}-{conditionKey}";

        using var output = StageOutput.Begin(ctx.Paths.FineTune(dataset, conditionKey));
        var runs = new List<SeedRun>();
        foreach (var seed in p.Seeds)
        {
            var seedDir = Path.Combine(output.Path, $"seed-{seed}");
            var summary = TrainOneSeed(ctx, baseModel, train, labels, condition, seed, seedDir, $"{key} seed {seed}",
                ctx.Paths.TrainingCheckpoints("finetune", $"{key}/seed-{seed}"));
            runs.Add(new SeedRun(seed, TrainingRecord.From(summary)));
        }
        AtomicFile.WriteAllText(Path.Combine(output.Path, "training.json"),
            JsonSerializer.Serialize(new FineTuneSummary(dataset, conditionKey, labels, runs), StageJson.Options) + "\n");
        output.Commit();
        foreach (var seed in p.Seeds)
        {
            ctx.Paths.DeleteTrainingCheckpoints("finetune", $"{key}/seed-{seed}");
        }
    }

    private static TrainingRunSummary TrainOneSeed(StageContext ctx, string baseModel, IReadOnlyList<MreRecord> train,
        IReadOnlyList<string> labels, Condition condition, int seed, string outDir, string title, string checkpoints)
    {
        var p = ctx.Parameters.Finetune;
        ModelThreads.Configure(ctx.Parameters.Model);
        TrainingDeterminism.Seed(seed);
        using var lm = LanguageModelStore.Load(ctx, baseModel);
        var examples = train
            .Select(r => PromptBuilder.Build(r, condition, labels))
            .Select(prompt => lm.EncodeForTraining(prompt))
            .ToList();
        LoraAdapters? lora = p.Lora.Enabled
            ? LoraAdapters.Apply(lm.Model, new LoraOptions { Rank = p.Lora.Rank, Alpha = p.Lora.Alpha, Dropout = p.Lora.Dropout })
            : null;
        lm.Model.train();
        using var trainer = new Trainer(lm.Model, TrainerSettings.Options(p, seed, checkpoints));
        var summary = TrainingProgressView.Run(ctx.Console, title, progress => trainer.Train(
            examples,
            batch => lm.CausalLmLoss(batch),
            tokenCount: batch => batch.Sum(s => (long)s.Ids.Count),
            progress: progress,
            lossWeight: batch => batch.Sum(s => s.Ids.Count - s.AnswerStart)));
        lora?.Merge();
        lm.Model.eval();
        lm.Save(outDir);
        return summary;
    }
}
