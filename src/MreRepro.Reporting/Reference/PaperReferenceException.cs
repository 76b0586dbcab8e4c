namespace MreRepro.Reporting.Reference;

/// <summary>reports/paper-reference.yaml is unreadable or breaks its schema; the message names the file, line and column.</summary>
public sealed class PaperReferenceException(string message) : Exception(message);
