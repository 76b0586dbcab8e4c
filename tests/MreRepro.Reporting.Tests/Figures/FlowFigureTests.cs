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
        var png = _folder.File("figure4.png");

        FlowFigure.Render(ReportSamples.Panels(), "Figure 4", png, _folder.File("figure4.svg"));

        var bytes = File.ReadAllBytes(png);
        Assert.Equal(s_pngSignature, bytes[..8]);
        var width = System.Buffers.Binary.BinaryPrimitives.ReadInt32BigEndian(bytes.AsSpan(16, 4));
        var height = System.Buffers.Binary.BinaryPrimitives.ReadInt32BigEndian(bytes.AsSpan(20, 4));
        Assert.Equal((3 * 480, 2 * 360 + 48), (width, height));
    }

    [Fact]
    public void Should_draw_every_panel_not_only_the_last_one()
    {
        var png = _folder.File("grid.png");

        FlowFigure.Render(ReportSamples.Panels(), "Figure 4", png, _folder.File("grid.svg"));

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
    public void Should_write_an_svg_naming_the_three_series_and_every_dataset()
    {
        var svgPath = _folder.File("figure5.svg");

        FlowFigure.Render(ReportSamples.Panels(), "Figure 5", _folder.File("figure5.png"), svgPath);

        var svg = File.ReadAllText(svgPath);
        Assert.StartsWith("<?xml", svg);
        Assert.Contains("<svg", svg);
        Assert.All(FlowFigure.SeriesNames, name => Assert.Contains(name, svg));
        Assert.All(ReportSamples.PaperDatasets, name => Assert.Contains(System.Security.SecurityElement.Escape(name), svg));
    }

    [Fact]
    public void Should_render_byte_identical_files_for_the_same_panels()
    {
        FlowFigure.Render(ReportSamples.Panels(), "Figure 4", _folder.File("a.png"), _folder.File("a.svg"));
        FlowFigure.Render(ReportSamples.Panels(), "Figure 4", _folder.File("b.png"), _folder.File("b.svg"));

        Assert.Equal(File.ReadAllBytes(_folder.File("a.png")), File.ReadAllBytes(_folder.File("b.png")));
        Assert.Equal(File.ReadAllBytes(_folder.File("a.svg")), File.ReadAllBytes(_folder.File("b.svg")));
    }

    [SkippableFact]
    public void Should_use_dejavu_sans_when_the_system_has_it()
    {
        Skip.IfNot(File.Exists("/usr/share/fonts/truetype/dejavu/DejaVuSans.ttf"), "DejaVu Sans is not installed (Debian: fonts-dejavu-core).");

        Assert.Equal("DejaVu Sans", FlowFigure.ResolveFont());
    }

    [Fact]
    public void Should_refuse_a_panel_whose_series_lengths_differ_from_its_layers()
    {
        var panel = new FlowPanel("SCNM", [0, 1, 2], [0.5, 0.4, 0.3], [0.2, 0.3], [0.3, 0.3, 0.3]);

        var error = Assert.Throws<ArgumentException>(() => FlowFigure.Render([panel], "x", _folder.File("x.png"), _folder.File("x.svg")));

        Assert.Contains("SCNM", error.Message);
        Assert.Contains("S_pq 2", error.Message);
    }
}
