using System.Diagnostics;
using System.Globalization;
using System.Text.Json;
using MreRepro.Domain.Formats;
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
/// sample's inputs and scores, the per-layer proportions as a DVC plot CSV, and a summary; each also with the BOS
/// column excluded (spec A7: LLaMA's position 0 is an attention sink). Every fine-tuning seed's model is measured on
/// the same samples; the summary holds each seed's flows and, at the top level, their mean over seeds.
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
        var candidates = p.Loss == SaliencyLoss.Labels ? LabelAnswers(condition, labels, train.Concat(test)) : null;

        using var output = StageOutput.Begin(ctx.Paths.Saliency(dataset, conditionKey));
        var seeds = new List<SeedFlows>();
        var lines = new List<string>();
        var clock = Stopwatch.StartNew();
        var peak = Environment.WorkingSet;
        foreach (var seed in ctx.Parameters.Finetune.Seeds)
        {
            var perSample = new List<double[,]>();
            var perSampleWithoutBos = new List<double[,]>();
            ModelThreads.Configure(ctx.Parameters.Model);
            using var lm = LanguageModelStore.Load(ctx, ctx.Paths.FineTuneSeed(dataset, conditionKey, seed));
            StageProgress.Bars(ctx.Console, progress =>
            {
                var task = progress.AddTask(Markup.Escape($"saliency {dataset}-{conditionKey} seed {seed}"), maxValue: test.Count);
                foreach (var record in test)
                {
                    var prompt = PromptBuilder.Build(record, condition, labels);
                    SaliencySample sample;
                    try
                    {
                        sample = lm.Saliency(prompt, candidates, p.IncludeBos);
                    }
                    catch (ArgumentException e)
                    {
                        throw new StageException($"saliency {dataset}-{conditionKey}, seed {seed}, record {record.Id}: {e.Message}");
                    }
                    perSample.Add(sample.Scores);
                    perSampleWithoutBos.Add(sample.ScoresWithoutBos);
                    var flows = LayerFlows.FromRows(sample.Scores);
                    lines.Add(JsonSerializer.Serialize(new SaliencySampleRecord(record.Id, sample.TokenIds, sample.Spans, sample.InformationPositions,
                        sample.TargetPosition, sample.GoldToken, sample.LossTokens, flows.Swp, flows.Spq, flows.Sww,
                        LayerFlows.FromRows(sample.ScoresWithoutBos), seed), StageJson.Compact));
                    peak = Math.Max(peak, Environment.WorkingSet);
                    task.Increment(1);
                    progress.Tick();
                }
            });
            seeds.Add(new SeedFlows(seed,
                LayerFlows.FromRows(FlowProportions.Compute(perSample)), LayerFlows.FromRows(FlowProportions.Mean(perSample)),
                new FlowVariant(LayerFlows.FromRows(FlowProportions.Compute(perSampleWithoutBos)), LayerFlows.FromRows(FlowProportions.Mean(perSampleWithoutBos)))));
        }
        var seconds = clock.Elapsed.TotalSeconds;
        // Each seed's model is one measurement: the top level is the mean over seeds of each seed's proportions and raw means.
        var proportions = MeanOverSeeds(seeds.Select(s => s.Proportions));
        var withoutBos = MeanOverSeeds(seeds.Select(s => s.BosExcluded!.Proportions));
        AtomicFile.WriteAllLines(output.File(SaliencyOutput.Samples), lines);
        // Spec A7: the same flows with the BOS column (LLaMA's attention sink at position 0) left out.
        var summary = new SaliencySummary(dataset, conditionKey, test.Count, ParametersFile.Name(p.Loss), p.IncludeBos, proportions.GetLength(1),
            LayerFlows.FromRows(proportions), LayerFlows.FromRows(MeanOverSeeds(seeds.Select(s => s.RawMeans))),
            new FlowVariant(LayerFlows.FromRows(withoutBos), LayerFlows.FromRows(MeanOverSeeds(seeds.Select(s => s.BosExcluded!.RawMeans)))),
            seeds);
        AtomicFile.WriteAllText(output.File(SaliencyOutput.Flow), FlowCsvFormat.Text(FlowCsvFormat.Rows(dataset, proportions)));
        AtomicFile.WriteAllText(output.File(SaliencyOutput.FlowWithoutBos), FlowCsvFormat.Text(FlowCsvFormat.Rows(dataset, withoutBos)));
        AtomicFile.WriteAllText(output.File(SaliencyOutput.Summary), JsonSerializer.Serialize(summary, StageJson.Options) + "\n");
        output.Commit();
        // Throughput and memory are printed, not written: they vary from run to run and outputs must not.
        ctx.Console.MarkupLineInterpolated(
            $"saliency [bold]{dataset}-{conditionKey}[/]: {test.Count} samples x {seeds.Count} seeds, {test.Count * seeds.Count / Math.Max(seconds, 1e-9):F1} samples/s, peak working set {peak / (1024.0 * 1024.0):F0} MiB");
    }

    /// <summary>The element-wise mean over seeds of per-layer flows, as a [3, layers] array.</summary>
    internal static double[,] MeanOverSeeds(IEnumerable<LayerFlows> seeds) =>
        FlowProportions.Mean(seeds.Select(f => ToRows(f)).ToList());

    private static double[,] ToRows(LayerFlows f)
    {
        var rows = new double[3, f.Swp.Length];
        for (var l = 0; l < f.Swp.Length; l++)
        {
            (rows[0, l], rows[1, l], rows[2, l]) = (f.Swp[l], f.Spq[l], f.Sww[l]);
        }
        return rows;
    }

    /// <summary>
    /// The label set of the restricted loss (spec A2): the text-level answers 1..C, or for word level every word-level
    /// label of the data and 無い, since a word-level answer starts with its first pair's label.
    /// </summary>
    internal static IReadOnlyList<string> LabelAnswers(Condition condition, IReadOnlyList<string> labels, IEnumerable<Domain.Records.MreRecord> records) =>
        Conditions.IsWordLevel(condition)
            ? [.. DatasetLabels.WordLabels(records).Order(StringComparer.Ordinal), AnswerFormat.NoPairs]
            : Enumerable.Range(1, labels.Count).Select(i => i.ToString(CultureInfo.InvariantCulture)).ToList();
}
