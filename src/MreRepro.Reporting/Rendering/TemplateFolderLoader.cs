using Scriban;
using Scriban.Parsing;
using Scriban.Runtime;

namespace MreRepro.Reporting.Rendering;

/// <summary>Resolves include 'name' against the templates folder and refuses paths that leave it.</summary>
internal sealed class TemplateFolderLoader(string folder) : ITemplateLoader
{
    private readonly string _folder = Path.GetFullPath(folder);

    public string GetPath(TemplateContext context, SourceSpan callerSpan, string templateName)
    {
        var path = Path.GetFullPath(Path.Combine(_folder, templateName));
        if (!path.StartsWith(_folder + Path.DirectorySeparatorChar, StringComparison.Ordinal))
        {
            throw new ReportTemplateException($"{TemplateRunner.Where(callerSpan)}: include '{templateName}' is outside the templates folder {_folder}.");
        }

        return path;
    }

    public string Load(TemplateContext context, SourceSpan callerSpan, string templatePath)
    {
        if (!File.Exists(templatePath))
        {
            throw new ReportTemplateException($"{TemplateRunner.Where(callerSpan)}: included template not found: {templatePath}");
        }

        return File.ReadAllText(templatePath);
    }

    public ValueTask<string?> LoadAsync(TemplateContext context, SourceSpan callerSpan, string templatePath) =>
        new(Load(context, callerSpan, templatePath));
}
