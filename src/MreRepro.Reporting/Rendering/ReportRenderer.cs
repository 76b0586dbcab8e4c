using MreRepro.Files;
using MreRepro.Reporting.Model;
using MreRepro.Reporting.Reference;

namespace MreRepro.Reporting.Rendering;

/// <summary>Renders report.md and a self-contained report.html from the report model, the templates folder and the paper reference.</summary>
public sealed class ReportRenderer
{
    /// <summary>Markdown template file name inside the templates folder.</summary>
    public const string MarkdownTemplate = "report.sbn-md";

    /// <summary>HTML template file name inside the templates folder.</summary>
    public const string HtmlTemplate = "report.sbn-html";

    private readonly TemplateRunner _runner;
    private readonly PaperReference _paper;

    /// <param name="templatesFolder">Folder holding report.sbn-md, report.sbn-html and the files they include (reports/templates).</param>
    /// <param name="paper">Reference numbers from PaperReference.Load(reports/paper-reference.yaml).</param>
    public ReportRenderer(string templatesFolder, PaperReference paper)
    {
        ArgumentNullException.ThrowIfNull(templatesFolder);
        ArgumentNullException.ThrowIfNull(paper);
        if (!Directory.Exists(templatesFolder))
        {
            throw new ReportInputException($"{templatesFolder}: templates folder not found.");
        }

        _runner = new TemplateRunner(templatesFolder);
        _paper = paper;
    }

    /// <summary>Writes outputFolder/report.md and outputFolder/report.html atomically and returns their paths.</summary>
    /// <exception cref="ReportTemplateException">A template does not parse or refers to a missing variable or member.</exception>
    /// <exception cref="ReportInputException">A figure file named in the model does not exist.</exception>
    public ReportFiles Render(ReportModel model, string outputFolder)
    {
        ArgumentNullException.ThrowIfNull(model);
        ArgumentNullException.ThrowIfNull(outputFolder);
        var folder = Path.GetFullPath(outputFolder);
        var markdown = RenderMarkdown(model, folder);
        var html = RenderHtml(model, folder);
        var files = new ReportFiles(Path.Combine(folder, "report.md"), Path.Combine(folder, "report.html"));
        AtomicFile.WriteAllText(files.MarkdownPath, markdown);
        AtomicFile.WriteAllText(files.HtmlPath, html);
        return files;
    }

    /// <summary>The Markdown report as text; figure links are relative to outputFolder.</summary>
    public string RenderMarkdown(ReportModel model, string outputFolder) =>
        _runner.Render(MarkdownTemplate, Globals(model, outputFolder, embedImages: false));

    /// <summary>The HTML report as text, with figures embedded as PNG data: URIs.</summary>
    public string RenderHtml(ReportModel model, string outputFolder) =>
        _runner.Render(HtmlTemplate, Globals(model, outputFolder, embedImages: true));

    internal Dictionary<string, object> Globals(ReportModel model, string outputFolder, bool embedImages)
    {
        var folder = Path.GetFullPath(outputFolder);
        var view = new ReportViewBuilder(_paper).Build(model, figure => Links(figure, folder, embedImages),
            dose => Links(new FlowFigureModel("dose-response", dose.Title, [], dose.PngPath, dose.SvgPath), folder, embedImages));
        return new Dictionary<string, object> { ["report"] = view };
    }

    private static FigureLinks Links(FlowFigureModel figure, string folder, bool embedImages)
    {
        foreach (var path in new[] { figure.PngPath, figure.SvgPath })
        {
            if (!File.Exists(path))
            {
                throw new ReportInputException($"{path}: figure file for {figure.Id} not found; render it with FlowFigure.Render first.");
            }
        }

        var dataUri = embedImages ? "data:image/png;base64," + Convert.ToBase64String(File.ReadAllBytes(figure.PngPath)) : string.Empty;
        return new FigureLinks(Relative(folder, figure.PngPath), Relative(folder, figure.SvgPath), dataUri);
    }

    private static string Relative(string folder, string path) =>
        Path.GetRelativePath(folder, Path.GetFullPath(path)).Replace(Path.DirectorySeparatorChar, '/');
}

/// <summary>Where the rendered report files were written.</summary>
public sealed record ReportFiles(string MarkdownPath, string HtmlPath);
