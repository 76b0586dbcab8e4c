using System.Diagnostics;
using System.Globalization;
using System.Text;
using System.Text.Json;
using MreRepro.Domain.Prompts;
using MreRepro.Domain.Saliency;
using MreRepro.Files;
using MreRepro.Stages.Common;
using MreRepro.Stages.Datasets;
using MreRepro.Stages.LanguageModel;
using MreRepro.Stages.Split;
using Spectre.Console;

namespace MreRepro.Stages.Saliency;

/// <summary>
/// Information flow (spec A): for test samples, a teacher-forced forward of the prompt, the loss of the gold first
/// answer token at the target q (the last prompt position), I_l = |Σ_h A ⊙ dL/dA| per layer, then S_wp, S_pq, S_ww
/// over the information words (TLI: the supplied text label; WLI: the supplied word-level pairs). Writes every
/// sample's inputs and scores, the per-layer proportions as a DVC plot CSV, and a summary.
/// </summary>
public static class SaliencyStage
{
    public static void Run(StageContext ctx, string dataset, string conditionKey)
    {
        var condition = Conditions.Parse(conditionKey);
        if (!Conditions.HasInformation(condition))
        {
            throw new StageException($"saliency needs a condition with supplied information (tli or wli), not '{conditionKey}'.");
        }
        var p = ctx.Parameters.Saliency;
        var split = ctx.Paths.Split(dataset);
        var train = SplitStage.ReadPart(split, "train");
        var test = SplitStage.ReadPart(split, "test").Take(p.Samples).ToList();
        var labels = DatasetLabels.TextLabels(ctx.Dataset(dataset), train);
        var seed = ctx.Parameters.Finetune.Seeds[0];
        LanguageModelStore.ConfigureThreads(ctx);
        using var lm = LanguageModelStore.Load(ctx, Path.Combine(ctx.Paths.FineTune(dataset, conditionKey), $"seed-{seed}"));
        int[]? restrict = p.Loss == "labels" ? lm.FirstTokensOf(LabelAnswers(condition, labels, train)) : null;

        using var output = StageOutput.Begin(ctx.Paths.Saliency(dataset, conditionKey));
        var perSample = new List<double[,]>();
        var lines = new List<string>();
        var clock = Stopwatch.StartNew();
        var peak = Environment.WorkingSet;
        ctx.Console.Progress().AutoClear(false).Start(progress =>
        {
            var task = progress.AddTask(Markup.Escape($"saliency {dataset}-{conditionKey}"), maxValue: test.Count);
            foreach (var record in test)
            {
                var prompt = PromptBuilder.Build(record, condition, labels);
                var sample = lm.Saliency(prompt, restrict, p.IncludeBos);
                perSample.Add(sample.Scores);
                lines.Add(JsonSerializer.Serialize(new
                {
                    id = record.Id,
                    token_ids = sample.TokenIds,
                    spans = sample.Spans,
                    information_positions = sample.InformationPositions,
                    target_position = sample.TargetPosition,
                    gold_token = sample.GoldToken,
                    s_wp = Row(sample.Scores, 0),
                    s_pq = Row(sample.Scores, 1),
                    s_ww = Row(sample.Scores, 2),
                }, StageJson.Compact));
                peak = Math.Max(peak, Environment.WorkingSet);
                task.Increment(1);
            }
        });
        var seconds = clock.Elapsed.TotalSeconds;
        var proportions = FlowProportions.Compute(perSample);
        var means = FlowProportions.Mean(perSample);
        AtomicFile.WriteAllLines(output.File("samples.jsonl"), lines);
        AtomicFile.WriteAllText(output.File("flow.csv"), FlowCsvText(dataset, proportions));
        var summary = new
        {
            dataset,
            condition = conditionKey,
            samples = test.Count,
            loss = p.Loss,
            include_bos = p.IncludeBos,
            layers = proportions.GetLength(1),
            proportions = new { s_wp = Row(proportions, 0), s_pq = Row(proportions, 1), s_ww = Row(proportions, 2) },
            raw_means = new { s_wp = Row(means, 0), s_pq = Row(means, 1), s_ww = Row(means, 2) },
        };
        AtomicFile.WriteAllText(output.File("summary.json"), JsonSerializer.Serialize(summary, StageJson.Options) + "\n");
        output.Commit();
        // Throughput and memory are printed, not written: they vary from run to run and outputs must not.
        ctx.Console.MarkupLineInterpolated(
            $"saliency [bold]{dataset}-{conditionKey}[/]: {test.Count} samples, {test.Count / Math.Max(seconds, 1e-9):F1} samples/s, peak working set {peak / (1024.0 * 1024.0):F0} MiB");
    }

    private static IEnumerable<string> LabelAnswers(Condition condition, IReadOnlyList<string> labels, IEnumerable<Domain.Records.MreRecord> train) =>
        Conditions.IsWordLevel(condition)
            ? train.Select(r => PromptBuilder.Build(r, condition, labels).Answer).Distinct(StringComparer.Ordinal)
            : Enumerable.Range(1, labels.Count).Select(i => i.ToString(CultureInfo.InvariantCulture));

    private static double[] Row(double[,] values, int row) =>
        Enumerable.Range(0, values.GetLength(1)).Select(l => values[row, l]).ToArray();

    private static string FlowCsvText(string dataset, double[,] proportions)
    {
        var text = new StringBuilder("dataset,layer,s_wp,s_pq,s_ww\n");
        for (var l = 0; l < proportions.GetLength(1); l++)
        {
            text.Append(CultureInfo.InvariantCulture, $"{dataset},{l},{proportions[0, l]:R},{proportions[1, l]:R},{proportions[2, l]:R}\n");
        }
        return text.ToString();
    }
}
