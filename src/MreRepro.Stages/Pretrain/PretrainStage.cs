using System.Text.Json;
using MreRepro.Domain.Prompts;
using MreRepro.Domain.Records;
using MreRepro.Files;
using MreRepro.Stages.Common;
using MreRepro.Stages.Datasets;
using MreRepro.Stages.LanguageModel;
using MreRepro.Stages.Progress;
using MreRepro.Stages.Split;
using MreRepro.Training.Loop;
using MreRepro.Training.Schedules;

namespace MreRepro.Stages.Pretrain;

/// <summary>
/// The default profile's "pretrained model": builds the trimmed tokenizer from every string the pipeline will feed
/// the model (texts, prompts and answers of all datasets), then trains a small LLaMA as a causal LM on the
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
            var train = SplitStage.ReadPart(split, "train");
            var test = SplitStage.ReadPart(split, "test");
            var labels = DatasetLabels.TextLabels(dataset, train);
            trainTexts.AddRange(train.Select(r => r.Text));
            foreach (var record in train.Concat(test))
            {
                foreach (var condition in Conditions.All)
                {
                    var prompt = PromptBuilder.Build(record, condition, labels);
                    vocabularyTexts.Add(prompt.UserText);
                    vocabularyTexts.Add(prompt.Answer);
                }
            }
        }

        using var output = StageOutput.Begin(ctx.Paths.Pretrain);
        LanguageModelStore.ConfigureThreads(ctx);
        TrainingDeterminism.Seed(p.Seed);
        using var lm = LanguageModelStore.CreateSmall(ctx, vocabularyTexts);
        var examples = trainTexts.Select(t => lm.EncodeText(t)).ToList();
        var options = new TrainerOptions
        {
            LearningRate = p.LearningRate,
            WarmupSteps = p.WarmupSteps,
            Epochs = p.Epochs,
            BatchSize = p.BatchSize,
            MaxGradNorm = 1.0,
            Schedule = ScheduleKind.Linear,
            Seed = p.Seed,
            CheckpointDir = ctx.Paths.TrainingCheckpoints("pretrain", "base"),
        };
        lm.Model.train();
        using var trainer = new Trainer(lm.Model, options);
        var summary = TrainingProgressView.Run(ctx.Console, "pretrain", progress => trainer.Train(
            examples,
            batch => lm.CausalLmLoss(batch),
            tokenCount: batch => batch.Sum(s => (long)s.Ids.Count),
            progress: progress));
        lm.Model.eval();
        lm.Save(Path.Combine(output.Path, "model"));
        AtomicFile.WriteAllText(output.File("training.json"), JsonSerializer.Serialize(new
        {
            texts = trainTexts.Count,
            vocabulary = lm.Tokenizer.VocabSize,
            training = TrainingRecord.From(summary),
        }, StageJson.Options) + "\n");
        output.Commit();
        LanguageModelStore.DeleteQuietly(ctx.Paths.TrainingCheckpointsOfAllInputs("pretrain", "base"));
    }
}
