using System.Text.Json;
using MreRepro.Files;
using MreRepro.Models.T5.Checkpoints;
using MreRepro.Models.T5.Model;
using MreRepro.Models.T5.Pretraining;
using MreRepro.Models.Tokenization;
using MreRepro.Stages.Common;
using MreRepro.Stages.Contracts;
using MreRepro.Stages.ModelAccess;
using MreRepro.Stages.TrainingRuns;
using MreRepro.Training.Loop;
using TorchSharp;

namespace MreRepro.Stages.T5Pretrain;

/// <summary>
/// The default profile's T5: a small encoder-decoder over the decoder's trimmed vocabulary (plus sentinels),
/// pre-trained with span corruption on the training texts of every dataset.
/// </summary>
public static class T5PretrainStage
{
    public static void Run(StageContext ctx)
    {
        var p = ctx.Parameters.T5;
        var trimmedPath = Path.Combine(ctx.Paths.Pretrain, "model", TrimmedTokenizer.FileName);
        var trimmed = TrimmedTokenizer.Load(trimmedPath);
        var tokenizer = new TrimmedT5Tokenizer(trimmed);
        var texts = ctx.Parameters.Datasets.Keys.SelectMany(d => SplitOutput.ReadPart(ctx.Paths.Split(d), "train")).Select(r => r.Text).ToList();
        ModelThreads.Configure(ctx.Parameters.Model);
        TrainingDeterminism.Seed(p.Seed);
        var config = T5Config.Small(tokenizer.VocabSize);
        config.DModel = p.DModel;
        config.DFf = p.DFf;
        config.DKv = p.DKv;
        config.NumHeads = p.Heads;
        config.NumLayers = p.Layers;
        config.NumDecoderLayers = p.Layers;
        config.PadTokenId = tokenizer.PadId;
        config.DecoderStartTokenId = tokenizer.PadId;
        config.EosTokenId = tokenizer.EosId;
        config.DropoutRate = 0;
        var device = ModelDevice.Resolve(p.Device, $"{ctx.Profile}.t5.device");
        using var model = new T5ForConditionalGeneration(config);
        model.to(device);
        var corruption = new SpanCorruption(tokenizer.SentinelId, tokenizer.EosId);
        var examples = texts.Select((t, i) => corruption.Corrupt(tokenizer.Encode(t), p.Seed + i)).ToList();
        using var output = StageOutput.Begin(ctx.Paths.T5Pretrain);
        model.train();
        using var trainer = new Trainer(model, TrainerSettings.Options(p, p.Seed, ctx.Paths.TrainingCheckpoints("t5pretrain", "base")));
        var summary = TrainingProgressView.Run(ctx.Console, "t5pretrain", progress => trainer.Train(
            examples,
            batch =>
            {
                using var b = PretrainingBatch.Collate(batch, tokenizer.PadId, device);
                using var decoderInput = model.ShiftRight(b.Labels);
                using var logits = model.Forward(b.InputIds, b.AttentionMask, decoderInput);
                return T5ForConditionalGeneration.LanguageModelLoss(logits, b.Labels);
            },
            tokenCount: batch => batch.Sum(e => (long)(e.InputIds.Length + e.TargetIds.Length)),
            progress: progress));
        model.eval();
        var folder = Path.Combine(output.Path, "model");
        T5Checkpoint.Save(model, folder);
        trimmed.Save(folder);
        AtomicFile.WriteAllText(output.File("training.json"), JsonSerializer.Serialize(
            new PretrainingSummary(texts.Count, tokenizer.VocabSize, TrainingRecord.From(summary)), StageJson.Options) + "\n");
        output.Commit();
        ctx.Paths.DeleteTrainingCheckpoints("t5pretrain", "base");
    }
}
