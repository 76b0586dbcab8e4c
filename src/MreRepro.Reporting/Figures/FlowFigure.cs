using MreRepro.Files;
using MreRepro.Reporting.Model;
using ScottPlot;
using SkiaSharp;

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
    private const int TitleBand = 48;
    private const int MaxColumns = 3;
    private const string FontFamily = "DejaVu Sans";

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

        var perRow = Math.Min(columns ?? MaxColumns, panels.Count);
        var rows = (panels.Count + perRow - 1) / perRow;
        var width = perRow * PanelWidth;
        var height = rows * PanelHeight + TitleBand;
        var plots = Build(panels);
        try
        {
            AtomicFile.WriteAllBytes(pngPath, Png(plots, perRow, title, width, height));
            AtomicFile.WriteAllBytes(svgPath, Svg(plots, perRow, title, width, height));
        }
        finally
        {
            foreach (var plot in plots)
            {
                plot.Dispose();
            }
        }
    }

    private static List<Plot> Build(IReadOnlyList<FlowPanel> panels)
    {
        var plots = new List<Plot>();
        var font = ResolveFont();
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

    private static byte[] Png(List<Plot> plots, int columns, string title, int width, int height)
    {
        using var surface = SKSurface.Create(new SKImageInfo(width, height, SKColorType.Rgba8888, SKAlphaType.Premul));
        Draw(surface.Canvas, plots, columns, title, width, height);
        using var image = surface.Snapshot();
        using var data = image.Encode(SKEncodedImageFormat.Png, 100);
        return data.ToArray();
    }

    private static byte[] Svg(List<Plot> plots, int columns, string title, int width, int height)
    {
        using var stream = new MemoryStream();
        using (var managed = new SKManagedWStream(stream))
        using (var canvas = SKSvgCanvas.Create(new SKRect(0, 0, width, height), managed))
        {
            Draw(canvas, plots, columns, title, width, height);
        }

        return System.Text.Encoding.UTF8.GetBytes(RenumberClipIds(System.Text.Encoding.UTF8.GetString(stream.ToArray())));
    }

    /// <summary>Skia names clip paths from a process-wide counter (cl_4, cl_9, ...); renumber them from 1 so equal figures give equal files.</summary>
    internal static string RenumberClipIds(string svg)
    {
        var ids = new Dictionary<string, string>(StringComparer.Ordinal);
        return System.Text.RegularExpressions.Regex.Replace(svg, @"\bcl_[0-9A-Za-z]+\b", m =>
        {
            if (!ids.TryGetValue(m.Value, out var renamed))
            {
                renamed = "cl_" + (ids.Count + 1).ToString(System.Globalization.CultureInfo.InvariantCulture);
                ids.Add(m.Value, renamed);
            }

            return renamed;
        });
    }

    /// <summary>DejaVu Sans when the system has it (SkiaSharp silently substitutes a default family otherwise).</summary>
    internal static string ResolveFont()
    {
        using var typeface = SKFontManager.Default.MatchFamily(FontFamily);
        return typeface is not null && typeface.FamilyName == FontFamily ? FontFamily : Fonts.Default;
    }

    private static void Draw(SKCanvas canvas, List<Plot> plots, int columns, string title, int width, int height)
    {
        canvas.Clear(SKColors.White);
        using var typeface = SKTypeface.FromFamilyName(ResolveFont());
        using var font = new SKFont(typeface, 20);
        using var paint = new SKPaint { Color = SKColors.Black, IsAntialias = true };
        canvas.DrawText(title, width / 2f, TitleBand * 0.65f, SKTextAlign.Center, font, paint);
        // A fixed grid drawn panel by panel (row-major) rather than ScottPlot's Multiplot grid layout, which rejects offset rectangles.
        for (var i = 0; i < plots.Count; i++)
        {
            var left = i % columns * PanelWidth;
            var top = TitleBand + i / columns * PanelHeight;
            // Clip to the panel: a plot clears its background with SKCanvas.Clear, which fills the whole clip.
            canvas.Save();
            canvas.ClipRect(new SKRect(left, top, left + PanelWidth, top + PanelHeight));
            plots[i].Render(canvas, new PixelRect(left, left + PanelWidth, top + PanelHeight, top));
            canvas.Restore();
        }
    }
}
