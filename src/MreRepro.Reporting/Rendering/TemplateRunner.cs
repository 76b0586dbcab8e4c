using Scriban;
using Scriban.Parsing;
using Scriban.Runtime;
using Scriban.Syntax;

namespace MreRepro.Reporting.Rendering;

/// <summary>Parses and renders one template file from the templates folder under strict settings.</summary>
/// <remarks>
/// StrictVariables and EnableRelaxedMemberAccess=false make a misspelt variable or member an error instead of an empty
/// cell. LoopLimit=0 lifts the 1000-iteration default (large per-layer tables), LimitToString is raised from 1 Mi to 64 Mi characters so
/// embedded images are not truncated. Members keep Scriban's default snake_case renaming (WithLabel → with_label), so
/// templates read like the Scriban documentation; the C# view records are the single place names are defined.
/// </remarks>
internal sealed class TemplateRunner(string templatesFolder)
{
    private readonly string _folder = Path.GetFullPath(templatesFolder);

    /// <summary>Renders templates/name with the given globals (each an object whose members become snake_case).</summary>
    public string Render(string name, IReadOnlyDictionary<string, object> globals)
    {
        var path = Path.Combine(_folder, name);
        if (!File.Exists(path))
        {
            throw new ReportTemplateException($"{path}: template not found.");
        }

        var template = Template.Parse(File.ReadAllText(path), path);
        if (template.HasErrors)
        {
            var messages = template.Messages.Select(m => $"{Where(m.Span)}: {m.Message}");
            throw new ReportTemplateException(string.Join(Environment.NewLine, messages));
        }

        var functions = new ScriptObject();
        functions.Import("md_escape", new Func<string?, string>(MarkdownText.Escape));
        foreach (var (key, value) in globals)
        {
            functions.SetValue(key, value, true);
        }

        var context = new TemplateContext
        {
            StrictVariables = true,
            EnableRelaxedMemberAccess = false,
            EnableRelaxedIndexerAccess = false,
            LoopLimit = 0,
            LimitToString = 64 << 20,
            NewLine = "\n",
            TemplateLoader = new TemplateFolderLoader(_folder),
        };
        context.PushGlobal(functions);

        try
        {
            return template.Render(context);
        }
        catch (ScriptParserRuntimeException e)
        {
            var messages = e.ParserMessages.Select(m => $"{Where(m.Span)}: {m.Message}");
            throw new ReportTemplateException(string.Join(Environment.NewLine, messages), e);
        }
        catch (ScriptRuntimeException e) when (e.InnerException is ReportTemplateException inner)
        {
            // The template loader's own message (include outside the folder, include not found) already names file and line.
            throw new ReportTemplateException(inner.Message, e);
        }
        catch (ScriptRuntimeException e)
        {
            throw new ReportTemplateException($"{Where(e.Span)}: {e.OriginalMessage}", e);
        }
    }

    /// <summary>"path:line:column" with 1-based line and column (Scriban's positions are 0-based).</summary>
    public static string Where(SourceSpan span) => $"{span.FileName}:{span.Start.Line + 1}:{span.Start.Column + 1}";
}
