namespace MreRepro.Reporting.Rendering;

/// <summary>An input the report needs (a figure file, the templates folder) is missing; the message names the path.</summary>
public sealed class ReportInputException(string message) : Exception(message);
