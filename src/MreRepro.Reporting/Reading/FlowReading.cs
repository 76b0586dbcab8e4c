using MreRepro.Reporting.Formatting;
using MreRepro.Reporting.Model;

namespace MreRepro.Reporting.Reading;

/// <summary>
/// The reading beside Figure 4 or 5: how the figure was made (seeds, layers, band), where the planted flows differ from
/// their controls (with intervals over seeds and samples), and which part of every curve is forced by construction.
/// </summary>
internal static class FlowReading
{
    public static IReadOnlyList<string> Describe(FlowFigureModel figure)
    {
        ArgumentNullException.ThrowIfNull(figure);
        var lines = new List<string>();
        var panels = figure.Panels;
        if (panels.Count == 0)
        {
            return lines;
        }

        var seeds = panels.Min(p => p.Seeds);
        var layers = panels.Max(p => p.Layers.Count);
        lines.Add(seeds > 1
            ? $"Each line is the mean over {NumberWords.Of(seeds)} fine-tuning seeds of the spec A6 proportions; the shaded band spans their minimum to maximum over seeds. {Capitalise(NumberWords.Of(layers))} layers (0 to {layers - 1})."
            : $"One fine-tuning seed (no band). {Capitalise(NumberWords.Of(layers))} layers (0 to {layers - 1}).");
        var comparisons = figure.Comparisons;
        if (comparisons.Count > 0)
        {
            var larger = comparisons.Count(c => c.MeanSpq.Difference > 0);
            var above = comparisons.Count(c => c.MeanSpq.Lower > 0);
            var level = ReportFormat.Level(comparisons[0].MeanSpq.Level);
            lines.Add($"Planted and control sit side by side on the same axes. The mean S_pq proportion over layers (information flow into the target) is larger with planted strength than in its control in {NumberWords.OutOf(larger, comparisons.Count)} datasets; the {level} CI of the difference (seed and saliency-sample variances of both added) lies above zero in {NumberWords.Of(above)}.");
            var before = comparisons.SelectMany(c => c.SwpByLayer.Take(Math.Max(0, c.Layers - 1))).ToList();
            if (before.Count > 0)
            {
                var swpAbove = before.Count(e => e.Lower > 0);
                var swpBelow = before.Count(e => e.Upper < 0);
                lines.Add($"S_wp (flow into the information words), planted − control, in the layers before the last: the CI lies above zero in {NumberWords.OutOf(swpAbove, before.Count)} dataset-layers, below zero in {NumberWords.Of(swpBelow)} (table below).");
            }
        }
        else
        {
            lines.Add("No dataset has a control (strength 0, same paper dataset) to compare with.");
        }

        var lastLayer = comparisons.Count > 0
            ? comparisons.Max(c => c.LastLayerSwp)
            : panels.Where(p => p.Swp.Count > 0 && p.Swp[^1] is not null).Select(p => p.Swp[^1]!.Value).DefaultIfEmpty(0).Max();
        lines.Add($"Forced by construction, not counted as findings: in the last layer only the target row reaches the loss, so S_wp is exactly 0 there (largest value measured here: {ReportFormat.Fixed(lastLayer, 6)}) and the last layer's proportions split between S_pq and S_ww alone; that S_pq dominates the last layer follows from this.");
        return lines;
    }

    /// <summary>One row per comparison: the mean S_pq of both, their difference with its CI, and S_wp's difference layer by layer.</summary>
    public static IReadOnlyList<FlowComparisonView> Rows(FlowFigureModel figure) =>
        figure.Comparisons.Select(c => new FlowComparisonView(
            $"{c.Planted} vs {c.Control}",
            ReportFormat.Fixed(c.MeanSpq.Planted, 3),
            ReportFormat.Fixed(c.MeanSpq.Control, 3),
            $"{Signed(c.MeanSpq.Difference)} [{Signed(c.MeanSpq.Lower)}, {Signed(c.MeanSpq.Upper)}]",
            string.Join("; ", c.SwpByLayer.Select((e, l) => l == c.Layers - 1 && e.Planted == 0 && e.Control == 0
                ? $"{l}: 0 (forced)"
                : $"{l}: {Signed(e.Difference)} [{Signed(e.Lower)}, {Signed(e.Upper)}]")))).ToList();

    private static string Signed(double value)
    {
        var text = ReportFormat.Fixed(value, 3);
        return text.StartsWith('-') ? text : "+" + text;
    }

    private static string Capitalise(string text) =>
        text.Length == 0 ? text : char.ToUpperInvariant(text[0]) + text[1..];
}

/// <summary>One planted-versus-control row under a flow figure, as strings (flows as proportions, three decimals).</summary>
internal sealed record FlowComparisonView(string Datasets, string PlantedSpq, string ControlSpq, string SpqDifference, string SwpByLayer);
