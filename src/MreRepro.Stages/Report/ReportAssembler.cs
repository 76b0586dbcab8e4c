using System.Globalization;
using System.Runtime.InteropServices;
using System.Text.Json;
using MreRepro.Domain.Corpus;
using MreRepro.Domain.Metrics;
using MreRepro.Reporting.Model;
using MreRepro.Reporting.Statistics;
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
    /// <summary>A dataset's scored samples, kept to set a planted dataset against its control after every dataset is read.</summary>
    private sealed record DatasetSides(IReadOnlyList<SeedSamples<(WordSample With, WordSample Without)>> Words, TextSides TextLevel, TextSides Verbalizer);

    private readonly record struct TextSides(SeedPredictions<TextSample> With, SeedPredictions<TextSample> Without);

    private const string Control = "control";

    public static ReportModel Build(StageContext ctx, string figuresFolder, ReportInputs inputs)
    {
        var datasets = ctx.Parameters.Datasets;
        var table1 = new List<DatasetRow>();
        var table2 = new List<WordLevelRow>();
        var table3 = new List<TextLevelRow>();
        var table4 = new List<FewShotRow>();
        var malformed = new List<MalformedRow>();
        var labelWords = new List<LabelWordsRow>();
        var sides = new Dictionary<string, DatasetSides>(StringComparer.Ordinal);
        var p = ctx.Parameters.Evaluate;
        foreach (var (name, d) in datasets)
        {
            // The control has no paper counterpart; the others are looked up by the name the paper's tables print.
            var paper = d.Strength is 0 ? null : PrintedName(d.Paper);
            var group = d.Strength is 0 ? Control : null;
            table1.Add(Table1Row(inputs, ctx, name, paper, group));
            var wl = SeedPredictions.WordLevel(Predictions(inputs, ctx, name, "wl"));
            var tli = SeedPredictions.WordLevel(Predictions(inputs, ctx, name, "tli"));
            var words = SeedPredictions<WordSample>.Pair(tli, wl, $"{name} word level");
            var tl = SeedPredictions.TextLevel(Predictions(inputs, ctx, name, "tl"));
            table2.Add(new WordLevelRow(name, paper, SeedPredictions<WordSample>.Compare(words, SeedPredictions.F1, p.BootstrapResamples, p.BootstrapSeed), group)
            {
                SetF1 = SeedPredictions<WordSample>.Compare(words, SeedPredictions.SetF1, p.BootstrapResamples, p.BootstrapSeed),
                ByTextEvidence = ByTextEvidence(tli, wl, tl, $"{name} word level", p),
            });
            var wli = SeedPredictions.TextLevel(Predictions(inputs, ctx, name, "wli"));
            var (textMacroF1, textAccuracy) = CompareTextLevel(wli, tl, $"{name} text level", p);
            table3.Add(new TextLevelRow(name, paper, textMacroF1, textAccuracy, group));
            malformed.Add(new MalformedRow(name, "Text only → word level", wl.Seeds.Sum(s => s.Samples.Count(x => x.Sample.Malformed)), wl.Answers, group));
            malformed.Add(new MalformedRow(name, "Text+TLI → word level", tli.Seeds.Sum(s => s.Samples.Count(x => x.Sample.Malformed)), tli.Answers, group));
            malformed.Add(new MalformedRow(name, "Text only → text level", tl.Seeds.Sum(s => s.Samples.Count(x => x.Sample.Predicted is null)), tl.Answers, group));
            malformed.Add(new MalformedRow(name, "Text+WLI → text level", wli.Seeds.Sum(s => s.Samples.Count(x => x.Sample.Predicted is null)), wli.Answers, group));
            var manual = SeedPredictions.Verbalizer(VerbalizerPredictions(inputs, ctx, name, "manual"));
            var kv = SeedPredictions.Verbalizer(VerbalizerPredictions(inputs, ctx, name, "kv"));
            var (fewShotMacroF1, fewShotAccuracy) = CompareTextLevel(kv, manual, $"{name} verbalizer", p);
            table4.Add(new FewShotRow(name, paper, fewShotMacroF1, fewShotAccuracy, group));
            labelWords.AddRange(LabelWords(inputs, ctx, name));
            sides[name] = new DatasetSides(words, new TextSides(wli, tl), new TextSides(kv, manual));
        }
        foreach (var (planted, control) in PlantedAndControl(ctx))
        {
            var (a, b) = (sides[planted], sides[control]);
            var at = table2.FindIndex(r => r.Dataset == planted);   // the same row in Tables 2, 3 and 4: one loop added them
            table2[at] = table2[at] with { VersusControl = SeedPredictions<WordSample>.Contrast(a.Words, b.Words, control, SeedPredictions.F1, p.BootstrapResamples, p.BootstrapSeed) };
            table3[at] = table3[at] with { VersusControl = TextContrast(a.TextLevel, b.TextLevel, planted, control, "text level", p) };
            table4[at] = table4[at] with { VersusControl = TextContrast(a.Verbalizer, b.Verbalizer, planted, control, "verbalizer", p) };
        }
        var figures = new List<FlowFigureModel>
        {
            FlowFigure(inputs, ctx, figuresFolder, "figure4", "Figure 4: information flow with the text-level label supplied (Text+TLI -> word level)", "tli", bosExcluded: false)!,
            FlowFigure(inputs, ctx, figuresFolder, "figure5", "Figure 5: information flow with the word-level pairs supplied (Text+WLI -> text level)", "wli", bosExcluded: false)!,
        };
        // Spec A7: the same flows with the BOS column (LLaMA's attention sink) left out, beside the default.
        var figure4Bos = FlowFigure(inputs, ctx, figuresFolder, "figure4-bos-excluded", "Figure 4, BOS column excluded (spec A7)", "tli", bosExcluded: true);
        var figure5Bos = FlowFigure(inputs, ctx, figuresFolder, "figure5-bos-excluded", "Figure 5, BOS column excluded (spec A7)", "wli", bosExcluded: true);
        if (figure4Bos is not null && figure5Bos is not null)
        {
            figures.Add(figure4Bos);
            figures.Add(figure5Bos);
        }
        return new ReportModel(ctx.Parameters.Report.Title, null, Facts(inputs, ctx), table1, table2, table3, table4, figures)
        {
            LabelWords = labelWords,
            Malformed = malformed,
            DoseResponse = DoseResponse.From(DosePoints(inputs, ctx, table2, table3), Path.Combine(figuresFolder, "dose-response.png"), Path.Combine(figuresFolder, "dose-response.svg")),
        };
    }

    /// <summary>
    /// Table 2's gain where the Text-only text-level model of the same seed answered the sample right (the text reveals
    /// its label) and where it did not; null when the text-level answers cover none of the word-level samples.
    /// </summary>
    private static EvidenceSplit? ByTextEvidence(SeedPredictions<WordSample> with, SeedPredictions<WordSample> without, SeedPredictions<TextSample> textOnly, string what, EvaluateParameters p)
    {
        var right = textOnly.Seeds.SelectMany(s => s.Samples.Select(x => (s.Seed, x.Id, Right: x.Sample.Predicted == x.Sample.Gold)))
            .ToDictionary(x => (x.Seed, x.Id), x => x.Right);
        var revealed = SeedPredictions<WordSample>.Pair(with, without, what, (seed, id) => right.GetValueOrDefault((seed, id)) is true);
        var hidden = SeedPredictions<WordSample>.Pair(with, without, what, (seed, id) => right.TryGetValue((seed, id), out var r) && !r);
        if (revealed.Count == 0 && hidden.Count == 0)
        {
            return null;
        }
        return new EvidenceSplit(revealed.Sum(s => s.Samples.Count), hidden.Sum(s => s.Samples.Count),
            SeedPredictions<WordSample>.Gain(revealed, SeedPredictions.F1, p.BootstrapResamples, p.BootstrapSeed),
            SeedPredictions<WordSample>.Gain(hidden, SeedPredictions.F1, p.BootstrapResamples, p.BootstrapSeed));
    }

    /// <summary>
    /// Each planted dataset (strength above 0) with its paper dataset's control, where the profile has exactly one
    /// control (strength 0) for that paper dataset; in the profile's order.
    /// </summary>
    private static IEnumerable<(string Planted, string Control)> PlantedAndControl(StageContext ctx) =>
        ctx.Parameters.Datasets.GroupBy(d => d.Value.Paper)
            .Where(g => g.Count(d => d.Value.Strength is 0) == 1)
            .SelectMany(g => g.Where(d => d.Value.Strength is > 0).Select(d => (d.Key, g.Single(c => c.Value.Strength is 0).Key)));

    /// <summary>A planted dataset's text-level macro-F1 gain against its control's, over the labels any of the four sides uses.</summary>
    private static ControlContrast TextContrast(TextSides planted, TextSides control, string plantedName, string controlName, string what, EvaluateParameters p)
    {
        var labels = SeedPredictions.Labels(planted.With, planted.Without, control.With, control.Without);
        return SeedPredictions<TextSample>.Contrast(
            SeedPredictions<TextSample>.Pair(planted.With, planted.Without, $"{plantedName} {what}"),
            SeedPredictions<TextSample>.Pair(control.With, control.Without, $"{controlName} {what}"),
            controlName, SeedPredictions.MacroF1(labels), p.BootstrapResamples, p.BootstrapSeed);
    }

    /// <summary>Text-level classes scored with and without on the same samples of the same seeds: macro-F1 over the labels either side uses, and accuracy.</summary>
    private static (MetricPair MacroF1, MetricPair Accuracy) CompareTextLevel(SeedPredictions<TextSample> with, SeedPredictions<TextSample> without, string what, EvaluateParameters p)
    {
        var paired = SeedPredictions<TextSample>.Pair(with, without, what);
        var labels = SeedPredictions.Labels(without, with);
        return (SeedPredictions<TextSample>.Compare(paired, SeedPredictions.MacroF1(labels), p.BootstrapResamples, p.BootstrapSeed),
            SeedPredictions<TextSample>.Compare(paired, SeedPredictions.Accuracy, p.BootstrapResamples, p.BootstrapSeed));
    }

    /// <summary>
    /// One flow figure: a panel per dataset, each paper dataset's planted ones followed by its control (strength 0, same
    /// paper dataset) so that they sit side by side, and the planted-versus-control comparisons. Null for the
    /// BOS-excluded variant when some dataset's samples predate it.
    /// </summary>
    private static FlowFigureModel? FlowFigure(ReportInputs inputs, StageContext ctx, string folder, string id, string title, string condition, bool bosExcluded)
    {
        var p = ctx.Parameters.Evaluate;
        var flows = new Dictionary<string, FlowSeeds>(StringComparer.Ordinal);
        foreach (var (name, _) in ctx.Parameters.Datasets)
        {
            if (FlowSeeds.From(SaliencyRecords(inputs, ctx, name, condition), bosExcluded) is not { } f)
            {
                return null;
            }
            flows[name] = f;
        }
        var groups = ctx.Parameters.Datasets.GroupBy(d => d.Value.Paper).ToList();
        var panels = new List<FlowPanel>();
        var comparisons = new List<FlowComparison>();
        foreach (var group in groups)
        {
            var planted = group.Where(d => d.Value.Strength is not 0).ToList();
            var controls = group.Where(d => d.Value.Strength is 0).ToList();
            foreach (var (name, d) in planted.Concat(controls))
            {
                var label = d.Strength switch
                {
                    0 => $"{name} (control, s = 0)",
                    double s => $"{name} (planted, s = {s.ToString("0.##", CultureInfo.InvariantCulture)})",
                    null => name,
                };
                panels.Add(flows[name].Panel(name, label));
            }
            if (controls.Count == 1)
            {
                var control = controls[0].Key;
                comparisons.AddRange(planted.Select(d => Report.FlowSeeds.Compare(group.Key, d.Key, flows[d.Key], control, flows[control], p.BootstrapResamples, p.BootstrapSeed)));
            }
        }
        var paired = groups.All(g => g.Count() == 2 && g.Count(d => d.Value.Strength is 0) == 1);
        return new FlowFigureModel(id, title, panels, Path.Combine(folder, id + ".png"), Path.Combine(folder, id + ".svg"))
        {
            Columns = paired ? Math.Min(4, panels.Count) : null,
            Comparisons = comparisons,
        };
    }

    /// <summary>
    /// The points of the dose-response figure, only for paper datasets generated at three or more strengths (a sweep):
    /// the Table 2 and 3 gains with their intervals, and the mean S_pq proportion over layers of both
    /// information conditions (mean over seeds) with an interval over seeds and saliency samples.
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
                var flows = Report.FlowSeeds.From(SaliencyRecords(inputs, ctx, name, condition), bosExcluded: false)!;
                var interval = SeedSampleInterval.Of(flows.Samples, MeanSpq, p.BootstrapResamples, p.BootstrapSeed);
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

    private static IReadOnlyList<SaliencySampleRecord> SaliencyRecords(ReportInputs inputs, StageContext ctx, string dataset, string condition) =>
        inputs.JsonLines<SaliencySampleRecord>(Path.Combine(ctx.Paths.Saliency(dataset, condition), SaliencyOutput.Samples));

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

    private static DatasetRow Table1Row(ReportInputs inputs, StageContext ctx, string name, string? paper, string? group)
    {
        var stats = inputs.Json<SplitStats>(Path.Combine(ctx.Paths.Split(name), SplitOutput.Stats));
        var labels = stats.Train.TextLabels.Select(l => new LabelCount(l.Label, l.Count)).ToList();
        return new DatasetRow(name, paper, stats.Table1.TrainSize, stats.Table1.TestSize, labels, group);
    }

    private static IReadOnlyList<SamplePrediction> Predictions(ReportInputs inputs, StageContext ctx, string dataset, string condition) =>
        inputs.JsonLines<SamplePrediction>(Path.Combine(ctx.Paths.Evaluate(dataset, condition), EvaluationOutput.Predictions));

    private static IReadOnlyList<VerbalizerPrediction> VerbalizerPredictions(ReportInputs inputs, StageContext ctx, string dataset, string verbalizer) =>
        inputs.JsonLines<VerbalizerPrediction>(Path.Combine(ctx.Paths.Verbalizer(dataset, verbalizer), VerbalizerOutput.Predictions));

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
        return new RunFacts(GitCommit(ctx.Root) is { } commit ? commit + UncommittedMark(ctx.Root) : null, ctx.Profile, parameters,
            DataFiles(inputs, ctx), model, hardware, ctx.Parameters.Finetune.Seeds, stages);
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

    /// <summary>
    /// Every dataset file the profile read, with its md5 (the real files for the paper profile, the generated ones
    /// otherwise), so that the report names the data its numbers come from.
    /// </summary>
    private static string DataFiles(ReportInputs inputs, StageContext ctx) => string.Join("; ",
        ctx.Parameters.Datasets.Select(d => $"{d.Key}: {d.Value.File} " + (inputs.Exists(ctx.Resolve(d.Value.File))
            ? $"(md5 {inputs.Md5(ctx.Resolve(d.Value.File))})"
            : "(absent now: the splits were made from an earlier copy)")));

    /// <summary>
    /// " (with uncommitted changes: FILES)" when the checkout differs from its commit in tracked files (an edited
    /// params.yaml, say), so that a report is not taken for the commit's; empty when clean or when git is unavailable.
    /// </summary>
    private static string UncommittedMark(string root)
    {
        try
        {
            var start = new System.Diagnostics.ProcessStartInfo("git", ["-C", root, "status", "--porcelain", "--untracked-files=no"])
            {
                RedirectStandardOutput = true,
                RedirectStandardError = true,
            };
            using var git = System.Diagnostics.Process.Start(start);
            if (git is null)
            {
                return "";
            }
            var stderr = git.StandardError.ReadToEndAsync();
            var changed = git.StandardOutput.ReadToEnd().Split('\n', StringSplitOptions.RemoveEmptyEntries).Select(l => l[3..]).ToList();
            git.WaitForExit();
            _ = stderr.GetAwaiter().GetResult();
            return git.ExitCode != 0 || changed.Count == 0 ? ""
                : $" (with uncommitted changes: {string.Join(", ", changed.Take(5))}{(changed.Count > 5 ? $" and {changed.Count - 5} more" : "")})";
        }
        catch (System.ComponentModel.Win32Exception)
        {
            return "";   // no git on PATH
        }
    }

    // A dataset of the researcher's own (no paper counterpart) has no paper column: null, not "n/a" in every cell.
    private static string? PrintedName(string paper) =>
        DatasetNames.TryParse(paper, out var kind) ? DatasetNames.Printed(kind) : null;
}
