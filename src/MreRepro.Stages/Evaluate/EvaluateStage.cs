using System.Text.Json;
using MreRepro.Domain.Formats;
using MreRepro.Domain.Metrics;
using MreRepro.Domain.Prompts;
using MreRepro.Domain.Records;
using MreRepro.Files;
using MreRepro.Stages.Common;
using MreRepro.Stages.Contracts;
using MreRepro.Stages.Datasets;
using MreRepro.Stages.ModelAccess;
using Spectre.Console;

namespace MreRepro.Stages.Evaluate;

/// <summary>
/// Greedy decoding of the test split with each seed's fine-tuned model, parsed by the same tolerant parser as the
/// data loaders (an unparseable answer is wrong and counted), scored by word-level micro-F1 or text-level
/// accuracy and macro-F1. Writes per-sample predictions (anyone can re-score them) and metrics.json for `dvc metrics show`.
/// </summary>
public static class EvaluateStage
{
    public static void Run(StageContext ctx, string dataset, string conditionKey)
    {
        var condition = Conditions.Parse(conditionKey);
        var test = SplitOutput.ReadPart(ctx.Paths.Split(dataset), "test");
        var train = SplitOutput.ReadPart(ctx.Paths.Split(dataset), "train");
        var labels = DatasetLabels.TextLabels(ctx.Dataset(dataset), train);
        var wordLabels = DatasetLabels.WordLabels(train);

        using var output = StageOutput.Begin(ctx.Paths.Evaluate(dataset, conditionKey));
        var perSeed = new List<SeedMetrics>();
        var lines = new List<string>();
        foreach (var seed in ctx.Parameters.Finetune.Seeds)
        {
            ModelThreads.Configure(ctx.Parameters.Model);
            using var lm = LanguageModelStore.Load(ctx, ctx.Paths.FineTuneSeed(dataset, conditionKey, seed));
            var prompts = test.Select(r => PromptBuilder.Build(r, condition, labels)).ToList();
            var generations = GenerateAll(ctx, lm, prompts, $"{dataset}-{conditionKey} seed {seed}");
            var samples = test.Select((r, i) => Score(r, prompts[i], generations[i], condition, labels, wordLabels)).ToList();
            perSeed.Add(Summarise(seed, condition, samples, labels));
            lines.AddRange(samples.Select(s => JsonSerializer.Serialize(s with { Seed = seed }, StageJson.Compact)));
        }
        AtomicFile.WriteAllLines(output.File(EvaluationOutput.Predictions), lines);
        var metrics = EvaluationMetrics.From(dataset, conditionKey, Conditions.IsWordLevel(condition) ? "word" : "text", perSeed);
        AtomicFile.WriteAllText(output.File(EvaluationOutput.Metrics), JsonSerializer.Serialize(metrics, StageJson.Options) + "\n");
        output.Commit();
        ctx.Console.MarkupLineInterpolated($"evaluate [bold]{dataset}-{conditionKey}[/]: {metrics.Headline}");
    }

    private static IReadOnlyList<string> GenerateAll(StageContext ctx, LoadedLanguageModel lm, IReadOnlyList<Prompt> prompts, string title)
    {
        var p = ctx.Parameters.Evaluate;
        var results = new List<string>(prompts.Count);
        StageProgress.Bars(ctx.Console, progress =>
        {
            var task = progress.AddTask(Markup.Escape($"generate {title}"), maxValue: prompts.Count);
            foreach (var chunk in prompts.Chunk(p.BatchSize))
            {
                results.AddRange(lm.Generate(chunk, p.MaxNewTokens));
                task.Increment(chunk.Length);
                progress.Tick();
            }
        });
        return results;
    }

    /// <summary>Parses and scores one generation against its record (an unparseable answer scores as wrong).</summary>
    internal static SamplePrediction Score(MreRecord record, Prompt prompt, string generation, Condition condition,
        IReadOnlyList<string> labels, IReadOnlySet<string> wordLabels)
    {
        if (Conditions.IsWordLevel(condition))
        {
            var parsed = AnswerFormat.ParseWordLevel(generation);
            var predicted = parsed.Ok ? parsed.Pairs : Array.Empty<WordPair>();
            var counts = WordLevelF1.Count(record.Pairs, predicted);
            return new SamplePrediction(0, record.Id, prompt.UserText, prompt.Answer, generation, parsed.Ok,
                AnswerFormat.FormatWordLevel(predicted), counts.TruePositives, counts.Predicted, counts.Gold, null, null);
        }
        var text = AnswerFormat.ParseTextLevel(generation, labels, numberBase: 1);
        var label = text.Ok ? text.Label : null;
        return new SamplePrediction(0, record.Id, prompt.UserText, prompt.Answer, generation, text.Ok,
            label, null, null, null, record.TextLabel, label == record.TextLabel);
    }

    /// <summary>One seed's scores over its samples: pooled word-level micro-F1, or text-level accuracy and macro-F1.</summary>
    internal static SeedMetrics Summarise(int seed, Condition condition, IReadOnlyList<SamplePrediction> samples, IReadOnlyList<string> labels)
    {
        var unparseable = samples.Count(s => !s.ParseOk);
        if (Conditions.IsWordLevel(condition))
        {
            var f1 = WordLevelF1.Pool(samples.Select(s => new PairCounts(s.TruePositives!.Value, s.PredictedPairs!.Value, s.GoldPairs!.Value)));
            return new SeedMetrics(seed, samples.Count, unparseable, f1.F1, f1.Precision, f1.Recall, null, null);
        }
        var text = TextLevelMetrics.Compute(samples.Select(s => s.GoldLabel!).ToList(), samples.Select(s => s.Parsed).ToList(), labels);
        return new SeedMetrics(seed, samples.Count, unparseable, null, null, null, text.Accuracy, text.MacroF1);
    }
}
