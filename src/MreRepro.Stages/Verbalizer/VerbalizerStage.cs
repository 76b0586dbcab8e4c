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
using MreRepro.Stages.TrainingRuns;
using MreRepro.Training.Loop;
using Spectre.Console;
using TorchSharp;

namespace MreRepro.Stages.Verbalizer;

/// <summary>
/// Table 4: few-shot T5 prompt classification. "manual" (W/O KV) uses the class name as the only label word;
/// "kv" uses the knowledgeable verbalizer whose words are the most frequent word-level words of each class in the
/// training split (class name first, shared words removed as OpenPrompt does). Few-shot train and dev sets are
/// drawn per label with OpenPrompt's sampler; the best dev epoch is tested on the test split. Each seed of
/// <c>verbalizer.seeds</c> is one such run (its own draw, a fresh model, its own training); metrics.json holds each
/// seed's scores and their mean, and every prediction line names its seed.
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
        var gold = test.Select(r => r.TextLabel).ToList();
        var words = verbalizer == "manual"
            ? labels.Select(l => (IReadOnlyList<string>)[l]).ToList()
            : LabelWordSelector.Select(labels, train.Select(r => (r.TextLabel, (IReadOnlyList<string>)r.Pairs.Select(w => w.Word).ToList())), p.TopWords);

        var runs = new List<SeedRun>();
        var lines = new List<string>();
        foreach (var seed in p.Seeds)
        {
            var run = RunSeed(ctx, dataset, verbalizer, seed, train, test, labels, labelIndex, words);
            runs.Add(run);
            lines.AddRange(test.Select((r, i) => JsonSerializer.Serialize(
                new VerbalizerPrediction(r.Id, gold[i], run.Predicted[i], gold[i] == run.Predicted[i], seed), StageJson.Compact)));
            ctx.Console.MarkupLineInterpolated($"verbalizer [bold]{dataset}-{verbalizer}[/] seed {seed}: accuracy {run.Metrics.Accuracy:F4}, macro-F1 {run.Metrics.MacroF1:F4} (best dev epoch {run.Metrics.BestEpoch})");
        }

        // The label words come from the training split and, when refined, from the first seed's support draw, so every
        // seed uses the same ones; the first run's head stands for all.
        var first = runs[0];
        var perSeed = runs.Select(r => r.Metrics).ToList();
        using var output = StageOutput.Begin(ctx.Paths.Verbalizer(dataset, verbalizer));
        AtomicFile.WriteAllLines(output.File(VerbalizerOutput.LabelWords), VerbalizerOutput.LabelWordLines(first.Head.LabelWords));
        AtomicFile.WriteAllLines(output.File(VerbalizerOutput.Predictions), lines);
        var summary = new VerbalizerMetrics(dataset, verbalizer, perSeed.Average(m => m.Accuracy), perSeed.Average(m => m.MacroF1), test.Count,
            first.Train, first.Dev, first.Metrics.BestEpoch, perSeed.Average(m => m.BestDevAccuracy),
            first.Head.SinglePieceWordCount, first.Head.MultiPieceWordCount,
            labels, p.Calibration, ParametersFile.Name(p.Filter), first.WordsBefore, first.Head.LabelWords.Select(w => w.Count).ToList(), perSeed,
            first.TruncatedTest);
        if (first.TruncatedTest > 0)
        {
            ctx.Console.MarkupLineInterpolated($"[yellow]note[/]: {first.TruncatedTest} of {test.Count} test texts of {dataset} were cut from their tail to fit {ctx.Profile}.verbalizer.max_length {ctx.Parameters.Verbalizer.MaxLength} (T5 tokens, prompt included; counted in metrics.json)");
        }
        AtomicFile.WriteAllText(output.File(VerbalizerOutput.Metrics), JsonSerializer.Serialize(summary, StageJson.Options) + "\n");
        output.Commit();
        ctx.Console.MarkupLineInterpolated($"verbalizer [bold]{dataset}-{verbalizer}[/]: mean over {perSeed.Count} seeds accuracy {summary.Accuracy:F4}, macro-F1 {summary.MacroF1:F4}");
    }

    /// <summary>One seed's scores, its (refined) head, its test predictions, few-shot set sizes, label words per class before refinement and how many test texts max_length cut.</summary>
    private sealed record SeedRun(VerbalizerSeedMetrics Metrics, PromptVerbalizer Head, IReadOnlyList<string?> Predicted, int Train, int Dev, IReadOnlyList<int> WordsBefore,
        int TruncatedTest);

    /// <summary>One seed's run: its few-shot draw of train and dev examples, a fresh T5 and head, training, and test predictions.</summary>
    private static SeedRun RunSeed(
        StageContext ctx, string dataset, string verbalizer, int seed, IReadOnlyList<Domain.Records.MreRecord> train,
        IReadOnlyList<Domain.Records.MreRecord> test, IReadOnlyList<string> labels, IReadOnlyList<int> labelIndex, IReadOnlyList<IReadOnlyList<string>> words)
    {
        var p = ctx.Parameters.Verbalizer;
        var sample = new FewShotSampler(numExamplesPerLabel: p.ShotsPerLabel, alsoSampleDev: true).Sample(labelIndex, seed);
        ModelThreads.Configure(ctx.Parameters.Model);
        TrainingDeterminism.Seed(seed);
        var (model, tokenizer) = T5Store.Load(ctx);
        using var _ = model;
        var handler = p.MultiToken switch
        {
            MultiTokenScore.Mean => MultiTokenHandler.Mean,
            MultiTokenScore.Max => MultiTokenHandler.Max,
            _ => MultiTokenHandler.First,
        };
        PromptVerbalizer Head(IReadOnlyList<IReadOnlyList<string>> labelWords) => verbalizer == "manual"
            ? new ManualVerbalizer(labelWords, LabelWordPieces.For(tokenizer), p.Prefix, handler)
            : new KnowledgeableVerbalizer(labelWords, LabelWordPieces.For(tokenizer), p.Prefix, handler);
        var template = new PromptTemplate(tokenizer, p.Template);
        PromptExample Example(Domain.Records.MreRecord r) => new(template.Encode(r.Text, p.MaxLength), labels.ToList().IndexOf(r.TextLabel));
        var unrefined = Head(words);
        var head = Refine(ctx, labels, unrefined, Head, train.Select(Example).ToList(), labelIndex, model, tokenizer.SentinelId(0), tokenizer.PadId);
        using var classifier = new PromptClassifier(model, head, tokenizer.SentinelId(0));
        classifier.to(model.parameters().First().device);   // the verbalizer's weights join the T5 on t5.device
        var trainSet = sample.Train.Select(i => Example(train[i])).ToList();
        var devSet = sample.Dev.Select(i => Example(train[i])).ToList();
        var testSet = test.Select(Example).ToList();
        var options = new FewShotOptions
        {
            Training = TrainerSettings.Options(p, seed, checkpointDir: null) with { Epsilon = p.AdamEpsilon },
            VerbalizerLearningRate = p.WeightLearningRate,
            PadId = tokenizer.PadId,
        };
        FewShotResult result = null!;
        StageProgress.StatusLine(ctx.Console, $"few-shot {dataset}-{verbalizer} seed {seed}", status =>
            result = FewShotTrainer.Run(classifier, trainSet, devSet, testSet, options, line => status(Markup.Escape(line))));
        var predicted = result.TestPredictions.Select(i => (string?)labels[i]).ToList();
        var score = TextLevelMetrics.Compute(test.Select(r => r.TextLabel).ToList(), predicted, labels);
        return new SeedRun(new VerbalizerSeedMetrics(seed, score.Accuracy, score.MacroF1, result.BestEpoch, result.BestDevAccuracy), head, predicted,
            trainSet.Count, devSet.Count, unrefined.LabelWords.Select(w => w.Count).ToList(), test.Count(r => template.Truncates(r.Text, p.MaxLength)));
    }

    /// <summary>
    /// KPT's refinements as its few-shot script applies them (spec B5), each only when params.yaml asks: mask logits
    /// over a support set drawn from the training split; with calibration, the frequency refinement (KV only, by
    /// candidate_frac) and the contextual prior; with filter tfidf, the relevance refinement. Off by default, as in
    /// KPT's released run_fewshot.sh.
    /// </summary>
    private static PromptVerbalizer Refine(StageContext ctx, IReadOnlyList<string> classes, PromptVerbalizer head, Func<IReadOnlyList<IReadOnlyList<string>>, PromptVerbalizer> rebuild,
        IReadOnlyList<PromptExample> train, IReadOnlyList<int> labelIndex, Models.T5.Model.T5ForConditionalGeneration model, int sentinel0, int padId)
    {
        var p = ctx.Parameters.Verbalizer;
        if (!p.Calibration && p.Filter == RelevanceFilter.None)
        {
            return head;
        }
        // The support set is drawn with the first seed for every seed's run, so all seeds refine to the same label words.
        var support = new FewShotSampler(numExamplesTotal: p.SupportExamples).Sample(labelIndex, p.Seeds[0]).Train;
        using var supportLogits = SupportLogits(new PromptClassifier(model, head, sentinel0), support.Select(i => train[i].InputIds).ToList(), padId, p.BatchSize);
        using var prior = supportLogits.mean([0L]);
        if (p.Calibration && head is KnowledgeableVerbalizer && p.CandidateFrac > 0)
        {
            var kept = LabelWordRefinement.ByFrequency(head, prior, p.CandidateFrac);
            var emptied = classes.Where((_, c) => kept[c].Count == 0).ToList();
            if (emptied.Count > 0)
            {
                throw new StageException($"params.yaml: {ctx.Profile}.verbalizer.candidate_frac {p.CandidateFrac}: the frequency refinement left {string.Join(", ", emptied)} without label words (each uses an id among the rarest {p.CandidateFrac:P0} of the prior); lower candidate_frac (KPT uses 0 for long reviews) or turn calibration off.");
            }
            head = rebuild(kept);
        }
        if (p.Filter == RelevanceFilter.Tfidf)
        {
            head = rebuild(LabelWordRefinement.ByRelevance(head, supportLogits));
        }
        if (p.Calibration)
        {
            head.RegisterCalibrationLogits(prior);
        }
        return head;
    }

    // KPT's calibrate(): the model in eval mode, mask-position logits of every support example [N, V].
    private static TorchSharp.torch.Tensor SupportLogits(PromptClassifier classifier, IReadOnlyList<int[]> inputs, int padId, int batchSize)
    {
        classifier.eval();
        using var noGrad = TorchSharp.torch.no_grad();
        var parts = new List<TorchSharp.torch.Tensor>();
        foreach (var batch in inputs.Chunk(Math.Max(1, batchSize)))
        {
            var (ids, mask) = PromptClassifier.Pad(batch, padId, classifier.Model.parameters().First().device);
            using (ids)
            using (mask)
            {
                parts.Add(classifier.MaskLogits(ids, mask));
            }
        }
        var all = TorchSharp.torch.cat(parts, 0);
        parts.ForEach(t => t.Dispose());
        return all;
    }
}
