using System.Text.Json;
using MreRepro.Domain.Prompts;
using MreRepro.Domain.Records;
using MreRepro.Stages.Common;
using MreRepro.Stages.Contracts;
using MreRepro.Stages.Evaluate;
using MreRepro.Stages.Report;

namespace MreRepro.Stages.Tests.Report;

/// <summary>
/// The report assembler on fixed, hand-written stage outputs of the smoke profile's two datasets (SCNM planted,
/// SCNM-ctrl at strength 0): every table cell and figure panel comes from the file it should, in the format the
/// stages write (evaluate's own scoring and records produce its outputs here).
/// </summary>
public sealed class ReportAssemblerTests : IDisposable
{
    private static readonly string[] Labels = ["社会", "文芸", "学問", "技術", "自然"];
    private static readonly MreRecord[] Test =
    [
        new("SCNM-1", "佐藤氏が京都で語った。", "文芸", [new WordPair("人名", "佐藤", 0), new WordPair("地名", "京都", 4)]),
        new("SCNM-2", "東京で雨が降った。", "自然", [new WordPair("地名", "東京", 0)]),
        new("SCNM-3", "鈴木氏が論文を書いた。", "学問", [new WordPair("人名", "鈴木", 0)]),
        new("SCNM-4", "大阪の会社が装置を作った。", "技術", [new WordPair("地名", "大阪", 0)]),
    ];

    private readonly string _root = Directory.CreateTempSubdirectory("mre-assembler-").FullName;

    public void Dispose() => Directory.Delete(_root, recursive: true);

    private StageContext Context()
    {
        File.Copy(Path.Combine(RepositoryRoot.Path, "params.yaml"), Path.Combine(_root, "params.yaml"), overwrite: true);
        return StageContext.Load(_root, "smoke", console: new Spectre.Console.Testing.TestConsole());
    }

    [Fact]
    public void Should_name_every_paper_dataset_as_the_paper_reference_does()
    {
        // params.yaml writes SCPOS-NAdj, the paper's tables SCPOS:N&Adj: without the printed name every SCPOS cell read n/a.
        var reference = Reporting.Reference.PaperReference.Load(Path.Combine(RepositoryRoot.Path, "reports", "paper-reference.yaml"));

        var printed = Domain.Corpus.DatasetNames.All.Select(Domain.Corpus.DatasetNames.Printed).ToList();

        Assert.Equal(reference.Datasets.Order(), printed.Order());
        Assert.Equal("SCPOS:N&Adj", Domain.Corpus.DatasetNames.Printed(DatasetKind.ScposNAdj));
    }

    [Fact]
    public void Should_fill_every_table_and_figure_from_the_stage_outputs()
    {
        var ctx = Context();
        foreach (var dataset in new[] { "SCNM", "SCNM-ctrl" })
        {
            WriteStats(ctx, dataset);
            // Planted: supplying information helps; control: it does not.
            var planted = dataset == "SCNM";
            WriteEvaluation(ctx, dataset, "wl", ["人名;佐藤", "無い", "人名;鈴木", "地名;大阪"]);
            WriteEvaluation(ctx, dataset, "tli", planted ? ["人名;佐藤:地名;京都", "地名;東京", "人名;鈴木", "地名;大阪"] : ["人名;佐藤", "無い", "人名;鈴木", "地名;大阪"]);
            WriteEvaluation(ctx, dataset, "tl", ["2", "5", "1", "1"]);                                             // 2 of 4 right
            WriteEvaluation(ctx, dataset, "wli", planted ? ["2", "5", "3", "4"] : ["2", "5", "1", "x"]);
            WriteVerbalizer(ctx, dataset, "manual", ["文芸", "文芸", "文芸", "文芸"], 0.25, 0.1);
            WriteVerbalizer(ctx, dataset, "kv", ["文芸", "自然", "学問", "文芸"], 0.75, 0.5);
            WriteSaliency(ctx, dataset, "tli", [0.5, 0.2], [0.3, 0.7], [0.2, 0.1]);
            WriteSaliency(ctx, dataset, "wli", [0.6, 0.1], [0.2, 0.8], [0.2, 0.1]);
        }
        Write(Path.Combine(ctx.Paths.Pretrain, "model"), "config.json", """{"hidden_size": 48}""");
        var figures = Path.Combine(_root, "figures");

        var model = ReportAssembler.Build(ctx, figures, new ReportInputs());

        Assert.Equal(["SCNM", "SCNM-ctrl"], model.Table1.Select(r => r.Dataset));
        Assert.Equal(("SCNM", (string?)null), (model.Table1[0].PaperDataset, model.Table1[0].Group));
        Assert.Equal(((string?)null, "control"), (model.Table1[1].PaperDataset, model.Table1[1].Group));
        Assert.Equal((4, 4), (model.Table1[0].TrainSize!.Value, model.Table1[0].TestSize!.Value));
        Assert.Equal([("文芸", 3), ("自然", 1)], model.Table1[0].TextLabels.Select(l => (l.Label, l.Count)));

        var word = model.Table2[0].F1;
        Assert.Equal(0.75, word.Without.Mean!.Value, 12);   // TP 3 of 3 predicted and 5 gold: P 1, R 0.6 → F1 0.75
        Assert.Equal(1.0, word.With.Mean!.Value, 12);
        Assert.InRange(word.With.Mean!.Value - word.Without.Mean!.Value, word.DifferenceInterval!.Lower!.Value, word.DifferenceInterval.Upper!.Value);
        Assert.Equal(model.Table2[1].F1.Without, model.Table2[1].F1.With);
        Assert.Equal("control", model.Table2[1].Group);

        var text = model.Table3[0];
        Assert.Equal(0.5, text.Accuracy.Without.Mean!.Value, 12);
        Assert.Equal(1.0, text.Accuracy.With.Mean!.Value, 12);
        Assert.Equal(1.0, text.MacroF1.With.Mean!.Value, 12);
        Assert.Equal(0.5, model.Table3[1].Accuracy.With.Mean!.Value, 12);
        Assert.True(model.Table3[0].Accuracy.DifferenceInterval!.Upper > 0);

        Assert.Equal(0.25, model.Table4[0].Accuracy.Without.Mean!.Value, 12);
        Assert.Equal(0.75, model.Table4[0].Accuracy.With.Mean!.Value, 12);
        Assert.Equal(2.0 / 3, model.Table4[0].MacroF1.With.Mean!.Value, 12);   // from predictions: 文芸 2/3, 自然 1, 学問 1, 技術 0

        // Each planted gain against its control's gain, in every table; the control row has none.
        var wordContrast = model.Table2[0].VersusControl!;
        Assert.Equal(("SCNM-ctrl", 0.25, 0.0), (wordContrast.Control, Math.Round(wordContrast.PlantedGain, 12), wordContrast.ControlGain));
        Assert.InRange(wordContrast.Difference, wordContrast.Interval.Lower!.Value, wordContrast.Interval.Upper!.Value);
        var textContrast = model.Table3[0].VersusControl!;
        Assert.Equal(text.MacroF1.With.Mean!.Value - text.MacroF1.Without.Mean!.Value, textContrast.PlantedGain, 12);
        Assert.Equal(model.Table3[1].MacroF1.With.Mean!.Value - model.Table3[1].MacroF1.Without.Mean!.Value, textContrast.ControlGain, 12);
        Assert.True(textContrast.Difference > 0);
        Assert.Equal(0.0, model.Table4[0].VersusControl!.Difference, 12);   // the fixture writes the same verbalizer predictions for both
        Assert.Null(model.Table2[1].VersusControl);
        Assert.Null(model.Table3[1].VersusControl);
        Assert.Null(model.Table4[1].VersusControl);

        // Table 2 split by text-level evidence: Text only's text-level model is right on SCNM-1 and -2, wrong on -3 and -4.
        var split = model.Table2[0].ByTextEvidence!;
        Assert.Equal((2, 2), (split.Revealed, split.Hidden));
        Assert.Equal(0.5, split.WhereRevealed!.Gain, 12);   // Text only finds 1 of 3 gold pairs there (F1 0.5), Text+TLI all 3
        Assert.Equal(0.0, split.WhereHidden!.Gain, 12);     // both find both gold pairs of SCNM-3 and -4

        Assert.Equal(["figure4", "figure5"], model.Figures.Select(f => f.Id));
        Assert.Equal(Path.Combine(figures, "figure4.png"), model.Figures[0].PngPath);
        Assert.All(model.Figures, f => Assert.Equal(["SCNM", "SCNM-ctrl"], f.Panels.Select(p => p.Dataset)));
        Assert.Equal([0, 1], model.Figures[0].Panels[0].Layers);
        Assert.Equal([0.3, 0.7], model.Figures[0].Panels[0].Spq.Select(v => Math.Round(v!.Value, 12)));
        Assert.Equal([0.2, 0.8], model.Figures[1].Panels[1].Spq.Select(v => Math.Round(v!.Value, 12)));
        Assert.Equal(["SCNM (planted, s = 0.8)", "SCNM-ctrl (control, s = 0)"], model.Figures[0].Panels.Select(p => p.Label));
        Assert.Equal(2, model.Figures[0].Columns);
        var comparison = Assert.Single(model.Figures[0].Comparisons);
        Assert.Equal(("SCNM", "SCNM-ctrl"), (comparison.Planted, comparison.Control));
        Assert.Equal(0.0, comparison.MeanSpq.Difference, 12);   // the fixture writes the same flows for both

        Assert.Equal(["Text only → word level", "Text+TLI → word level", "Text only → text level", "Text+WLI → text level"], model.Malformed.Take(4).Select(m => m.Condition));
        Assert.Equal(1, model.Malformed.Single(m => m.Dataset == "SCNM-ctrl" && m.Condition == "Text+WLI → text level").Malformed);   // "x"
        Assert.All(model.Malformed, m => Assert.Equal(4, m.Answers));

        Assert.Equal("smoke", model.Run.Profile);
        Assert.Equal([42], model.Run.Seeds);
    }

    [Fact]
    public void Should_average_over_seeds_and_widen_the_gain_interval_with_the_seed_spread()
    {
        var ctx = Context();
        var seeds = new[] { 42, 43, 44 };
        foreach (var dataset in new[] { "SCNM", "SCNM-ctrl" })
        {
            WriteStats(ctx, dataset);
            // Text level: the planted model is right on 4, 2 and 3 of 4 answers; without information on 2 of 4 each time.
            WriteEvaluation(ctx, dataset, "tl", seeds.Select(_ => new[] { "2", "5", "1", "1" }).ToArray(), seeds);
            WriteEvaluation(ctx, dataset, "wli", [["2", "5", "3", "4"], ["2", "5", "1", "1"], ["2", "5", "3", "1"]], seeds);
            // Word level: the same each seed, one malformed answer in each seed of Text+TLI.
            WriteEvaluation(ctx, dataset, "wl", seeds.Select(_ => new[] { "人名;佐藤", "無い", "人名;鈴木", "地名;大阪" }).ToArray(), seeds);
            WriteEvaluation(ctx, dataset, "tli", seeds.Select(_ => new[] { "人名;佐藤:地名;京都", "地名;東京", "人名;鈴木:", "地名;大阪" }).ToArray(), seeds);
            WriteVerbalizer(ctx, dataset, "manual", ["文芸", "文芸", "文芸", "文芸"], 0.25, 0.1);
            WriteVerbalizer(ctx, dataset, "kv", ["文芸", "自然", "学問", "文芸"], 0.75, 0.5);
            foreach (var condition in new[] { "tli", "wli" })
            {
                WriteSaliency(ctx, dataset, condition, [0.5, 0.0], [0.3, 0.9], [0.2, 0.1], seeds, dataset == "SCNM" ? [0.1, 0.0, 0.05] : [0.0, 0.0, 0.0]);
            }
        }
        Write(Path.Combine(ctx.Paths.Pretrain, "model"), "config.json", """{"hidden_size": 48}""");

        var model = ReportAssembler.Build(ctx, Path.Combine(_root, "figures"), new ReportInputs());

        var accuracy = model.Table3[0].Accuracy;
        Assert.Equal(3, accuracy.With.Seeds);
        Assert.Equal(0.75, accuracy.With.Mean!.Value, 12);
        Assert.Equal(0.25, accuracy.With.Spread!.Value, 12);
        Assert.Equal(0.5, accuracy.Without.Mean!.Value, 12);
        // The first seed alone (+0.5 on every resample of its identical errors) would give a narrower interval than three seeds that disagree.
        Assert.True(accuracy.DifferenceInterval!.Lower < 0.25 && accuracy.DifferenceInterval.Upper >= 0.5,
            $"[{accuracy.DifferenceInterval.Lower}, {accuracy.DifferenceInterval.Upper}]");
        Assert.Equal(3, model.Malformed.Single(m => m.Dataset == "SCNM" && m.Condition == "Text+TLI → word level").Malformed);
        Assert.Equal(12, model.Malformed.Single(m => m.Dataset == "SCNM" && m.Condition == "Text+TLI → word level").Answers);
        // Strict parsing: "人名;鈴木:" is malformed and predicts nothing, so Text+TLI finds 4 of 5 gold pairs with 4 predicted.
        Assert.Equal(2 * 4.0 / 9, model.Table2[0].F1.With.Mean!.Value, 12);
        var panel = model.Figures[0].Panels[0];
        Assert.Equal(3, panel.Seeds);
        Assert.NotNull(panel.Bands);
        Assert.Equal(0.3, panel.Bands![1].Lower[0], 12);
        Assert.Equal(0.4, panel.Bands[1].Upper[0], 12);
        var comparison = Assert.Single(model.Figures[0].Comparisons);
        Assert.Equal(0.05, comparison.MeanSpq.Difference, 12);   // planted S_pq is shifted by (0.1 + 0 + 0.05) / 3 in both layers
        Assert.Equal(0.0, comparison.LastLayerSwp);
    }

    private static void Write(string folder, string name, string text)
    {
        Directory.CreateDirectory(folder);
        File.WriteAllText(Path.Combine(folder, name), text);
    }

    private static void WriteStats(StageContext ctx, string dataset) => Write(ctx.Paths.Split(dataset), "stats.json", JsonSerializer.Serialize(new
    {
        table1 = new { train_size = 4, test_size = 4 },
        train = new { text_labels = new[] { new { label = "文芸", count = 3 }, new { label = "自然", count = 1 } } },
    }, StageJson.Options));

    /// <summary>What evaluate writes for these generations of the four test records.</summary>
    private static void WriteEvaluation(StageContext ctx, string dataset, string conditionKey, string[] generations) =>
        WriteEvaluation(ctx, dataset, conditionKey, [generations], [42]);

    /// <summary>What evaluate writes for each seed's generations of the four test records.</summary>
    private static void WriteEvaluation(StageContext ctx, string dataset, string conditionKey, string[][] generations, int[] seeds)
    {
        var condition = Conditions.Parse(conditionKey);
        var wordLabels = Test.SelectMany(r => r.Pairs).Select(p => p.Label).ToHashSet();
        var perSeed = new List<SeedMetrics>();
        var lines = new List<string>();
        for (var k = 0; k < seeds.Length; k++)
        {
            var samples = Test.Select((r, i) => EvaluateStage.Score(r, PromptBuilder.Build(r, condition, Labels), generations[k][i], condition, Labels, wordLabels)).ToList();
            perSeed.Add(EvaluateStage.Summarise(seeds[k], condition, samples, Labels));
            lines.AddRange(samples.Select(s => JsonSerializer.Serialize(s with { Seed = seeds[k] }, StageJson.Compact)));
        }
        var metrics = EvaluationMetrics.From(dataset, conditionKey, Conditions.IsWordLevel(condition) ? "word" : "text", perSeed);
        var folder = ctx.Paths.Evaluate(dataset, conditionKey);
        Write(folder, "metrics.json", JsonSerializer.Serialize(metrics, StageJson.Options));
        Write(folder, "predictions.jsonl", string.Join("\n", lines) + "\n");
    }

    private static void WriteVerbalizer(StageContext ctx, string dataset, string verbalizer, string[] predicted, double accuracy, double macroF1)
    {
        var folder = ctx.Paths.Verbalizer(dataset, verbalizer);
        Write(folder, "metrics.json", JsonSerializer.Serialize(new { dataset, verbalizer, accuracy, macro_f1 = macroF1 }, StageJson.Options));
        Write(folder, "predictions.jsonl", string.Join("\n", Test.Select((r, i) => JsonSerializer.Serialize(
            new { id = r.Id, gold = r.TextLabel, predicted = predicted[i], correct = r.TextLabel == predicted[i] }, StageJson.Compact))) + "\n");
    }

    /// <summary>A summary and one sample per seed whose raw flows are the given proportions (each layer sums to 1).</summary>
    private static void WriteSaliency(StageContext ctx, string dataset, string condition, double[] swp, double[] spq, double[] sww, int[]? seeds = null, double[]? seedShift = null)
    {
        var folder = ctx.Paths.Saliency(dataset, condition);
        Write(folder, "summary.json", JsonSerializer.Serialize(new
        {
            dataset, condition, layers = swp.Length, proportions = new { s_wp = swp, s_pq = spq, s_ww = sww },
        }, StageJson.Options));
        var lines = (seeds ?? [42]).Select((seed, k) =>
        {
            var shift = seedShift?[k] ?? 0;
            return JsonSerializer.Serialize(new
            {
                id = "SCNM-1", token_ids = new long[] { 1, 2, 3 }, spans = Array.Empty<object>(), information_positions = new[] { 1 },
                target_position = 2, gold_token = 5, s_wp = swp, s_pq = spq.Select(v => v + shift).ToArray(), s_ww = sww.Select(v => v - shift).ToArray(),
                seed = seeds is null ? (int?)null : seed,
            }, StageJson.Compact);
        });
        Write(folder, "samples.jsonl", string.Join("\n", lines) + "\n");
    }
}
