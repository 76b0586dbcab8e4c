using System.Diagnostics;
using System.Globalization;
using System.Text.Json;
using MreRepro.Domain.Prompts;
using MreRepro.Domain.Saliency;
using MreRepro.Files;
using MreRepro.Stages.Common;
using MreRepro.Stages.Contracts;
using MreRepro.Stages.Datasets;
using MreRepro.Stages.ModelAccess;
using MreRepro.Stages.Parameters;
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
        var train = SplitOutput.ReadPart(split, "train");
        var test = SplitOutput.ReadPart(split, "test").Take(p.Samples).ToList();
        var labels = DatasetLabels.TextLabels(ctx.Dataset(dataset), train);
        var seed = ctx.Parameters.Finetune.Seeds[0];
        ModelThreads.Configure(ctx.Parameters.Model);
        using var lm = LanguageModelStore.Load(ctx, Path.Combine(ctx.Paths.FineTune(dataset, conditionKey), $"seed-{seed}"));
        int[]? restrict = p.Loss == SaliencyLoss.Labels ? lm.FirstTokensOf(LabelAnswers(condition, labels, train)) : null;

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
                var flows = LayerFlows.FromRows(sample.Scores);
                lines.Add(JsonSerializer.Serialize(new SaliencySampleRecord(record.Id, sample.TokenIds, sample.Spans, sample.InformationPositions,
                    sample.TargetPosition, sample.GoldToken, flows.Swp, flows.Spq, flows.Sww), StageJson.Compact));
                peak = Math.Max(peak, Environment.WorkingSet);
                task.Increment(1);
            }
        });
        var seconds = clock.Elapsed.TotalSeconds;
        var proportions = FlowProportions.Compute(perSample);
        var means = FlowProportions.Mean(perSample);
        AtomicFile.WriteAllLines(output.File(SaliencyOutput.Samples), lines);
        var summary = new SaliencySummary(dataset, conditionKey, test.Count, ParametersFile.Name(p.Loss), p.IncludeBos, proportions.GetLength(1),
            LayerFlows.FromRows(proportions), LayerFlows.FromRows(means));
        AtomicFile.WriteAllText(output.File(SaliencyOutput.Flow), FlowCsvFormat.Text(FlowCsvFormat.Rows(dataset, proportions)));
        AtomicFile.WriteAllText(output.File(SaliencyOutput.Summary), JsonSerializer.Serialize(summary, StageJson.Options) + "\n");
        output.Commit();
        // Throughput and memory are printed, not written: they vary from run to run and outputs must not.
        ctx.Console.MarkupLineInterpolated(
            $"saliency [bold]{dataset}-{conditionKey}[/]: {test.Count} samples, {test.Count / Math.Max(seconds, 1e-9):F1} samples/s, peak working set {peak / (1024.0 * 1024.0):F0} MiB");
    }

    private static IEnumerable<string> LabelAnswers(Condition condition, IReadOnlyList<string> labels, IEnumerable<Domain.Records.MreRecord> train) =>
        Conditions.IsWordLevel(condition)
            ? train.Select(r => PromptBuilder.Build(r, condition, labels).Answer).Distinct(StringComparer.Ordinal)
            : Enumerable.Range(1, labels.Count).Select(i => i.ToString(CultureInfo.InvariantCulture));
}
