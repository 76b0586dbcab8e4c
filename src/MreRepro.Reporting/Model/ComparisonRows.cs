namespace MreRepro.Reporting.Model;

/// <summary>
/// A row of Table 2: word-level F1 with "Text only" (without) and "Text+TLI" (with) input. <paramref name="F1"/> (the
/// headline) counts each sample's pairs as multisets; <see cref="SetF1"/> is the set-based exact match of the MRE literature.
/// </summary>
public sealed record WordLevelRow(string Dataset, string? PaperDataset, MetricPair F1, string? Group = null)
{
    /// <summary>Set-based exact match of (label, word) pairs; null when not measured.</summary>
    public MetricPair? SetF1 { get; init; }

    /// <summary>A planted dataset's headline F1 gain against its control's; null for a control or a dataset without one.</summary>
    public ControlContrast? VersusControl { get; init; }

    /// <summary>The headline F1 gain where the text alone reveals the text-level label and where it does not; null when not measured.</summary>
    public EvidenceSplit? ByTextEvidence { get; init; }
}

/// <summary>
/// Table 2's gain split by whether the text alone reveals its text-level label, as the Text-only text-level model of
/// the same seed shows: it answered the sample right (revealed) or wrong (hidden). The text-level label can only help
/// word-level extraction where the model cannot read it from the text, so a planted effect shows in the hidden part.
/// </summary>
/// <param name="Revealed">Answers (all seeds) in the revealed part.</param>
/// <param name="Hidden">Answers (all seeds) in the hidden part.</param>
/// <param name="WhereRevealed">The gain and its interval in the revealed part; null when the part is empty.</param>
/// <param name="WhereHidden">The gain and its interval in the hidden part; null when the part is empty.</param>
public sealed record EvidenceSplit(int Revealed, int Hidden, GainEstimate? WhereRevealed, GainEstimate? WhereHidden);

/// <summary>A gain (with − without, mean over seeds, as a fraction) and its interval over seeds and test records.</summary>
public sealed record GainEstimate(double Gain, ConfidenceInterval Interval);

/// <summary>How many of one condition's answers (all seeds together) did not parse (an answer that does not parse scores as wrong).</summary>
public sealed record MalformedRow(string Dataset, string Condition, int Malformed, int Answers, string? Group = null);

/// <summary>A row of Table 3: text-level macro-F1 and accuracy with "Text only" (without) and "Text+WLI" (with) input.</summary>
public sealed record TextLevelRow(string Dataset, string? PaperDataset, MetricPair MacroF1, MetricPair Accuracy, string? Group = null)
{
    /// <summary>A planted dataset's macro-F1 gain against its control's; null for a control or a dataset without one.</summary>
    public ControlContrast? VersusControl { get; init; }
}

/// <summary>A row of Table 4: few-shot T5 macro-F1 and accuracy without ("W/O KV") and with ("KV") the knowledgeable verbalizer.</summary>
public sealed record FewShotRow(string Dataset, string? PaperDataset, MetricPair MacroF1, MetricPair Accuracy, string? Group = null)
{
    /// <summary>A planted dataset's macro-F1 gain against its control's; null for a control or a dataset without one.</summary>
    public ControlContrast? VersusControl { get; init; }
}

/// <summary>
/// A planted dataset's gain set against its control's (the same paper dataset generated at strength 0, where the added
/// information carries nothing): the control's gain is what adding uninformative information does to the same model,
/// so planted − control is the planted effect net of that cost. Gains and interval as fractions.
/// </summary>
/// <param name="Interval">Interval of planted gain − control gain: the seed and test-record variances of the two gains added.</param>
public sealed record ControlContrast(string Control, double PlantedGain, double ControlGain, ConfidenceInterval Interval)
{
    public double Difference => PlantedGain - ControlGain;
}
