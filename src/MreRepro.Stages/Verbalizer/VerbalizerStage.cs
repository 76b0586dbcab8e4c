using System.Text.Json;
using MreRepro.Domain.Metrics;
using MreRepro.Domain.Sampling;
using MreRepro.Files;
using MreRepro.Models.T5.Verbalizers;
using MreRepro.Stages.Common;
using MreRepro.Stages.Datasets;
using MreRepro.Stages.LanguageModel;
using MreRepro.Stages.Split;
using MreRepro.Stages.T5Pretrain;
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
    public static void Run(StageContext ctx, string dataset, string verbalizer)
    {
        if (verbalizer is not ("manual" or "kv"))
        {
            throw new StageException($"unknown verbalizer '{verbalizer}' (expected manual or kv).");
        }
        var p = ctx.Parameters.Verbalizer;
        var train = SplitStage.ReadPart(ctx.Paths.Split(dataset), "train");
        var test = SplitStage.ReadPart(ctx.Paths.Split(dataset), "test");
        var labels = DatasetLabels.TextLabels(ctx.Dataset(dataset), train);
        var labelIndex = train.Select(r => labels.ToList().IndexOf(r.TextLabel)).ToList();
        var sample = new FewShotSampler(numExamplesPerLabel: p.ShotsPerLabel, alsoSampleDev: true).Sample(labelIndex, p.Seed);

        LanguageModelStore.ConfigureThreads(ctx);
        TrainingDeterminism.Seed(p.Seed);
        var (model, tokenizer) = T5Store.Load(ctx);
        using var _ = model;
        var words = verbalizer == "manual"
            ? labels.Select(l => (IReadOnlyList<string>)[l]).ToList()
            : LabelWordSelector.Select(labels, train.Select(r => (r.TextLabel, (IReadOnlyList<string>)r.Pairs.Select(w => w.Word).ToList())), p.TopWords);
        var handler = p.MultiToken switch
        {
            "mean" => MultiTokenHandler.Mean,
            "max" => MultiTokenHandler.Max,
            _ => MultiTokenHandler.First,
        };
        PromptVerbalizer head = verbalizer == "manual"
            ? new ManualVerbalizer(words, tokenizer.Encode, p.Prefix, handler)
            : new KnowledgeableVerbalizer(words, tokenizer.Encode, p.Prefix, handler);
        using var classifier = new PromptClassifier(model, head, tokenizer.SentinelId(0));
        var template = new PromptTemplate(tokenizer, p.Template);
        const int maxLength = 128;
        PromptExample Example(Domain.Records.MreRecord r) => new(template.Encode(r.Text, maxLength), labels.ToList().IndexOf(r.TextLabel));
        var trainSet = sample.Train.Select(i => Example(train[i])).ToList();
        var devSet = sample.Dev.Select(i => Example(train[i])).ToList();
        var testSet = test.Select(Example).ToList();
        var options = new FewShotOptions
        {
            Epochs = p.Epochs,
            BatchSize = p.BatchSize,
            LearningRate = p.LearningRate,
            VerbalizerLearningRate = p.WeightLearningRate,
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
        AtomicFile.WriteAllLines(output.File("label_words.txt"), head.LabelWords.Select(ws => string.Join(",", ws)));
        AtomicFile.WriteAllLines(output.File("predictions.jsonl"), test.Select((r, i) => JsonSerializer.Serialize(
            new { id = r.Id, gold = gold[i], predicted = predicted[i], correct = gold[i] == predicted[i] }, StageJson.Compact)));
        var metrics = new
        {
            dataset,
            verbalizer,
            accuracy = score.Accuracy,
            macro_f1 = score.MacroF1,
            samples = test.Count,
            train_examples = trainSet.Count,
            dev_examples = devSet.Count,
            best_epoch = result.BestEpoch,
            best_dev_accuracy = result.BestDevAccuracy,
            single_piece_words = head.SinglePieceWordCount,
            multi_piece_words = head.MultiPieceWordCount,
        };
        AtomicFile.WriteAllText(output.File("metrics.json"), JsonSerializer.Serialize(metrics, StageJson.Options) + "\n");
        output.Commit();
        ctx.Console.MarkupLineInterpolated($"verbalizer [bold]{dataset}-{verbalizer}[/]: accuracy {score.Accuracy:F4}, macro-F1 {score.MacroF1:F4} (best dev epoch {result.BestEpoch})");
    }
}
