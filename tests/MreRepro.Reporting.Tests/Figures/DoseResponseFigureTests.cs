using MreRepro.Reporting.Figures;
using MreRepro.Reporting.Model;
using MreRepro.Reporting.Reading;
using MreRepro.Reporting.Reference;
using MreRepro.Reporting.Rendering;
using MreRepro.Reporting.Tests.TestSupport;

namespace MreRepro.Reporting.Tests.Figures;

/// <summary>The dose-response figure of a strength sweep, on fixed inputs: drawn only for a sweep, deterministic, read out.</summary>
public sealed class DoseResponseFigureTests : IDisposable
{
    private readonly TempFolder _folder = new();

    public void Dispose() => _folder.Dispose();

    // Two paper datasets at five strengths; SCNM's gains rise and start at 0, SCPOS-N's text gain does not rise.
    internal static List<DosePoint> SweepPoints()
    {
        double[] strengths = [0, 0.25, 0.5, 0.75, 1];
        var points = new List<DosePoint>();
        for (var i = 0; i < strengths.Length; i++)
        {
            var s = strengths[i];
            points.Add(new(DoseResponse.WordLevelGain, "SCNM", s, 0.08 * s, 0.08 * s - 0.03, 0.08 * s + 0.03));
            points.Add(new(DoseResponse.TextLevelGain, "SCNM", s, 0.2 * s - 0.001, 0.2 * s - 0.05, 0.2 * s + 0.05));
            points.Add(new(DoseResponse.FlowTli, "SCNM", s, 0.3 + 0.3 * s, 0.28 + 0.3 * s, 0.32 + 0.3 * s));
            points.Add(new(DoseResponse.FlowWli, "SCNM", s, 0.4 + 0.2 * s));
            points.Add(new(DoseResponse.WordLevelGain, "SCPOS-N", s, 0.05 * s, 0.05 * s - 0.02, 0.05 * s + 0.02));
            points.Add(new(DoseResponse.TextLevelGain, "SCPOS-N", s, i % 2 == 0 ? 0.05 : -0.05, 0.02, 0.09));
            points.Add(new(DoseResponse.FlowTli, "SCPOS-N", s, 0.2 + 0.1 * s));
            points.Add(new(DoseResponse.FlowWli, "SCPOS-N", s, 0.3 + 0.1 * s));
        }
        // A dataset at one strength only (the default profile's planted TCREE) is no sweep.
        points.Add(new(DoseResponse.WordLevelGain, "TCREE", 0.8, 0.1));
        return points;
    }

    [Fact]
    public void Should_draw_nothing_for_planted_and_control_alone()
    {
        // The default profile: each paper dataset at 0.8 and at 0 is a comparison, not a curve.
        var pairs = SweepPoints().Where(p => p.Strength is 0.8 or 0 || p.Series == "SCNM" && p.Strength == 1).ToList();
        Assert.Null(DoseResponse.From(pairs, _folder.PathOf("d.png"), _folder.PathOf("d.svg")));
    }

    [Fact]
    public void Should_keep_only_the_swept_series_in_panel_order()
    {
        var figure = DoseResponse.From(SweepPoints(), _folder.PathOf("d.png"), _folder.PathOf("d.svg"))!;
        Assert.Equal(["SCNM", "SCPOS-N"], figure.Points.Select(p => p.Series).Distinct());
        Assert.Equal(DoseResponse.Measures, figure.Points.Select(p => p.Measure).Distinct());
        Assert.Equal([0, 0.25, 0.5, 0.75, 1], figure.Panel(DoseResponse.FlowTli)[0].Points.Select(p => p.Strength));
    }

    [Fact]
    public void Should_write_the_same_png_and_svg_for_the_same_points_with_four_panels()
    {
        var first = DoseResponse.From(SweepPoints(), _folder.PathOf("a.png"), _folder.PathOf("a.svg"))!;
        var second = DoseResponse.From(SweepPoints(), _folder.PathOf("b.png"), _folder.PathOf("b.svg"))!;

        DoseResponseFigure.Render(first);
        DoseResponseFigure.Render(second);

        Assert.Equal(File.ReadAllBytes(first.PngPath), File.ReadAllBytes(second.PngPath));
        Assert.Equal(File.ReadAllBytes(first.SvgPath), File.ReadAllBytes(second.SvgPath));
        var bytes = File.ReadAllBytes(first.PngPath);
        var width = System.Buffers.Binary.BinaryPrimitives.ReadInt32BigEndian(bytes.AsSpan(16, 4));
        var height = System.Buffers.Binary.BinaryPrimitives.ReadInt32BigEndian(bytes.AsSpan(20, 4));
        Assert.Equal((2 * 560, 2 * 400 + 48), (width, height));
        Assert.Contains("SCPOS-N", File.ReadAllText(first.SvgPath));
    }

    [Fact]
    public void Should_read_the_value_at_zero_the_value_at_one_and_the_rising_steps()
    {
        var figure = DoseResponse.From(SweepPoints(), _folder.PathOf("d.png"), _folder.PathOf("d.svg"))!;

        var reading = DoseResponseReading.Describe(figure);

        Assert.Contains($"{DoseResponse.WordLevelGain}, SCNM: +0.00 at s = 0 (its interval covers 0), +8.00 at s = 1; it rose at 4 of 4 steps.", reading);
        Assert.Contains($"{DoseResponse.TextLevelGain}, SCPOS-N: +5.00 at s = 0 (its interval excludes 0), +5.00 at s = 1; it rose at 2 of 4 steps.", reading);
        Assert.Contains($"{DoseResponse.FlowTli}, SCNM: 0.300 at s = 0, 0.600 at s = 1; it rose at 4 of 4 steps.", reading);
        Assert.Equal(8, reading.Count);
    }

    [Fact]
    public void Should_render_the_figure_and_the_label_words_into_both_reports()
    {
        var renderer = new ReportRenderer(RepositoryPaths.Templates, PaperReference.Load(RepositoryPaths.PaperReference));
        var dose = DoseResponse.From(SweepPoints(), _folder.PathOf("dose-response.png"), _folder.PathOf("dose-response.svg"))!;
        DoseResponseFigure.Render(dose);
        var model = ReportSamples.Model(_folder.Path) with
        {
            DoseResponse = dose,
            LabelWords = [new("SCNM", "社会", ["社会", "青葉党", "大野一郎", "a|b", "w5", "w6", "w7", "w8", "w9", "w10", "w11"]), new("SCNM-ctrl", "社会", ["社会"])],
        };

        var markdown = renderer.RenderMarkdown(model, _folder.Path);
        var html = renderer.RenderHtml(model, _folder.Path);

        Assert.Contains("![Dose-response: gains and information flow into the target against planted strength](dose-response.png)", markdown);
        Assert.Contains("| SCNM | 社会 | 11 | 社会、青葉党、大野一郎、a\\|b、w5、w6、w7、w8、w9、w10 |", markdown);
        Assert.Contains("| SCNM-ctrl | 社会 | 1 | 社会 |", markdown);
        Assert.Contains("it rose at 4 of 4 steps.", markdown);
        Assert.Contains("<section id=\"dose-response\">", html);
        Assert.Equal(3, System.Text.RegularExpressions.Regex.Matches(html, "src=\"data:image/png;base64,").Count);
        Assert.DoesNotContain("Dose-response", renderer.RenderMarkdown(ReportSamples.Model(_folder.Path), _folder.Path));
        Assert.DoesNotContain("Label words of the knowledgeable verbalizer", renderer.RenderMarkdown(ReportSamples.Model(_folder.Path), _folder.Path));
    }
}
