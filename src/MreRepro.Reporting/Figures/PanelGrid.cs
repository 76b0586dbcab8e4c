using MreRepro.Files;
using ScottPlot;
using SkiaSharp;

namespace MreRepro.Reporting.Figures;

/// <summary>
/// Plots drawn on a fixed grid (row-major, panel by panel) under a title band, written as PNG and SVG. A fixed size and
/// a fixed font (DejaVu Sans, Debian's fonts-dejavu-core, falling back to ScottPlot's default when absent) make equal
/// inputs give equal files; ScottPlot's own Multiplot layout is not used because it rejects offset rectangles.
/// </summary>
internal sealed class PanelGrid(int panelWidth, int panelHeight, int maxColumns)
{
    public const int TitleBand = 48;
    private const string FontFamily = "DejaVu Sans";

    /// <summary>Renders the plots with the title and writes pngPath and svgPath atomically; disposes the plots.</summary>
    public void Write(List<Plot> plots, string title, string pngPath, string svgPath)
    {
        try
        {
            var columns = Math.Min(maxColumns, plots.Count);
            var rows = (plots.Count + columns - 1) / columns;
            var (width, height) = (columns * panelWidth, rows * panelHeight + TitleBand);
            AtomicFile.WriteAllBytes(pngPath, Png(plots, columns, title, width, height));
            AtomicFile.WriteAllBytes(svgPath, Svg(plots, columns, title, width, height));
        }
        finally
        {
            plots.ForEach(p => p.Dispose());
        }
    }

    private byte[] Png(List<Plot> plots, int columns, string title, int width, int height)
    {
        using var surface = SKSurface.Create(new SKImageInfo(width, height, SKColorType.Rgba8888, SKAlphaType.Premul));
        Draw(surface.Canvas, plots, columns, title, width);
        using var image = surface.Snapshot();
        using var data = image.Encode(SKEncodedImageFormat.Png, 100);
        return data.ToArray();
    }

    private byte[] Svg(List<Plot> plots, int columns, string title, int width, int height)
    {
        using var stream = new MemoryStream();
        using (var managed = new SKManagedWStream(stream))
        using (var canvas = SKSvgCanvas.Create(new SKRect(0, 0, width, height), managed))
        {
            Draw(canvas, plots, columns, title, width);
        }
        return System.Text.Encoding.UTF8.GetBytes(RenumberClipIds(System.Text.Encoding.UTF8.GetString(stream.ToArray())));
    }

    private void Draw(SKCanvas canvas, List<Plot> plots, int columns, string title, int width)
    {
        canvas.Clear(SKColors.White);
        using var typeface = SKTypeface.FromFamilyName(ResolveFont());
        using var font = new SKFont(typeface, 20);
        using var paint = new SKPaint { Color = SKColors.Black, IsAntialias = true };
        canvas.DrawText(title, width / 2f, TitleBand * 0.65f, SKTextAlign.Center, font, paint);
        for (var i = 0; i < plots.Count; i++)
        {
            var left = i % columns * panelWidth;
            var top = TitleBand + i / columns * panelHeight;
            // Clip to the panel: a plot clears its background with SKCanvas.Clear, which fills the whole clip.
            canvas.Save();
            canvas.ClipRect(new SKRect(left, top, left + panelWidth, top + panelHeight));
            plots[i].Render(canvas, new PixelRect(left, left + panelWidth, top + panelHeight, top));
            canvas.Restore();
        }
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
}
