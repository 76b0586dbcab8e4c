namespace MreRepro.Reporting.Rendering;

/// <summary>A report template failed to parse or render; the message starts with "file:line:column:".</summary>
public sealed class ReportTemplateException(string message, Exception? inner = null) : Exception(message, inner);
