using MreRepro.Reporting.Figures;
using MreRepro.Reporting.Model;

namespace MreRepro.Reporting.Tests.TestSupport;

/// <summary>Fixed, hand-written report inputs: six paper datasets plus two generated-corpus control rows.</summary>
internal static class ReportSamples
{
    public static readonly string[] PaperDatasets = ["SCNM", "SCPOS:RW", "SCPOS:N", "SCPOS:Adj", "SCPOS:N&Adj", "TCREE"];

    public static IReadOnlyList<DatasetRow> Table1() =>
    [
        new("SCNM", "SCNM", 4274, 1069, [new("社会", 1200), new("文芸", 900), new("学問", 800), new("技術", 700), new("自然", 674)]),
        new("SCPOS:RW", "SCPOS:RW", 8000, 2000, [new("positive", 3000), new("neutral", 2500), new("negative", 2500)]),
        new("TCREE", "TCREE", null, null, []),
        new("SCNM | generated (control)", null, 400, 100, [new("社会", 200), new("文芸", 200)], "control"),
    ];

    public static IReadOnlyList<WordLevelRow> Table2() =>
    [
        new("SCNM", "SCNM", new MetricPair(Score.FromSeeds([0.7012, 0.7100, 0.6950]), Score.FromSeeds([0.7301, 0.7288, 0.7405]), new ConfidenceInterval(0.0102, 0.0455, 0.95)))
        {
            SetF1 = new MetricPair(Score.FromSeeds([0.7120, 0.7180, 0.7010]), Score.FromSeeds([0.7390, 0.7350, 0.7480]), new ConfidenceInterval(0.0080, 0.0430, 0.95)),
        },
        new("SCPOS:RW", "SCPOS:RW", new MetricPair(Score.Single(0.5), Score.Single(0.49875), new ConfidenceInterval(-0.02, 0.015, 0.95))),
        new("SCPOS:N", "SCPOS:N", new MetricPair(Score.Single(0.61), Score.Single(0.6234))),
        new("SCPOS:Adj", "SCPOS:Adj", new MetricPair(Score.Single(0.12345), Score.Single(0.2))),
        new("SCPOS:N&Adj", "SCPOS:N&Adj", new MetricPair(Score.Single(0.55), Score.Missing)),
        new("TCREE", "TCREE", new MetricPair(Score.Single(0.4), Score.Single(0.45))),
        new("SCNM (planted)", null, new MetricPair(Score.Single(0.6), Score.Single(0.7)), "control")
        {
            VersusControl = new ControlContrast("SCNM (control)", 0.1, 0.0, new ConfidenceInterval(0.0312, 0.1745, 0.95)),
            ByTextEvidence = new EvidenceSplit(510, 90, new GainEstimate(0.021, new ConfidenceInterval(-0.004, 0.047, 0.95)), new GainEstimate(0.532, new ConfidenceInterval(0.40, 0.66, 0.95))),
        },
        new("SCNM (control)", null, new MetricPair(Score.Single(0.6), Score.Single(0.6)), "control")
        {
            ByTextEvidence = new EvidenceSplit(400, 200, new GainEstimate(0.0, new ConfidenceInterval(-0.03, 0.03, 0.95)), null),
        },
    ];

    public static IReadOnlyList<TextLevelRow> Table3() =>
        PaperDatasets.Select((d, i) => new TextLevelRow(
            d,
            d,
            new MetricPair(Score.Single(0.8 + i * 0.01), Score.Single(0.81 + i * 0.01 - (i == 5 ? 0.03 : 0))),
            new MetricPair(Score.Single(0.85 + i * 0.01), Score.Single(0.86 + i * 0.01)))
        {
            // Two planted datasets set against controls: one clear of its control's cost, one not.
            VersusControl = i switch
            {
                0 => new ControlContrast("SCNM-ctrl", 0.01, -0.0215, new ConfidenceInterval(0.0042, 0.0611, 0.95)),
                5 => new ControlContrast("TCREE-ctrl", -0.02, -0.005, new ConfidenceInterval(-0.0507, 0.0188, 0.95)),
                _ => null,
            },
        })
        .ToList();

    public static IReadOnlyList<FewShotRow> Table4() =>
        PaperDatasets.Select((d, i) => new FewShotRow(
            d,
            d,
            new MetricPair(Score.FromSeeds([0.5, 0.52]), Score.FromSeeds([0.55 - (i == 2 ? 0.1 : 0), 0.57]), i == 2 ? new ConfidenceInterval(-0.06, 0.06, 0.9) : new ConfidenceInterval(0.01, 0.09, 0.9)),
            new MetricPair(Score.FromSeeds([0.6, 0.62]), Score.FromSeeds([0.63, 0.65]))))
        .ToList();

    public static IReadOnlyList<MalformedRow> Malformed() =>
    [
        new("SCNM", "Text only → word level", 12, 600),
        new("SCNM", "Text+TLI → word level", 3, 600),
        new("SCNM-ctrl", "Text only → word level", 0, 600, "control"),
        new("SCNM-ctrl", "Text+TLI → word level", 0, 600, "control"),
    ];

    /// <summary>Planted and control flows of two paper datasets, three seeds, three layers.</summary>
    public static IReadOnlyList<FlowComparison> Comparisons() =>
    [
        new("SCNM", "SCNM", "SCNM-ctrl", 3, 3, new Estimate(0.42, 0.31, 0.07, 0.15, 0.95),
            [new Estimate(0.20, 0.18, -0.01, 0.05, 0.95), new Estimate(0.15, 0.10, 0.02, 0.08, 0.95), new Estimate(0, 0, 0, 0, 0.95)], 0),
        new("TCREE", "TCREE", "TCREE-ctrl", 3, 3, new Estimate(0.30, 0.32, -0.06, 0.02, 0.95),
            [new Estimate(0.22, 0.21, -0.03, 0.04, 0.95), new Estimate(0.12, 0.13, -0.04, 0.02, 0.95), new Estimate(0, 0, 0, 0, 0.95)], 0),
    ];

    /// <summary>Planted and control panels side by side, three seeds each with a band.</summary>
    public static IReadOnlyList<FlowPanel> PairedPanels(int layers = 6) =>
        new[] { "SCNM", "SCNM-ctrl", "TCREE", "TCREE-ctrl" }.Select((d, i) =>
        {
            var layerIds = Enumerable.Range(0, layers).ToList();
            var planted = i % 2 == 0;
            var swp = layerIds.Select(l => (double?)(l == layers - 1 ? 0 : 0.4 - 0.05 * l)).ToList();
            var spq = layerIds.Select(l => (double?)((planted ? 0.2 : 0.1) + 0.05 * l)).ToList();
            var sww = layerIds.Select(l => (double?)(1.0 - swp[l]!.Value - spq[l]!.Value)).ToList();
            FlowBand Band(IReadOnlyList<double?> v) => new(v.Select(x => Math.Max(0, x!.Value - 0.04)).ToList(), v.Select(x => Math.Min(1, x!.Value + 0.04)).ToList());
            return new FlowPanel(d, layerIds, swp, spq, sww)
            {
                Label = planted ? $"{d} (planted, s = 0.8)" : $"{d} (control, s = 0)",
                Seeds = 3,
                Bands = [Band(swp), Band(spq), Band(sww)],
            };
        }).ToList();

    public static IReadOnlyList<FlowPanel> Panels(int count = 6, int layers = 8) =>
        PaperDatasets.Take(count).Select((d, i) =>
        {
            var layerIds = Enumerable.Range(0, layers).ToList();
            var swp = layerIds.Select(l => (double?)(0.5 - 0.04 * l + 0.01 * i)).ToList();
            var spq = layerIds.Select(l => (double?)(0.1 + 0.05 * l)).ToList();
            var sww = layerIds.Select(l => (double?)(1.0 - swp[l]!.Value - spq[l]!.Value)).ToList();
            return new FlowPanel(d, layerIds, swp, spq, sww);
        }).ToList();

    public static RunFacts Run() => new(
        "0123456789abcdef0123456789abcdef01234567",
        "default",
        new Dictionary<string, object?> { ["train.lr"] = 2e-4, ["train.epochs"] = 3, ["saliency.loss"] = "full_vocabulary", ["verbalizer.calibrate"] = false },
        "SCNM: data/generated/SCNM.jsonl (md5 6fdb53c1d0a9f4e8b7c2a1d3e4f5a6b7)",
        new Dictionary<string, object?> { ["hidden_size"] = 64, ["layers"] = 8, ["rms_norm_eps"] = 1e-5 },
        "2-core x86-64 CPU, 8 GiB, no GPU",
        [42, 43, 44],
        [new("split", 1.234, false), new("finetune", 3725.5, false), new("saliency", 185.0, true), new("report", null, false)]);

    public static ReportModel Model(string figureFolder)
    {
        var panels = PairedPanels();
        var figures = new List<FlowFigureModel>();
        foreach (var (id, title) in new[] { ("figure4", "Figure 4: TLI → word-level"), ("figure5", "Figure 5: WLI → text-level") })
        {
            var png = Path.Combine(figureFolder, id + ".png");
            var svg = Path.Combine(figureFolder, id + ".svg");
            FlowFigure.Render(panels, title, png, svg, columns: 4);
            figures.Add(new FlowFigureModel(id, title, panels, png, svg) { Columns = 4, Comparisons = Comparisons() });
        }

        return new ReportModel("MRE information flow: reproduction report", "2026-11-24", Run(), Table1(), Table2(), Table3(), Table4(), figures)
        {
            Malformed = Malformed(),
        };
    }
}
