using MreRepro.Reporting.Figures;
using MreRepro.Reporting.Model;
using MreRepro.Reporting.Tests.TestSupport;

namespace MreRepro.Reporting.Tests.Figures;

public sealed class FlowFigureTests : IDisposable
{
    private static readonly byte[] s_pngSignature = [0x89, 0x50, 0x4E, 0x47, 0x0D, 0x0A, 0x1A, 0x0A];
    private readonly TempFolder _folder = new();

    public void Dispose() => _folder.Dispose();

    [Fact]
    public void Should_write_a_valid_png_sized_for_a_grid_of_six_panels()
    {
        var png = _folder.PathOf("figure4.png");

        FlowFigure.Render(ReportSamples.Panels(), "Figure 4", png, _folder.PathOf("figure4.svg"));

        var bytes = File.ReadAllBytes(png);
        Assert.Equal(s_pngSignature, bytes[..8]);
        var width = System.Buffers.Binary.BinaryPrimitives.ReadInt32BigEndian(bytes.AsSpan(16, 4));
        var height = System.Buffers.Binary.BinaryPrimitives.ReadInt32BigEndian(bytes.AsSpan(20, 4));
        Assert.Equal((3 * 480, 2 * 360 + 48), (width, height));
    }

    [Fact]
    public void Should_draw_every_panel_not_only_the_last_one()
    {
        var png = _folder.PathOf("grid.png");

        FlowFigure.Render(ReportSamples.Panels(), "Figure 4", png, _folder.PathOf("grid.svg"));

        using var bitmap = SkiaSharp.SKBitmap.Decode(png);
        for (var i = 0; i < 6; i++)
        {
            var left = i % 3 * 480;
            var top = 48 + i / 3 * 360;
            var inked = 0;
            for (var y = top + 60; y < top + 300; y += 3)
            {
                for (var x = left + 80; x < left + 460; x += 3)
                {
                    var pixel = bitmap.GetPixel(x, y);
                    inked += pixel.Red < 200 || pixel.Green < 200 || pixel.Blue < 200 ? 1 : 0;
                }
            }

            Assert.True(inked > 100, $"panel {i} looks empty ({inked} dark samples)");
        }
    }

    [Fact]
    public void Should_put_planted_and_control_side_by_side_four_panels_a_row()
    {
        var png = _folder.PathOf("pairs.png");

        FlowFigure.Render(ReportSamples.PairedPanels(), "Figure 4", png, _folder.PathOf("pairs.svg"), columns: 4);

        using var bitmap = SkiaSharp.SKBitmap.Decode(png);
        Assert.Equal((4 * 480, 360 + 48), (bitmap.Width, bitmap.Height));
    }

    [Theory]
    [InlineData(2)]
    [InlineData(6)]
    public void Should_tick_the_layer_axis_with_the_integers_0_to_l_minus_1_and_name_the_band(int layers)
    {
        var svgPath = _folder.PathOf("ticks.svg");

        FlowFigure.Render(ReportSamples.PairedPanels(layers), "Figure 4", _folder.PathOf("ticks.png"), svgPath, columns: 4);

        // Each panel's texts: legend, the layer-axis title, its tick labels, then "Proportion" and the y ticks.
        var texts = System.Text.RegularExpressions.Regex.Matches(File.ReadAllText(svgPath), "<text[^>]*>(.*?)</text>", System.Text.RegularExpressions.RegexOptions.Singleline)
            .Select(m => m.Groups[1].Value.Trim()).ToList();
        var axis = texts.IndexOf("Layer (mean of 3 seeds; band: min–max)");
        Assert.True(axis >= 0, "no layer-axis title naming the seeds and the band");
        var ticks = texts.Skip(axis + 1).TakeWhile(t => t != "Proportion").ToList();
        Assert.Equal(Enumerable.Range(0, layers).Select(l => l.ToString(System.Globalization.CultureInfo.InvariantCulture)), ticks);
        Assert.Contains("SCNM-ctrl (control, s = 0)", texts);
    }

    [Fact]
    public void Should_shade_a_band_around_the_mean_when_there_are_several_seeds()
    {
        var withBand = _folder.PathOf("band.png");
        var without = _folder.PathOf("noband.png");
        var panels = ReportSamples.PairedPanels();

        FlowFigure.Render(panels, "F", withBand, _folder.PathOf("band.svg"), columns: 4);
        FlowFigure.Render(panels.Select(p => p with { Bands = null, Seeds = 1 }).ToList(), "F", without, _folder.PathOf("noband.svg"), columns: 4);

        using var a = SkiaSharp.SKBitmap.Decode(withBand);
        using var b = SkiaSharp.SKBitmap.Decode(without);
        int Tinted(SkiaSharp.SKBitmap bitmap)
        {
            var count = 0;
            for (var y = 48 + 40; y < 48 + 320; y += 2)
            {
                for (var x = 60; x < 470; x += 2)
                {
                    var p = bitmap.GetPixel(x, y);
                    // Light, coloured pixels: a band at 20% opacity over white, not a line and not the background.
                    count += p.Red + p.Green + p.Blue is > 600 and < 750 && Math.Max(p.Red, Math.Max(p.Green, p.Blue)) - Math.Min(p.Red, Math.Min(p.Green, p.Blue)) > 20 ? 1 : 0;
                }
            }

            return count;
        }

        Assert.True(Tinted(a) > Tinted(b) + 200, $"band pixels: {Tinted(a)} with bands, {Tinted(b)} without");
    }

    [Fact]
    public void Should_write_an_svg_naming_the_three_series_and_every_dataset()
    {
        var svgPath = _folder.PathOf("figure5.svg");

        FlowFigure.Render(ReportSamples.Panels(), "Figure 5", _folder.PathOf("figure5.png"), svgPath);

        var svg = File.ReadAllText(svgPath);
        Assert.StartsWith("<?xml", svg);
        Assert.Contains("<svg", svg);
        Assert.All(FlowFigure.SeriesNames, name => Assert.Contains(name, svg));
        Assert.All(ReportSamples.PaperDatasets, name => Assert.Contains(System.Security.SecurityElement.Escape(name), svg));
    }

    [Fact]
    public void Should_render_byte_identical_files_for_the_same_panels()
    {
        FlowFigure.Render(ReportSamples.Panels(), "Figure 4", _folder.PathOf("a.png"), _folder.PathOf("a.svg"));
        FlowFigure.Render(ReportSamples.Panels(), "Figure 4", _folder.PathOf("b.png"), _folder.PathOf("b.svg"));

        Assert.Equal(File.ReadAllBytes(_folder.PathOf("a.png")), File.ReadAllBytes(_folder.PathOf("b.png")));
        Assert.Equal(File.ReadAllBytes(_folder.PathOf("a.svg")), File.ReadAllBytes(_folder.PathOf("b.svg")));
    }

    [SkippableFact]
    public void Should_use_dejavu_sans_when_the_system_has_it()
    {
        Skip.IfNot(File.Exists("/usr/share/fonts/truetype/dejavu/DejaVuSans.ttf"), "DejaVu Sans is not installed (Debian: fonts-dejavu-core).");

        Assert.Equal("DejaVu Sans", PanelGrid.ResolveFont());
    }

    [Fact]
    public void Should_refuse_a_panel_whose_series_lengths_differ_from_its_layers()
    {
        var panel = new FlowPanel("SCNM", [0, 1, 2], [0.5, 0.4, 0.3], [0.2, 0.3], [0.3, 0.3, 0.3]);

        var error = Assert.Throws<ArgumentException>(() => FlowFigure.Render([panel], "x", _folder.PathOf("x.png"), _folder.PathOf("x.svg")));

        Assert.Contains("SCNM", error.Message);
        Assert.Contains("S_pq 2", error.Message);
    }
}
