using System.Globalization;
using System.Runtime.InteropServices;
using System.Text.Json;
using MreRepro.Domain.Metrics;
using MreRepro.Reporting.Model;
using MreRepro.Stages.Common;
using MreRepro.Stages.Definition;
using MreRepro.Stages.Engine;

namespace MreRepro.Stages.Report;

/// <summary>Reads the stage outputs of a profile into the report model (tables, figures, run facts).</summary>
public static class ReportAssembler
{
    private const string Control = "control";

    public static ReportModel Build(StageContext ctx, string figuresFolder)
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
            table1.Add(Table1Row(ctx, name, paper, group));
            var wl = Evaluation(ctx, name, "wl");
            var tli = Evaluation(ctx, name, "tli");
            table2.Add(new WordLevelRow(name, paper, new MetricPair(
                Seeds(wl, m => m.F1), Seeds(tli, m => m.F1),
                Interval(BootstrapInterval.Difference(tli.Counts, wl.Counts, c => WordLevelF1.Pool(c).F1, p.BootstrapResamples, p.BootstrapSeed))), group));
            var tl = Evaluation(ctx, name, "tl");
            var wli = Evaluation(ctx, name, "wli");
            var labels = tl.Gold.Distinct().Order(StringComparer.Ordinal).ToList();
            table3.Add(new TextLevelRow(name, paper,
                new MetricPair(Seeds(tl, m => m.MacroF1), Seeds(wli, m => m.MacroF1),
                    Interval(BootstrapInterval.Difference(wli.Pairs, tl.Pairs, s => MacroF1(s, labels), p.BootstrapResamples, p.BootstrapSeed))),
                new MetricPair(Seeds(tl, m => m.Accuracy), Seeds(wli, m => m.Accuracy),
                    Interval(BootstrapInterval.Difference(wli.Pairs, tl.Pairs, Accuracy, p.BootstrapResamples, p.BootstrapSeed))),
                group));
            var manual = FewShot(ctx, name, "manual");
            var kv = FewShot(ctx, name, "kv");
            var fewShotLabels = manual.Pairs.Select(s => s.Gold).Distinct().Order(StringComparer.Ordinal).ToList();
            table4.Add(new FewShotRow(name, paper,
                new MetricPair(Single(manual.MacroF1), Single(kv.MacroF1),
                    Interval(BootstrapInterval.Difference(kv.Pairs, manual.Pairs, s => MacroF1(s, fewShotLabels), p.BootstrapResamples, p.BootstrapSeed))),
                new MetricPair(Single(manual.Accuracy), Single(kv.Accuracy),
                    Interval(BootstrapInterval.Difference(kv.Pairs, manual.Pairs, Accuracy, p.BootstrapResamples, p.BootstrapSeed))),
                group));
            figure4.Add(Flow(ctx, name, "tli"));
            figure5.Add(Flow(ctx, name, "wli"));
            figure4Bos.Add(Flow(ctx, name, "tli", BosExcluded));
            figure5Bos.Add(Flow(ctx, name, "wli", BosExcluded));
            labelWords.AddRange(LabelWords(ctx, name));
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
        return new ReportModel(ctx.Parameters.Report.Title, null, Facts(ctx), table1, table2, table3, table4, figures)
        {
            LabelWords = labelWords,
            DoseResponse = DoseResponse.From(DosePoints(ctx, table2, table3), Path.Combine(figuresFolder, "dose-response.png"), Path.Combine(figuresFolder, "dose-response.svg")),
        };
    }

    private const string BosExcluded = "bos_excluded";

    /// <summary>
    /// The points of the dose-response figure, only for paper datasets generated at three or more strengths (a sweep):
    /// the Table 2 and 3 gains with their bootstrap intervals, and the mean S_pq proportion over layers of both
    /// information conditions with a bootstrap interval over the saliency samples.
    /// </summary>
    private static List<DosePoint> DosePoints(StageContext ctx, IReadOnlyList<WordLevelRow> table2, IReadOnlyList<TextLevelRow> table3)
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
                var samples = SaliencySamples(ctx, name, condition);
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

    private static List<double[,]> SaliencySamples(StageContext ctx, string dataset, string condition)
    {
        var samples = new List<double[,]>();
        foreach (var line in File.ReadLines(Path.Combine(ctx.Paths.Saliency(dataset, condition), "samples.jsonl")))
        {
            using var doc = JsonDocument.Parse(line);
            var rows = new[] { "s_wp", "s_pq", "s_ww" }.Select(k => doc.RootElement.GetProperty(k).EnumerateArray().Select(v => v.GetDouble()).ToArray()).ToArray();
            var flows = new double[3, rows[0].Length];
            for (var k = 0; k < 3; k++)
            {
                for (var l = 0; l < rows[k].Length; l++)
                {
                    flows[k, l] = rows[k][l];
                }
            }
            samples.Add(flows);
        }
        return samples;
    }

    /// <summary>The KV's label words per class (label_words.txt, one line per class in the order metrics.json's classes gives).</summary>
    private static IEnumerable<LabelWordsRow> LabelWords(StageContext ctx, string dataset)
    {
        var folder = ctx.Paths.Verbalizer(dataset, "kv");
        using var metrics = JsonDocument.Parse(File.ReadAllText(Path.Combine(folder, "metrics.json")));
        if (!metrics.RootElement.TryGetProperty("classes", out var classes))
        {
            return [];
        }
        var lines = File.ReadAllLines(Path.Combine(folder, "label_words.txt"));
        return classes.EnumerateArray().Select((c, i) => new LabelWordsRow(dataset, c.GetString()!,
            i < lines.Length && lines[i].Length > 0 ? lines[i].Split(',') : [])).ToList();
    }

    private static Score Single(double? value) => value is double v ? Score.Single(v) : Score.Missing;

    private static ConfidenceInterval Interval(DifferenceInterval d) => new(d.Lower, d.Upper, d.Level);

    private static Score Seeds(EvaluationOutput e, Func<SeedScores, double?> metric)
    {
        var values = e.Seeds.Select(metric).Where(v => v.HasValue).Select(v => v!.Value).ToList();
        return values.Count == 0 ? Score.Missing : Score.FromSeeds(values);
    }

    private static double Accuracy(IReadOnlyList<(string Gold, string? Predicted)> samples) =>
        samples.Count == 0 ? 0 : samples.Count(s => s.Gold == s.Predicted) / (double)samples.Count;

    private static double MacroF1(IReadOnlyList<(string Gold, string? Predicted)> samples, IReadOnlyList<string> labels) =>
        TextLevelMetrics.Compute(samples.Select(s => s.Gold).ToList(), samples.Select(s => s.Predicted).ToList(), labels).MacroF1;

    private static DatasetRow Table1Row(StageContext ctx, string name, string? paper, string? group)
    {
        using var doc = JsonDocument.Parse(File.ReadAllText(Path.Combine(ctx.Paths.Split(name), "stats.json")));
        var root = doc.RootElement;
        var labels = root.GetProperty("train").GetProperty("text_labels").EnumerateArray()
            .Select(l => new LabelCount(l.GetProperty("label").GetString()!, l.GetProperty("count").GetInt32())).ToList();
        return new DatasetRow(name, paper, root.GetProperty("table1").GetProperty("train_size").GetInt32(),
            root.GetProperty("table1").GetProperty("test_size").GetInt32(), labels, group);
    }

    private sealed record SeedScores(double? F1, double? Accuracy, double? MacroF1);

    /// <summary>Per-seed scores, and the first seed's per-sample data for the paired bootstrap.</summary>
    private sealed record EvaluationOutput(IReadOnlyList<SeedScores> Seeds, IReadOnlyList<PairCounts> Counts,
        IReadOnlyList<(string Gold, string? Predicted)> Pairs)
    {
        public IEnumerable<string> Gold => Pairs.Select(p => p.Gold);
    }

    private static EvaluationOutput Evaluation(StageContext ctx, string dataset, string condition)
    {
        var folder = ctx.Paths.Evaluate(dataset, condition);
        using var metrics = JsonDocument.Parse(File.ReadAllText(Path.Combine(folder, "metrics.json")));
        var seeds = metrics.RootElement.GetProperty("per_seed").EnumerateArray()
            .Select(s => new SeedScores(Number(s, "f1"), Number(s, "accuracy"), Number(s, "macro_f1"))).ToList();
        var firstSeed = ctx.Parameters.Finetune.Seeds[0];
        var counts = new List<PairCounts>();
        var pairs = new List<(string, string?)>();
        foreach (var line in File.ReadLines(Path.Combine(folder, "predictions.jsonl")))
        {
            using var doc = JsonDocument.Parse(line);
            var r = doc.RootElement;
            if (r.GetProperty("seed").GetInt32() != firstSeed)
            {
                continue;
            }
            if (Number(r, "true_positives") is double tp)
            {
                counts.Add(new PairCounts((int)tp, (int)Number(r, "predicted_pairs")!.Value, (int)Number(r, "gold_pairs")!.Value));
            }
            if (r.TryGetProperty("gold_label", out var gold) && gold.ValueKind == JsonValueKind.String)
            {
                pairs.Add((gold.GetString()!, r.GetProperty("parsed").ValueKind == JsonValueKind.String ? r.GetProperty("parsed").GetString() : null));
            }
        }
        return new EvaluationOutput(seeds, counts, pairs);
    }

    private sealed record FewShotOutput(double? Accuracy, double? MacroF1, IReadOnlyList<(string Gold, string? Predicted)> Pairs);

    private static FewShotOutput FewShot(StageContext ctx, string dataset, string verbalizer)
    {
        var folder = ctx.Paths.Verbalizer(dataset, verbalizer);
        using var metrics = JsonDocument.Parse(File.ReadAllText(Path.Combine(folder, "metrics.json")));
        var pairs = new List<(string, string?)>();
        foreach (var line in File.ReadLines(Path.Combine(folder, "predictions.jsonl")))
        {
            using var doc = JsonDocument.Parse(line);
            var r = doc.RootElement;
            pairs.Add((Text(r, "gold", "gold_label")!, Text(r, "predicted", "predicted_label")));
        }
        return new FewShotOutput(Number(metrics.RootElement, "accuracy"), Number(metrics.RootElement, "macro_f1"), pairs);
    }

    private static FlowPanel Flow(StageContext ctx, string dataset, string condition) => Flow(ctx, dataset, condition, null)!;

    /// <summary>A panel from summary.json's proportions, or from a variant's (e.g. bos_excluded); null when the summary has no such variant.</summary>
    private static FlowPanel? Flow(StageContext ctx, string dataset, string condition, string? variant)
    {
        using var doc = JsonDocument.Parse(File.ReadAllText(Path.Combine(ctx.Paths.Saliency(dataset, condition), "summary.json")));
        var root = doc.RootElement;
        if (variant is not null && !root.TryGetProperty(variant, out root))
        {
            return null;
        }
        var proportions = root.GetProperty("proportions");
        double?[] Row(string key) => proportions.GetProperty(key).EnumerateArray().Select(v => (double?)v.GetDouble()).ToArray();
        var swp = Row("s_wp");
        return new FlowPanel(dataset, Enumerable.Range(0, swp.Length).ToList(), swp, Row("s_pq"), Row("s_ww"));
    }

    private static RunFacts Facts(StageContext ctx)
    {
        var parameters = new Dictionary<string, object?>();
        Flatten(JsonSerializer.SerializeToElement(ctx.Parameters, StageJson.Options), "", parameters);
        var model = new Dictionary<string, object?>();
        var config = Path.Combine(LanguageModel.LanguageModelStore.BaseFolder(ctx), "config.json");
        if (File.Exists(config))
        {
            Flatten(JsonDocument.Parse(File.ReadAllText(config)).RootElement, "", model);
        }
        var times = StageTimes.Read(ctx.Root, ctx.Profile);
        var stages = times.OrderBy(t => t.Key, StringComparer.Ordinal)
            .Select(t => new StageTiming(t.Key, t.Value.Seconds, t.Value.Outcome is "cached" or "restored" or "skipped")).ToList();
        var hardware = string.Create(CultureInfo.InvariantCulture,
            $"{RuntimeInformation.OSDescription}, {RuntimeInformation.ProcessArchitecture}, {Environment.ProcessorCount} cores, {GC.GetGCMemoryInfo().TotalAvailableMemoryBytes / (1024.0 * 1024 * 1024):F1} GiB, device {ctx.Parameters.Model.Device}");
        return new RunFacts(GitCommit(ctx.Root), ctx.Profile, parameters, DataHash(ctx.Root), model, hardware,
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

    private static string? DataHash(string root)
    {
        var file = Path.Combine(root, "data.dvc");
        return File.Exists(file) ? Pipeline.Dvc.DvcFile.Load(file).Hash.Md5 : null;
    }

    private static double? Number(JsonElement e, string name) =>
        e.TryGetProperty(name, out var v) && v.ValueKind == JsonValueKind.Number ? v.GetDouble() : null;

    private static string? Text(JsonElement e, params string[] names)
    {
        foreach (var name in names)
        {
            if (e.TryGetProperty(name, out var v) && v.ValueKind == JsonValueKind.String)
            {
                return v.GetString();
            }
        }
        return null;
    }
}
