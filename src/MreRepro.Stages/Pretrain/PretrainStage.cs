using System.Text.Json;
using MreRepro.Domain.Prompts;
using MreRepro.Files;
using MreRepro.Stages.Common;
using MreRepro.Stages.Contracts;
using MreRepro.Stages.Datasets;
using MreRepro.Stages.ModelAccess;
using MreRepro.Stages.TrainingRuns;
using MreRepro.Training.Loop;

namespace MreRepro.Stages.Pretrain;

/// <summary>
/// The default profile's "pretrained model": builds the trimmed tokenizer from every string the pipeline will feed
/// the model (every prompt of every condition of all datasets in the chat template, with its answer), then trains a small LLaMA as a causal LM on the
/// unlabelled training texts only. Output: a Hugging Face style folder the fine-tuning stage starts from.
/// </summary>
public static class PretrainStage
{
    public static void Run(StageContext ctx)
    {
        var p = ctx.Parameters.Pretrain;
        var trainTexts = new List<string>();
        var vocabularyTexts = new List<string>();
        foreach (var (name, dataset) in ctx.Parameters.Datasets)
        {
            var split = ctx.Paths.Split(name);
            var train = SplitOutput.ReadPart(split, "train");
            var test = SplitOutput.ReadPart(split, "test");
            var labels = DatasetLabels.TextLabels(dataset, train);
            trainTexts.AddRange(train.Select(r => r.Text));
            foreach (var record in train.Concat(test))
            {
                foreach (var condition in Conditions.All)
                {
                    vocabularyTexts.AddRange(LoadedLanguageModel.TemplateTexts(PromptBuilder.Build(record, condition, labels)));
                }
            }
        }

        using var output = StageOutput.Begin(ctx.Paths.Pretrain);
        ModelThreads.Configure(ctx.Parameters.Model);
        TrainingDeterminism.Seed(p.Seed);
        using var lm = LanguageModelStore.CreateSmall(ctx, vocabularyTexts);
        var examples = trainTexts.Select(t => lm.EncodeText(t)).ToList();
        lm.Model.train();
        using var trainer = new Trainer(lm.Model, TrainerSettings.Options(p, p.Seed, ctx.Paths.TrainingCheckpoints("pretrain", "base")));
        var summary = TrainingProgressView.Run(ctx.Console, "pretrain", progress => trainer.Train(
            examples,
            batch => lm.CausalLmLoss(batch),
            tokenCount: batch => batch.Sum(s => (long)s.Ids.Count),
            progress: progress));
        lm.Model.eval();
        lm.Save(Path.Combine(output.Path, "model"));
        AtomicFile.WriteAllText(output.File("training.json"), JsonSerializer.Serialize(
            new PretrainingSummary(trainTexts.Count, lm.Tokenizer.VocabSize, TrainingRecord.From(summary)), StageJson.Options) + "\n");
        output.Commit();
        ctx.Paths.DeleteTrainingCheckpoints("pretrain", "base");
    }
}
