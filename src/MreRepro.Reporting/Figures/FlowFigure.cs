using MreRepro.Reporting.Model;
using ScottPlot;

namespace MreRepro.Reporting.Figures;

/// <summary>
/// Draws Figure 4 / Figure 5: S_wp, S_pq and S_ww per layer, one panel per dataset, to PNG and SVG. Layers are ticked
/// with integers 0..L−1; with several seeds each line is the mean over seeds and a shaded band spans their min–max.
/// </summary>
/// <remarks>
/// Fixed size (480×360 px per panel, three panels per row unless told otherwise, a 48 px title band), the same axes in
/// every panel and a fixed font (DejaVu Sans, Debian's fonts-dejavu-core, falling back to ScottPlot's default when
/// absent) keep the output identical across runs and panels comparable side by side.
/// </remarks>
public static class FlowFigure
{
    /// <summary>Legend names of the three series, as the paper labels them.</summary>
    public static readonly string[] SeriesNames = ["S_wp", "S_pq", "S_ww"];

    private const int PanelWidth = 480;
    private const int PanelHeight = 360;
    private const int MaxColumns = 3;

    private static readonly Color[] s_colors = [new(0x1f, 0x77, 0xb4), new(0xff, 0x7f, 0x0e), new(0x2c, 0xa0, 0x2c)];

    /// <summary>Renders the panels into one image and writes pngPath and svgPath atomically.</summary>
    /// <param name="columns">Panels per row (e.g. 4 for planted/control pairs); at most three when null.</param>
    public static void Render(IReadOnlyList<FlowPanel> panels, string title, string pngPath, string svgPath, int? columns = null)
    {
        ArgumentNullException.ThrowIfNull(panels);
        if (panels.Count == 0)
        {
            throw new ArgumentException("A flow figure needs at least one panel.", nameof(panels));
        }

        foreach (var panel in panels)
        {
            panel.Validate();
        }

        new PanelGrid(PanelWidth, PanelHeight, columns ?? MaxColumns).Write(Build(panels), title, pngPath, svgPath);
    }

    private static List<Plot> Build(IReadOnlyList<FlowPanel> panels)
    {
        var plots = new List<Plot>();
        var font = PanelGrid.ResolveFont();
        var layers = panels.SelectMany(p => p.Layers).DefaultIfEmpty(0).ToList();
        var (first, last) = (layers.Min(), layers.Max());
        foreach (var panel in panels)
        {
            var plot = new Plot();
            plot.Font.Set(font);
            var series = new[] { panel.Swp, panel.Spq, panel.Sww };
            if (panel.Bands is { } bands && panel.Seeds > 1)
            {
                var xs = panel.Layers.Select(l => (double)l).ToArray();
                for (var s = 0; s < series.Length; s++)
                {
                    var band = plot.Add.FillY(xs, bands[s].Lower.ToArray(), bands[s].Upper.ToArray());
                    band.FillStyle.Color = s_colors[s].WithAlpha(0.2);
                    band.LineStyle.Width = 0;
                }
            }

            for (var s = 0; s < series.Length; s++)
            {
                var points = panel.Layers.Zip(series[s])
                    .Where(p => p.Second is not null)
                    .Select(p => (X: (double)p.First, Y: p.Second!.Value))
                    .ToArray();
                var line = plot.Add.Scatter(points.Select(p => p.X).ToArray(), points.Select(p => p.Y).ToArray(), s_colors[s]);
                line.LegendText = SeriesNames[s];
                line.LineWidth = 2;
                line.MarkerSize = 4;
            }

            plot.Title(panel.Label ?? panel.Dataset);
            plot.XLabel(panel.Seeds > 1 ? $"Layer (mean of {panel.Seeds} seeds; band: min–max)" : "Layer");
            plot.YLabel("Proportion");
            plot.Axes.SetLimitsY(0, 1);
            plot.Axes.SetLimitsX(first - 0.5, last + 0.5);
            plot.Axes.Bottom.TickGenerator = LayerTicks(first, last);

            plot.ShowLegend(Alignment.UpperRight);
            plots.Add(plot);
        }

        return plots;
    }

    // Integer layer ticks: every layer up to 16 layers, then every k-th so that labels do not collide.
    private static ScottPlot.TickGenerators.NumericManual LayerTicks(int first, int last)
    {
        var ticks = new ScottPlot.TickGenerators.NumericManual();
        var step = Math.Max(1, (int)Math.Ceiling((last - first + 1) / 16.0));
        for (var layer = first; layer <= last; layer += step)
        {
            ticks.AddMajor(layer, layer.ToString(System.Globalization.CultureInfo.InvariantCulture));
        }

        return ticks;
    }
}
