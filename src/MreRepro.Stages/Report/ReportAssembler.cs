using System.Globalization;
using System.Runtime.InteropServices;
using System.Text.Json;
using MreRepro.Domain.Metrics;
using MreRepro.Reporting.Model;
using MreRepro.Stages.Common;
using MreRepro.Stages.Contracts;
using MreRepro.Stages.ModelAccess;
using MreRepro.Stages.Parameters;

namespace MreRepro.Stages.Report;

/// <summary>
/// Reads the stage outputs of a profile into the report model (tables, figures, run facts), through their typed
/// contracts. Every file read goes through <paramref name="inputs"/>, so the report stage can check them against its deps.
/// </summary>
public static class ReportAssembler
{
    private const string Control = "control";

    public static ReportModel Build(StageContext ctx, string figuresFolder, ReportInputs inputs)
    {
        var datasets = ctx.Parameters.Datasets;
        var table1 = new List<DatasetRow>();
        var table2 = new List<WordLevelRow>();
        var table3 = new List<TextLevelRow>();
        var table4 = new List<FewShotRow>();
        var figure4 = new List<FlowPanel>();
        var figure5 = new List<FlowPanel>();
        var figure4Bos = new List<FlowPanel?>();
        var figure5Bos = new List<FlowPanel?>();
        var labelWords = new List<LabelWordsRow>();
        var p = ctx.Parameters.Evaluate;
        foreach (var (name, d) in datasets)
        {
            var paper = d.Strength is 0 ? null : d.Paper;
            var group = d.Strength is 0 ? Control : null;
            table1.Add(Table1Row(inputs, ctx, name, paper, group));
            var wl = Evaluation(inputs, ctx, name, "wl");
            var tli = Evaluation(inputs, ctx, name, "tli");
            table2.Add(new WordLevelRow(name, paper, new MetricPair(
                Seeds(wl, m => m.F1), Seeds(tli, m => m.F1),
                Interval(BootstrapInterval.Difference(tli.Counts, wl.Counts, c => WordLevelF1.Pool(c).F1, p.BootstrapResamples, p.BootstrapSeed))), group));
            var tl = Evaluation(inputs, ctx, name, "tl");
            var wli = Evaluation(inputs, ctx, name, "wli");
            var labels = tl.Gold.Distinct().Order(StringComparer.Ordinal).ToList();
            table3.Add(new TextLevelRow(name, paper,
                new MetricPair(Seeds(tl, m => m.MacroF1), Seeds(wli, m => m.MacroF1),
                    Interval(BootstrapInterval.Difference(wli.Pairs, tl.Pairs, s => MacroF1(s, labels), p.BootstrapResamples, p.BootstrapSeed))),
                new MetricPair(Seeds(tl, m => m.Accuracy), Seeds(wli, m => m.Accuracy),
                    Interval(BootstrapInterval.Difference(wli.Pairs, tl.Pairs, Accuracy, p.BootstrapResamples, p.BootstrapSeed))),
                group));
            var manual = FewShot(inputs, ctx, name, "manual");
            var kv = FewShot(inputs, ctx, name, "kv");
            var fewShotLabels = manual.Pairs.Select(s => s.Gold).Distinct().Order(StringComparer.Ordinal).ToList();
            table4.Add(new FewShotRow(name, paper,
                new MetricPair(Single(manual.MacroF1), Single(kv.MacroF1),
                    Interval(BootstrapInterval.Difference(kv.Pairs, manual.Pairs, s => MacroF1(s, fewShotLabels), p.BootstrapResamples, p.BootstrapSeed))),
                new MetricPair(Single(manual.Accuracy), Single(kv.Accuracy),
                    Interval(BootstrapInterval.Difference(kv.Pairs, manual.Pairs, Accuracy, p.BootstrapResamples, p.BootstrapSeed))),
                group));
            figure4.Add(Flow(inputs, ctx, name, "tli"));
            figure5.Add(Flow(inputs, ctx, name, "wli"));
            figure4Bos.Add(FlowWithoutBos(inputs, ctx, name, "tli"));
            figure5Bos.Add(FlowWithoutBos(inputs, ctx, name, "wli"));
            labelWords.AddRange(LabelWords(inputs, ctx, name));
        }
        var figures = new List<FlowFigureModel>
        {
            new("figure4", "Figure 4: information flow with the text-level label supplied (Text+TLI -> word level)", figure4,
                Path.Combine(figuresFolder, "figure4.png"), Path.Combine(figuresFolder, "figure4.svg")),
            new("figure5", "Figure 5: information flow with the word-level pairs supplied (Text+WLI -> text level)", figure5,
                Path.Combine(figuresFolder, "figure5.png"), Path.Combine(figuresFolder, "figure5.svg")),
        };
        // Spec A7: the same flows with the BOS column (LLaMA's attention sink) left out, beside the default.
        if (figure4Bos.Concat(figure5Bos).All(panel => panel is not null))
        {
            figures.Add(new("figure4-bos-excluded", "Figure 4, BOS column excluded (spec A7)", figure4Bos.Select(panel => panel!).ToList(),
                Path.Combine(figuresFolder, "figure4-bos-excluded.png"), Path.Combine(figuresFolder, "figure4-bos-excluded.svg")));
            figures.Add(new("figure5-bos-excluded", "Figure 5, BOS column excluded (spec A7)", figure5Bos.Select(panel => panel!).ToList(),
                Path.Combine(figuresFolder, "figure5-bos-excluded.png"), Path.Combine(figuresFolder, "figure5-bos-excluded.svg")));
        }
        return new ReportModel(ctx.Parameters.Report.Title, null, Facts(inputs, ctx), table1, table2, table3, table4, figures)
        {
            LabelWords = labelWords,
            DoseResponse = DoseResponse.From(DosePoints(inputs, ctx, table2, table3), Path.Combine(figuresFolder, "dose-response.png"), Path.Combine(figuresFolder, "dose-response.svg")),
        };
    }

    /// <summary>
    /// The points of the dose-response figure, only for paper datasets generated at three or more strengths (a sweep):
    /// the Table 2 and 3 gains with their bootstrap intervals, and the mean S_pq proportion over layers of both
    /// information conditions with a bootstrap interval over the saliency samples.
    /// </summary>
    private static List<DosePoint> DosePoints(ReportInputs inputs, StageContext ctx, IReadOnlyList<WordLevelRow> table2, IReadOnlyList<TextLevelRow> table3)
    {
        var p = ctx.Parameters.Evaluate;
        var swept = ctx.Parameters.Datasets.Where(d => d.Value.Strength is not null)
            .GroupBy(d => d.Value.Paper).Where(g => g.Select(d => d.Value.Strength).Distinct().Count() >= DoseResponse.MinimumStrengths)
            .SelectMany(g => g).ToList();
        var points = new List<DosePoint>();
        foreach (var (name, d) in swept)
        {
            var strength = d.Strength!.Value;
            var word = table2.First(r => r.Dataset == name).F1;
            var text = table3.First(r => r.Dataset == name).MacroF1;
            points.Add(new(DoseResponse.WordLevelGain, d.Paper, strength, word.With.Mean - word.Without.Mean, word.DifferenceInterval?.Lower, word.DifferenceInterval?.Upper));
            points.Add(new(DoseResponse.TextLevelGain, d.Paper, strength, text.With.Mean - text.Without.Mean, text.DifferenceInterval?.Lower, text.DifferenceInterval?.Upper));
            foreach (var (measure, condition) in new[] { (DoseResponse.FlowTli, "tli"), (DoseResponse.FlowWli, "wli") })
            {
                var samples = SaliencySamples(inputs, ctx, name, condition);
                var interval = BootstrapInterval.Of(samples, MeanSpq, p.BootstrapResamples, p.BootstrapSeed);
                points.Add(new(measure, d.Paper, strength, interval.Estimate, interval.Lower, interval.Upper));
            }
        }
        return points;
    }

    // Spec A6 proportions of the samples, then S_pq averaged over layers.
    private static double MeanSpq(IReadOnlyList<double[,]> samples)
    {
        var proportions = Domain.Saliency.FlowProportions.Compute(samples);
        var layers = proportions.GetLength(1);
        return layers == 0 ? 0 : Enumerable.Range(0, layers).Average(l => proportions[1, l]);
    }

    private static List<double[,]> SaliencySamples(ReportInputs inputs, StageContext ctx, string dataset, string condition) =>
        inputs.JsonLines<SaliencySampleRecord>(Path.Combine(ctx.Paths.Saliency(dataset, condition), SaliencyOutput.Samples))
            .Select(r =>
            {
                var flows = new double[3, r.Swp.Length];
                for (var l = 0; l < r.Swp.Length; l++)
                {
                    flows[0, l] = r.Swp[l];
                    flows[1, l] = r.Spq[l];
                    flows[2, l] = r.Sww[l];
                }
                return flows;
            }).ToList();

    /// <summary>The KV's label words per class (label_words.txt, one line per class in the order metrics.json's classes gives).</summary>
    private static IEnumerable<LabelWordsRow> LabelWords(ReportInputs inputs, StageContext ctx, string dataset)
    {
        var folder = ctx.Paths.Verbalizer(dataset, "kv");
        var metrics = inputs.Json<VerbalizerMetrics>(Path.Combine(folder, VerbalizerOutput.Metrics));
        if (metrics.Classes is not { } classes)
        {
            return [];
        }
        var lines = inputs.Text(Path.Combine(folder, VerbalizerOutput.LabelWords)).Split('\n');
        return classes.Select((c, i) => new LabelWordsRow(dataset, c,
            i < lines.Length && lines[i].Length > 0 ? lines[i].Split(',') : [])).ToList();
    }

    private static Score Single(double? value) => value is double v ? Score.Single(v) : Score.Missing;

    private static ConfidenceInterval Interval(DifferenceInterval d) => new(d.Lower, d.Upper, d.Level);

    private static Score Seeds(EvaluationOutput e, Func<SeedMetrics, double?> metric)
    {
        var values = e.Seeds.Select(metric).Where(v => v.HasValue).Select(v => v!.Value).ToList();
        return values.Count == 0 ? Score.Missing : Score.FromSeeds(values);
    }

    private static double Accuracy(IReadOnlyList<(string Gold, string? Predicted)> samples) =>
        samples.Count == 0 ? 0 : samples.Count(s => s.Gold == s.Predicted) / (double)samples.Count;

    private static double MacroF1(IReadOnlyList<(string Gold, string? Predicted)> samples, IReadOnlyList<string> labels) =>
        TextLevelMetrics.Compute(samples.Select(s => s.Gold).ToList(), samples.Select(s => s.Predicted).ToList(), labels).MacroF1;

    private static DatasetRow Table1Row(ReportInputs inputs, StageContext ctx, string name, string? paper, string? group)
    {
        var stats = inputs.Json<SplitStats>(Path.Combine(ctx.Paths.Split(name), SplitOutput.Stats));
        var labels = stats.Train.TextLabels.Select(l => new LabelCount(l.Label, l.Count)).ToList();
        return new DatasetRow(name, paper, stats.Table1.TrainSize, stats.Table1.TestSize, labels, group);
    }

    /// <summary>Per-seed scores, and the first seed's per-sample data for the paired bootstrap.</summary>
    private sealed record EvaluationOutput(IReadOnlyList<SeedMetrics> Seeds, IReadOnlyList<PairCounts> Counts,
        IReadOnlyList<(string Gold, string? Predicted)> Pairs)
    {
        public IEnumerable<string> Gold => Pairs.Select(p => p.Gold);
    }

    private static EvaluationOutput Evaluation(ReportInputs inputs, StageContext ctx, string dataset, string condition)
    {
        var folder = ctx.Paths.Evaluate(dataset, condition);
        var metrics = inputs.Json<EvaluationMetrics>(Path.Combine(folder, Contracts.EvaluationOutput.Metrics));
        var firstSeed = ctx.Parameters.Finetune.Seeds[0];
        var samples = inputs.JsonLines<SamplePrediction>(Path.Combine(folder, Contracts.EvaluationOutput.Predictions))
            .Where(s => s.Seed == firstSeed).ToList();
        var counts = samples.Where(s => s.TruePositives is not null)
            .Select(s => new PairCounts(s.TruePositives!.Value, s.PredictedPairs!.Value, s.GoldPairs!.Value)).ToList();
        var pairs = samples.Where(s => s.GoldLabel is not null).Select(s => (s.GoldLabel!, s.Parsed)).ToList();
        return new EvaluationOutput(metrics.PerSeed, counts, pairs);
    }

    private sealed record FewShotOutput(double? Accuracy, double? MacroF1, IReadOnlyList<(string Gold, string? Predicted)> Pairs);

    private static FewShotOutput FewShot(ReportInputs inputs, StageContext ctx, string dataset, string verbalizer)
    {
        var folder = ctx.Paths.Verbalizer(dataset, verbalizer);
        var metrics = inputs.Json<VerbalizerMetrics>(Path.Combine(folder, VerbalizerOutput.Metrics));
        var pairs = inputs.JsonLines<VerbalizerPrediction>(Path.Combine(folder, VerbalizerOutput.Predictions))
            .Select(p => (p.Gold, p.Predicted)).ToList();
        return new FewShotOutput(metrics.Accuracy, metrics.MacroF1, pairs);
    }

    private static FlowPanel Flow(ReportInputs inputs, StageContext ctx, string dataset, string condition) =>
        Panel(dataset, inputs.Json<SaliencySummary>(Path.Combine(ctx.Paths.Saliency(dataset, condition), SaliencyOutput.Summary)).Proportions);

    /// <summary>The panel of the BOS-excluded variant (spec A7); null when the summary predates it.</summary>
    private static FlowPanel? FlowWithoutBos(ReportInputs inputs, StageContext ctx, string dataset, string condition) =>
        inputs.Json<SaliencySummary>(Path.Combine(ctx.Paths.Saliency(dataset, condition), SaliencyOutput.Summary)).BosExcluded is { } variant
            ? Panel(dataset, variant.Proportions)
            : null;

    private static FlowPanel Panel(string dataset, LayerFlows proportions)
    {
        static double?[] Values(double[] row) => row.Select(v => (double?)v).ToArray();
        return new FlowPanel(dataset, Enumerable.Range(0, proportions.Swp.Length).ToList(),
            Values(proportions.Swp), Values(proportions.Spq), Values(proportions.Sww));
    }

    private static RunFacts Facts(ReportInputs inputs, StageContext ctx)
    {
        var parameters = new Dictionary<string, object?>();
        Flatten(JsonSerializer.SerializeToElement(ctx.Parameters, StageJson.Options), "", parameters);
        var model = new Dictionary<string, object?>();
        using (var config = JsonDocument.Parse(inputs.Text(ctx.Resolve(ModelFolders.BaseConfigRelative(ctx.Profile, ctx.Parameters.Model)))))
        {
            Flatten(config.RootElement, "", model);
        }
        var times = StageTimes.Read(ctx.Root, ctx.Profile);
        var stages = times.OrderBy(t => t.Key, StringComparer.Ordinal)
            .Select(t => new StageTiming(t.Key, t.Value.Seconds, t.Value.Outcome is "cached" or "restored" or "skipped")).ToList();
        var hardware = string.Create(CultureInfo.InvariantCulture,
            $"{RuntimeInformation.OSDescription}, {RuntimeInformation.ProcessArchitecture}, {Environment.ProcessorCount} cores, {GC.GetGCMemoryInfo().TotalAvailableMemoryBytes / (1024.0 * 1024 * 1024):F1} GiB, device {ParametersFile.Name(ctx.Parameters.Model.Device)}");
        return new RunFacts(GitCommit(ctx.Root), ctx.Profile, parameters, DataHash(inputs, ctx.Root), model, hardware,
            ctx.Parameters.Finetune.Seeds, stages);
    }

    private static void Flatten(JsonElement element, string prefix, Dictionary<string, object?> into)
    {
        switch (element.ValueKind)
        {
            case JsonValueKind.Object:
                foreach (var p in element.EnumerateObject())
                {
                    Flatten(p.Value, prefix.Length == 0 ? p.Name : $"{prefix}.{p.Name}", into);
                }
                break;
            case JsonValueKind.Number:
                into[prefix] = element.GetDouble();
                break;
            case JsonValueKind.True or JsonValueKind.False:
                into[prefix] = element.GetBoolean();
                break;
            case JsonValueKind.Null:
                into[prefix] = null;
                break;
            default:
                into[prefix] = element.ValueKind == JsonValueKind.String ? element.GetString() : element.GetRawText();
                break;
        }
    }

    private static string? GitCommit(string root)
    {
        var head = Path.Combine(root, ".git", "HEAD");
        if (!File.Exists(head))
        {
            return null;
        }
        var text = File.ReadAllText(head).Trim();
        if (!text.StartsWith("ref: ", StringComparison.Ordinal))
        {
            return text;
        }
        var reference = Path.Combine(root, ".git", text[5..]);
        if (File.Exists(reference))
        {
            return File.ReadAllText(reference).Trim();
        }
        var packed = Path.Combine(root, ".git", "packed-refs");
        return File.Exists(packed)
            ? File.ReadLines(packed).FirstOrDefault(l => l.EndsWith(" " + text[5..], StringComparison.Ordinal))?.Split(' ')[0]
            : null;
    }

    private static string? DataHash(ReportInputs inputs, string root)
    {
        var file = Path.Combine(root, "data.dvc");
        return inputs.Exists(file) ? Pipeline.Dvc.DvcFile.Load(file).Hash.Md5 : null;
    }
}
