namespace MreRepro.Reporting.Model;

/// <summary>Everything the report shows, as plain values; ReportRenderer turns it into report.md and report.html.</summary>
/// <param name="GeneratedOn">A fixed label (e.g. the run date) rather than the clock, so that output stays byte-identical.</param>
public sealed record ReportModel(
    string Title,
    string? GeneratedOn,
    RunFacts Run,
    IReadOnlyList<DatasetRow> Table1,
    IReadOnlyList<WordLevelRow> Table2,
    IReadOnlyList<TextLevelRow> Table3,
    IReadOnlyList<FewShotRow> Table4,
    IReadOnlyList<FlowFigureModel> Figures);
