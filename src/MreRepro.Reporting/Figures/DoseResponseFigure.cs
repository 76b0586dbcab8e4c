using MreRepro.Reporting.Model;
using ScottPlot;

namespace MreRepro.Reporting.Figures;

/// <summary>
/// Draws the dose-response figure: one panel per measure (Table 2 and 3 gains, mean S_pq of Figures 4 and 5)
/// against planted strength, a line per paper dataset, each interval as a vertical bar, and the zero line on the
/// gain panels. Fixed size and font as <see cref="FlowFigure"/>, so equal inputs give equal files.
/// </summary>
public static class DoseResponseFigure
{
    private const int PanelWidth = 560;
    private const int PanelHeight = 400;
    private const int Columns = 2;

    private static readonly Color[] s_colors =
        [new(0x1f, 0x77, 0xb4), new(0xd6, 0x27, 0x28), new(0x2c, 0xa0, 0x2c), new(0x94, 0x67, 0xbd), new(0xff, 0x7f, 0x0e), new(0x8c, 0x56, 0x4b)];

    /// <summary>Renders the figure and writes its PNG and SVG atomically.</summary>
    public static void Render(DoseResponse figure)
    {
        ArgumentNullException.ThrowIfNull(figure);
        var measures = DoseResponse.Measures.Where(m => figure.Panel(m).Count > 0).ToList();
        if (measures.Count == 0)
        {
            throw new ArgumentException("A dose-response figure needs at least one measured point.", nameof(figure));
        }
        var series = figure.Points.Select(p => p.Series).Distinct().Order(StringComparer.Ordinal).ToList();
        var plots = measures.Select(m => Panel(figure, m, series)).ToList();
        new PanelGrid(PanelWidth, PanelHeight, Columns).Write(plots, figure.Title, figure.PngPath, figure.SvgPath);
    }

    private static Plot Panel(DoseResponse figure, string measure, IReadOnlyList<string> allSeries)
    {
        var plot = new Plot();
        plot.Font.Set(PanelGrid.ResolveFont());
        var isGain = measure is DoseResponse.WordLevelGain or DoseResponse.TextLevelGain;
        // Gains are fractions in the model and percentage points on the axis.
        var scale = isGain ? 100.0 : 1.0;
        if (isGain)
        {
            var zero = plot.Add.HorizontalLine(0, 1, Colors.Gray, LinePattern.Dashed);
            zero.LegendText = string.Empty;
        }
        foreach (var (name, points) in figure.Panel(measure))
        {
            var color = s_colors[allSeries.ToList().IndexOf(name) % s_colors.Length];
            var known = points.Where(p => p.Value is not null).ToList();
            var line = plot.Add.Scatter(known.Select(p => p.Strength).ToArray(), known.Select(p => p.Value!.Value * scale).ToArray(), color);
            line.LegendText = name;
            line.LineWidth = 2;
            line.MarkerSize = 6;
            foreach (var p in known.Where(p => p.Lower is not null && p.Upper is not null))
            {
                var bar = plot.Add.Line(p.Strength, p.Lower!.Value * scale, p.Strength, p.Upper!.Value * scale);
                bar.Color = color;
                bar.LineWidth = 1.5f;
            }
        }
        plot.Title(measure);
        plot.XLabel("Planted strength s");
        plot.YLabel(isGain ? "Gain (percentage points)" : "Proportion");
        plot.Axes.SetLimitsX(-0.05, 1.05);
        plot.Axes.Bottom.TickGenerator = new ScottPlot.TickGenerators.NumericManual([0, 0.25, 0.5, 0.75, 1.0], ["0", "0.25", "0.5", "0.75", "1"]);
        if (!isGain)
        {
            plot.Axes.SetLimitsY(0, 1);
        }
        plot.ShowLegend(Alignment.UpperLeft);
        return plot;
    }
}
