using MreRepro.Reporting.Model;
using MreRepro.Reporting.Reading;

namespace MreRepro.Reporting.Rendering;

// What templates see: strings only, every number already formatted by ReportFormat. Scriban renames members to snake_case.

/// <summary>The whole report as strings.</summary>
internal sealed record ReportView(
    string Title,
    string GeneratedOn,
    string Citation,
    string PaperAvailability,
    DatasetTableView Table1,
    ComparisonTableView Table2,
    ComparisonTableView Table3,
    ComparisonTableView Table4,
    IReadOnlyList<FigureView> Figures,
    RunView Run,
    IReadOnlyList<LabelWordsView> LabelWords,
    DoseResponseView? DoseResponse,
    MalformedTableView Malformed);

/// <summary>Malformed answers: one row per dataset, one column per fine-tuning condition, and a reading.</summary>
internal sealed record MalformedTableView(IReadOnlyList<string> Conditions, IReadOnlyList<MalformedRowView> Rows, IReadOnlyList<string> Reading);

/// <summary>One dataset's malformed answers, "k of n (x%)" per condition in the table's order.</summary>
internal sealed record MalformedRowView(string Dataset, IReadOnlyList<string> Cells);

/// <summary>One class's label words: how many the verbalizer kept and the first ten.</summary>
internal sealed record LabelWordsView(string Dataset, string Class, string Kept, string Top);

/// <summary>The dose-response figure with its reading.</summary>
internal sealed record DoseResponseView(string Title, string PngLink, string SvgLink, string PngDataUri, IReadOnlyList<string> Reading);

/// <summary>Table 1 as strings.</summary>
internal sealed record DatasetTableView(string Title, string Caption, IReadOnlyList<DatasetRowView> Rows);

/// <summary>One dataset of Table 1.</summary>
internal sealed record DatasetRowView(string Dataset, string Train, string Test, string TrainPaper, string TestPaper, string Labels);

/// <summary>Tables 2–4 share one shape: a row per dataset and metric, the two inputs side by side, then the gain.</summary>
internal sealed record ComparisonTableView(
    string Id,
    string Title,
    string Caption,
    string WithoutLabel,
    string WithLabel,
    string IntervalLabel,
    IReadOnlyList<ComparisonRowView> Rows,
    IReadOnlyList<string> Reading)
{
    /// <summary>Each planted dataset's gain against its control's (empty when the profile has no control).</summary>
    public IReadOnlyList<Reading.ContrastRowView> Contrasts { get; init; } = [];

    /// <summary>Header of the contrasts' interval column, e.g. "95% CI of planted − control".</summary>
    public string ContrastIntervalLabel { get; init; } = "";

    /// <summary>The reading of <see cref="Contrasts"/>.</summary>
    public IReadOnlyList<string> ContrastReading { get; init; } = [];

    /// <summary>Table 2 only: the gain where the text reveals its text-level label and where it hides it.</summary>
    public IReadOnlyList<Reading.EvidenceRowView> Evidence { get; init; } = [];

    /// <summary>The reading of <see cref="Evidence"/>.</summary>
    public IReadOnlyList<string> EvidenceReading { get; init; } = [];

    /// <summary>This table with each planted dataset's gain set against its control's (rows without a contrast are left out).</summary>
    /// <param name="metric">What the gains are of, e.g. "word-level F1".</param>
    public ComparisonTableView WithContrasts(string metric, IEnumerable<(string Dataset, ControlContrast? Contrast)> rows)
    {
        var list = rows.ToList();
        var contrasts = list.Select(r => r.Contrast).OfType<ControlContrast>().ToList();
        return this with
        {
            Contrasts = ControlContrastReading.Rows(list),
            ContrastIntervalLabel = ControlContrastReading.IntervalLabel(contrasts),
            ContrastReading = ControlContrastReading.Describe(metric, contrasts),
        };
    }
}

/// <summary>One dataset and metric of a comparison table.</summary>
internal sealed record ComparisonRowView(string Dataset, string Metric, CellView Without, CellView With, string Gain, string GainInterval, string GainPaper);

/// <summary>One cell: our value, the paper's, their difference, and all three as one line.</summary>
internal sealed record CellView(string Ours, string Paper, string Diff, string Text, bool HasPaper);

/// <summary>A figure with its image as a relative link (Markdown) and a data: URI (HTML), its reading and its planted-versus-control rows.</summary>
internal sealed record FigureView(string Id, string Title, string PngLink, string SvgLink, string PngDataUri, IReadOnlyList<string> Reading,
    IReadOnlyList<Reading.FlowComparisonView> Comparisons);

/// <summary>Run facts as label/value pairs.</summary>
internal sealed record RunView(
    IReadOnlyList<FactView> Facts,
    IReadOnlyList<FactView> Parameters,
    IReadOnlyList<FactView> Model,
    IReadOnlyList<StageView> Stages,
    string TotalDuration);

/// <summary>A named value.</summary>
internal sealed record FactView(string Name, string Value);

/// <summary>One stage's duration and where its outputs came from.</summary>
internal sealed record StageView(string Name, string Duration, string Source);
