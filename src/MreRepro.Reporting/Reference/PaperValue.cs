namespace MreRepro.Reporting.Reference;

/// <summary>One number of the paper: where it sits (table, dataset, condition, metric), its value and where it was read.</summary>
/// <param name="Value">A fraction for percent metrics (0.8512 for 85.12), a count for split sizes; null when not available.</param>
/// <param name="Source">Table and row in the paper, e.g. "Table 2, row SCNM, column Text+TLI".</param>
/// <param name="Note">Why the value is missing, or how it was read.</param>
public sealed record PaperValue(int Table, string Dataset, string Condition, string Metric, double? Value, string Source, string? Note);

/// <summary>A count the paper states in prose, e.g. "five out of six datasets" for the knowledgeable verbalizer.</summary>
/// <param name="Note">Where the prose and the printed table disagree, what the report should say about it.</param>
public sealed record PaperClaim(string Id, int Table, string Metric, int Helped, int Of, string Source, string? Note = null);
