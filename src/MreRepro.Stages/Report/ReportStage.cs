using MreRepro.Reporting.Figures;
using MreRepro.Reporting.Reference;
using MreRepro.Reporting.Rendering;
using MreRepro.Stages.Common;

namespace MreRepro.Stages.Report;

/// <summary>
/// Renders the report of a profile: figures first (ScottPlot PNG and SVG, plus the per-layer CSV), then the
/// Markdown and self-contained HTML from the Scriban templates in reports/templates, beside the paper's numbers
/// from reports/paper-reference.yaml. Written to a temporary folder and moved into place file by file.
/// </summary>
public static class ReportStage
{
    public static IReadOnlyList<string> Run(StageContext ctx)
    {
        var final = ctx.Paths.Reports;
        using var output = StageOutput.Begin(final + ".render");
        var figures = Path.Combine(output.Path, "figures");
        Directory.CreateDirectory(figures);
        var model = ReportAssembler.Build(ctx, figures);
        foreach (var figure in model.Figures)
        {
            FlowFigure.Render(figure.Panels, figure.Title, figure.PngPath, figure.SvgPath);
            FlowCsv.Write(figure.Panels, Path.Combine(figures, figure.Id + ".csv"));
        }
        if (model.DoseResponse is { } dose)
        {
            DoseResponseFigure.Render(dose);
        }
        var paper = PaperReference.Load(Path.Combine(ctx.Root, "reports", "paper-reference.yaml"));
        new ReportRenderer(Path.Combine(ctx.Root, "reports", "templates"), paper).Render(model, output.Path);
        Directory.CreateDirectory(final);
        var written = new List<string>();
        foreach (var name in new[] { "report.md", "report.html" })
        {
            File.Move(Path.Combine(output.Path, name), Path.Combine(final, name), overwrite: true);
            written.Add(Path.Combine(final, name));
        }
        var finalFigures = Path.Combine(final, "figures");
        if (Directory.Exists(finalFigures))
        {
            Directory.Delete(finalFigures, recursive: true);
        }
        Directory.Move(figures, finalFigures);
        written.Add(finalFigures);
        return written;
    }
}
