using MreRepro.Reporting.Comparison;
using MreRepro.Reporting.Figures;
using MreRepro.Reporting.Reference;
using MreRepro.Reporting.Rendering;
using MreRepro.Stages.Common;

namespace MreRepro.Stages.Report;

/// <summary>
/// Renders the report of a profile: figures first (ScottPlot PNG and SVG, plus the per-layer CSV), then the
/// Markdown and self-contained HTML from the Scriban templates in reports/templates, beside the paper's numbers
/// from reports/paper-reference.yaml, and conclusions.json (every "k of n" count, for comparing runs). Written to a
/// temporary folder and moved into place file by file.
/// </summary>
public static class ReportStage
{
    /// <param name="deps">The report's deps in the pipeline definition: every file it reads must be among them.</param>
    public static IReadOnlyList<string> Run(StageContext ctx, IReadOnlyList<string> deps)
    {
        var final = ctx.Paths.Reports;
        using var output = StageOutput.Begin(final + ".render");
        var figures = Path.Combine(output.Path, "figures");
        Directory.CreateDirectory(figures);
        var inputs = new ReportInputs();
        var model = ReportAssembler.Build(ctx, figures, inputs);
        foreach (var figure in model.Figures)
        {
            FlowFigure.Render(figure.Panels, figure.Title, figure.PngPath, figure.SvgPath, figure.Columns);
            FlowCsv.Write(figure.Panels, Path.Combine(figures, figure.Id + ".csv"));
        }
        if (model.DoseResponse is { } dose)
        {
            DoseResponseFigure.Render(dose);
        }
        var paperFile = Path.Combine(ctx.Root, "reports", "paper-reference.yaml");
        inputs.Exists(paperFile);
        var paper = PaperReference.Load(paperFile);
        var templates = Path.Combine(ctx.Root, "reports", "templates");
        inputs.Exists(templates);
        new ReportRenderer(templates, paper).Render(model, output.Path);
        Conclusions.Write(Conclusions.From(model), Path.Combine(output.Path, Conclusions.FileName));
        CheckDeclared(ctx, deps, inputs.Read);
        Directory.CreateDirectory(final);
        var written = new List<string>();
        foreach (var name in new[] { "report.md", "report.html", Conclusions.FileName })
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

    /// <summary>Fails when the report read a file that its deps do not list: a change there would not rerun it.</summary>
    public static void CheckDeclared(StageContext ctx, IReadOnlyList<string> deps, IEnumerable<string> read)
    {
        var declared = deps.Select(ctx.Resolve).ToList();
        var undeclared = read.Where(f => !declared.Any(d => f == d || f.StartsWith(d + "/", StringComparison.Ordinal))).ToList();
        if (undeclared.Count > 0)
        {
            throw new StageException($"the report read {string.Join(", ", undeclared.Select(f => Path.GetRelativePath(ctx.Root, f)))}, which its deps in the pipeline definition do not list.");
        }
    }
}
