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
    IReadOnlyList<FlowFigureModel> Figures)
{
    /// <summary>Each dataset's knowledgeable-verbalizer label words per class (Table 4's KV), in class order.</summary>
    public IReadOnlyList<LabelWordsRow> LabelWords { get; init; } = [];

    /// <summary>Malformed answers per dataset and fine-tuning condition (strict parsing).</summary>
    public IReadOnlyList<MalformedRow> Malformed { get; init; } = [];

    /// <summary>The strength sweep's dose-response figure; null when the profile has no sweep.</summary>
    public DoseResponse? DoseResponse { get; init; }
}

/// <summary>One class's label words as the verbalizer used them: the class name first by convention, then by frequency.</summary>
public sealed record LabelWordsRow(string Dataset, string Class, IReadOnlyList<string> Words);
