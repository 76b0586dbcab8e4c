namespace MreRepro.Reporting.Model;

/// <summary>A row of Table 1: split sizes and the text-level label distribution of one dataset.</summary>
/// <param name="Dataset">Label shown in the table, e.g. "SCNM" or "SCNM (control)".</param>
/// <param name="PaperDataset">Name in reports/paper-reference.yaml, or null when the paper has no counterpart.</param>
/// <param name="Group">Null for the paper's datasets; a name such as "control" for the generated-corpus control rows.</param>
public sealed record DatasetRow(
    string Dataset,
    string? PaperDataset,
    int? TrainSize,
    int? TestSize,
    IReadOnlyList<LabelCount> TextLabels,
    string? Group = null);

/// <summary>How many samples of a split carry one text-level label.</summary>
public sealed record LabelCount(string Label, int Count);
