namespace MreRepro.Reporting.Model;

/// <summary>
/// A row of Table 2: word-level F1 with "Text only" (without) and "Text+TLI" (with) input. <paramref name="F1"/> (the
/// headline) counts each sample's pairs as multisets; <see cref="SetF1"/> is the set-based exact match of the MRE literature.
/// </summary>
public sealed record WordLevelRow(string Dataset, string? PaperDataset, MetricPair F1, string? Group = null)
{
    /// <summary>Set-based exact match of (label, word) pairs; null when not measured.</summary>
    public MetricPair? SetF1 { get; init; }
}

/// <summary>How many of one condition's answers (all seeds together) did not parse (an answer that does not parse scores as wrong).</summary>
public sealed record MalformedRow(string Dataset, string Condition, int Malformed, int Answers, string? Group = null);

/// <summary>A row of Table 3: text-level macro-F1 and accuracy with "Text only" (without) and "Text+WLI" (with) input.</summary>
public sealed record TextLevelRow(string Dataset, string? PaperDataset, MetricPair MacroF1, MetricPair Accuracy, string? Group = null);

/// <summary>A row of Table 4: few-shot T5 macro-F1 and accuracy without ("W/O KV") and with ("KV") the knowledgeable verbalizer.</summary>
public sealed record FewShotRow(string Dataset, string? PaperDataset, MetricPair MacroF1, MetricPair Accuracy, string? Group = null);
