using System.Text.Json;
using MreRepro.Domain.Prompts;
using MreRepro.Files;
using MreRepro.Stages.Common;
using MreRepro.Stages.Contracts;
using MreRepro.Stages.Datasets;
using MreRepro.Stages.ModelAccess;
using MreRepro.Stages.TrainingRuns;
using MreRepro.Training.Loop;
using MreRepro.Training.Lora;
using MreRepro.Training.Losses;
using Spectre.Console;

namespace MreRepro.Stages.FineTune;

/// <summary>
/// Supervised fine-tuning of the decoder for one dataset, condition and seed (each seed is its own instance): loss on
/// the answer tokens only, AdamW with warmup then linear (or constant) schedule, optional LoRA merged before saving.
/// With <c>finetune.validation</c> &gt; 0 that many training records are held out; after every epoch their
/// teacher-forced answer loss is computed, the epoch with the lowest is the one saved, and with <c>finetune.patience</c>
/// training stops after that many epochs without improvement. The weights are saved in the Hugging Face layout together
/// with the tokenizer, so later stages load them as a checkpoint.
/// </summary>
public static class FineTuneStage
{
    public static void Run(StageContext ctx, string dataset, string conditionKey, int seed)
    {
        var condition = Conditions.Parse(conditionKey);
        var p = ctx.Parameters.Finetune;
        if (!p.Seeds.Contains(seed))
        {
            throw new StageException($"params.yaml: {ctx.Profile}.finetune.seeds [{string.Join(", ", p.Seeds)}] has no seed {seed}; add it there or pass one of them to --seed.");
        }
        var all = SplitOutput.ReadPart(ctx.Paths.Split(dataset), "train");
        if (p.Validation >= all.Count)
        {
            throw new StageException($"params.yaml: {ctx.Profile}.finetune.validation {p.Validation} leaves no training record of {dataset}'s {all.Count}; hold out fewer.");
        }
        if (p.Patience > 0 && p.Validation == 0)
        {
            throw new StageException($"params.yaml: {ctx.Profile}.finetune.patience {p.Patience} needs held-out records; set finetune.validation above 0 or patience to 0.");
        }
        var labels = DatasetLabels.TextLabels(ctx.Dataset(dataset), all);
        var (train, validation) = ValidationSplit.Draw(all, p.Validation, p.ValidationSeed);
        var key = $"{dataset}-{conditionKey}/{StagePaths.SeedFolder(seed)}";

        ModelThreads.Configure(ctx.Parameters.Model);
        TrainingDeterminism.Seed(seed);
        using var lm = LanguageModelStore.Load(ctx, ModelFolders.Base(ctx));
        var examples = train.Select(r => lm.EncodeForTraining(PromptBuilder.Build(r, condition, labels))).ToList();
        var heldOut = validation.Select(r => lm.EncodeForTraining(PromptBuilder.Build(r, condition, labels))).ToList();
        var truncated = examples.Concat(heldOut).Count(e => e.Ids.Count > lm.MaxLength);
        if (truncated > 0)
        {
            ctx.Console.MarkupLineInterpolated(
                $"[yellow]note[/]: {truncated} of {examples.Count + heldOut.Count} training and held-out records of {dataset}-{conditionKey} are longer than {lm.MaxLength} tokens (model.max_positions, or the checkpoint's limit) and lose their tail, answer first (counted in training.json)");
        }
        LoraAdapters? lora = p.Lora.Enabled
            ? LoraAdapters.Apply(lm.Model, new LoraOptions { Rank = p.Lora.Rank, Alpha = p.Lora.Alpha, Dropout = p.Lora.Dropout })
            : null;
        lm.Model.train();
        using var trainer = new Trainer(lm.Model, TrainerSettings.Options(p, seed, ctx.Paths.TrainingCheckpoints("finetune", key)));
        var selection = heldOut.Count == 0 ? null : new EpochValidation(() => AnswerLoss(lm, heldOut, p.BatchSize), p.Patience);
        var summary = TrainingProgressView.Run(ctx.Console, $"{dataset}-{conditionKey} seed {seed}", progress => trainer.Train(
            examples,
            batch => lm.CausalLmLoss(batch),
            tokenCount: batch => batch.Sum(s => (long)s.Ids.Count),
            progress: progress,
            lossWeight: AnswerTokens,
            validation: selection));
        lm.Model.eval();

        using var output = StageOutput.Begin(ctx.Paths.FineTuneSeed(dataset, conditionKey, seed));
        if (lora is null)
        {
            lm.Save(output.Path);
        }
        else
        {
            // As PEFT saves it: the adapter alone, merged into the base model when evaluate and saliency load it.
            LoraAdapterFile.Save(lora, output.Path, ModelFolders.BaseRelative(ctx.Profile, ctx.Parameters.Model));
        }
        var epochs = summary.EpochLosses ?? [];
        var record = new FineTuneSummary(dataset, conditionKey, labels, seed, train.Count, validation.Select(r => r.Id).ToList(),
            TrainingRecord.From(summary), epochs, summary.BestEpoch ?? epochs.Count, summary.StoppedEarly, truncated);
        AtomicFile.WriteAllText(output.File(FineTuneOutput.Training), JsonSerializer.Serialize(record, StageJson.Options) + "\n");
        output.Commit();
        ctx.Paths.DeleteTrainingCheckpoints("finetune", key);
        if (selection is not null)
        {
            ctx.Console.MarkupLineInterpolated(
                $"finetune [bold]{dataset}-{conditionKey}[/] seed {seed}: kept epoch {record.ChosenEpoch} of {epochs.Count} (held-out answer loss {epochs[record.ChosenEpoch - 1].ValidationLoss:F4}){(summary.StoppedEarly ? ", stopped early" : "")}");
        }
    }

    // The step loss is a token mean over answer tokens, so micro-batches are weighted by their answer tokens.
    private static double AnswerTokens(IReadOnlyList<CausalLmSequence> batch) => batch.Sum(s => s.Ids.Count - s.AnswerStart);

    /// <summary>Teacher-forced cross-entropy over every answer token of the held-out records (the training loss, on data it did not see).</summary>
    private static double AnswerLoss(LoadedLanguageModel lm, IReadOnlyList<CausalLmSequence> heldOut, int batchSize)
    {
        double sum = 0, weight = 0;
        foreach (var batch in heldOut.Chunk(batchSize))
        {
            using var loss = lm.CausalLmLoss(batch);
            var tokens = AnswerTokens(batch);
            sum += loss.to_type(TorchSharp.torch.ScalarType.Float64).item<double>() * tokens;
            weight += tokens;
        }
        return sum / weight;
    }
}
