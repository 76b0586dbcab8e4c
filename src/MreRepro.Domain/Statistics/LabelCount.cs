namespace MreRepro.Domain.Statistics;

/// <summary>How often a label occurs and its share of all labels at that level (0..1).</summary>
public sealed record LabelCount(string Label, int Count, double Share);
