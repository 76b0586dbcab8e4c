namespace MreRepro.Reporting.Rendering;

/// <summary>Escapes text for a Markdown table cell; exposed to templates as md_escape.</summary>
internal static class MarkdownText
{
    /// <summary>"|" would end the cell and a line break would end the row, so both are neutralised.</summary>
    public static string Escape(string? text) =>
        (text ?? string.Empty).Replace("\\|", "|", StringComparison.Ordinal)
            .Replace("|", "\\|", StringComparison.Ordinal)
            .Replace("\r\n", " ", StringComparison.Ordinal)
            .Replace('\n', ' ')
            .Replace('\r', ' ');
}
