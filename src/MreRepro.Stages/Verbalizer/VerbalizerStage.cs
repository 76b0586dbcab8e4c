using System.Text.Json;
using MreRepro.Domain.Metrics;
using MreRepro.Domain.Sampling;
using MreRepro.Files;
using MreRepro.Models.T5.Verbalizers;
using MreRepro.Stages.Common;
using MreRepro.Stages.Contracts;
using MreRepro.Stages.Datasets;
using MreRepro.Stages.ModelAccess;
using MreRepro.Stages.Parameters;
using MreRepro.Training.Loop;
using Spectre.Console;

namespace MreRepro.Stages.Verbalizer;

/// <summary>
/// Table 4: few-shot T5 prompt classification. "manual" (W/O KV) uses the class name as the only label word;
/// "kv" uses the knowledgeable verbalizer whose words are the most frequent word-level words of each class in the
/// training split (class name first, shared words removed as OpenPrompt does). Few-shot train and dev sets are
/// drawn per label with OpenPrompt's sampler; the best dev epoch is tested on the test split.
/// </summary>
public static class VerbalizerStage
{
    /// <summary>The verbalizers of Table 4: W/O KV (manual) and KV (knowledgeable).</summary>
    public static IReadOnlyList<string> Kinds { get; } = ["manual", "kv"];

    public static void Run(StageContext ctx, string dataset, string verbalizer)
    {
        if (!Kinds.Contains(verbalizer))
        {
            throw new StageException($"unknown verbalizer '{verbalizer}' (expected {string.Join(" or ", Kinds)}).");
        }
        var p = ctx.Parameters.Verbalizer;
        var train = SplitOutput.ReadPart(ctx.Paths.Split(dataset), "train");
        var test = SplitOutput.ReadPart(ctx.Paths.Split(dataset), "test");
        var labels = DatasetLabels.TextLabels(ctx.Dataset(dataset), train);
        var labelIndex = train.Select(r => labels.ToList().IndexOf(r.TextLabel)).ToList();
        var sample = new FewShotSampler(numExamplesPerLabel: p.ShotsPerLabel, alsoSampleDev: true).Sample(labelIndex, p.Seed);

        ModelThreads.Configure(ctx.Parameters.Model);
        TrainingDeterminism.Seed(p.Seed);
        var (model, tokenizer) = T5Store.Load(ctx);
        using var _ = model;
        var words = verbalizer == "manual"
            ? labels.Select(l => (IReadOnlyList<string>)[l]).ToList()
            : LabelWordSelector.Select(labels, train.Select(r => (r.TextLabel, (IReadOnlyList<string>)r.Pairs.Select(w => w.Word).ToList())), p.TopWords);
        var handler = p.MultiToken switch
        {
            MultiTokenScore.Mean => MultiTokenHandler.Mean,
            MultiTokenScore.Max => MultiTokenHandler.Max,
            _ => MultiTokenHandler.First,
        };
        PromptVerbalizer head = verbalizer == "manual"
            ? new ManualVerbalizer(words, tokenizer.Encode, p.Prefix, handler)
            : new KnowledgeableVerbalizer(words, tokenizer.Encode, p.Prefix, handler);
        using var classifier = new PromptClassifier(model, head, tokenizer.SentinelId(0));
        var template = new PromptTemplate(tokenizer, p.Template);
        PromptExample Example(Domain.Records.MreRecord r) => new(template.Encode(r.Text, p.MaxLength), labels.ToList().IndexOf(r.TextLabel));
        var trainSet = sample.Train.Select(i => Example(train[i])).ToList();
        var devSet = sample.Dev.Select(i => Example(train[i])).ToList();
        var testSet = test.Select(Example).ToList();
        var options = new FewShotOptions
        {
            Epochs = p.Epochs,
            BatchSize = p.BatchSize,
            LearningRate = p.LearningRate,
            WeightDecay = p.WeightDecay,
            VerbalizerLearningRate = p.WeightLearningRate,
            MaxGradNorm = p.MaxGradNorm,
            Seed = p.Seed,
            PadId = tokenizer.PadId,
        };
        if (p.Calibration)
        {
            var (ids, mask) = PromptClassifier.Pad(trainSet.Select(e => e.InputIds).ToList(), tokenizer.PadId);
            using var noGrad = TorchSharp.torch.no_grad();
            using var logits = classifier.MaskLogits(ids, mask);
            head.RegisterCalibrationLogits(logits.mean([0L]));
        }
        FewShotResult result = null!;
        ctx.Console.Status().Start($"few-shot {dataset}-{verbalizer}", status =>
            result = FewShotTrainer.Run(classifier, trainSet, devSet, testSet, options, line => status.Status(Markup.Escape(line))));
        var predicted = result.TestPredictions.Select(i => (string?)labels[i]).ToList();
        var gold = test.Select(r => r.TextLabel).ToList();
        var score = TextLevelMetrics.Compute(gold, predicted, labels);

        using var output = StageOutput.Begin(ctx.Paths.Verbalizer(dataset, verbalizer));
        AtomicFile.WriteAllLines(output.File(VerbalizerOutput.LabelWords), VerbalizerOutput.LabelWordLines(head.LabelWords));
        AtomicFile.WriteAllLines(output.File(VerbalizerOutput.Predictions), test.Select((r, i) => JsonSerializer.Serialize(
            new VerbalizerPrediction(r.Id, gold[i], predicted[i], gold[i] == predicted[i]), StageJson.Compact)));
        var metrics = new VerbalizerMetrics(dataset, verbalizer, score.Accuracy, score.MacroF1, test.Count, trainSet.Count, devSet.Count,
            result.BestEpoch, result.BestDevAccuracy, head.SinglePieceWordCount, head.MultiPieceWordCount);
        AtomicFile.WriteAllText(output.File(VerbalizerOutput.Metrics), JsonSerializer.Serialize(metrics, StageJson.Options) + "\n");
        output.Commit();
        ctx.Console.MarkupLineInterpolated($"verbalizer [bold]{dataset}-{verbalizer}[/]: accuracy {score.Accuracy:F4}, macro-F1 {score.MacroF1:F4} (best dev epoch {result.BestEpoch})");
    }
}
