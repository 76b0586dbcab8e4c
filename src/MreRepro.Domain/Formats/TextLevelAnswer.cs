namespace MreRepro.Domain.Formats;

/// <summary>A parsed text-level answer: the label, or why no label could be read.</summary>
public sealed record TextLevelAnswer(bool Ok, string? Label, string? Error);
