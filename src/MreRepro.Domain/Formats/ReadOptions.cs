namespace MreRepro.Domain.Formats;

/// <summary>How strictly <see cref="DatasetReader"/> treats bad lines, unknown labels and words missing from the text.</summary>
public sealed record ReadOptions
{
    /// <summary>Drop bad lines (listed in <see cref="DatasetReadResult.Invalid"/>) instead of failing on the first one.</summary>
    public bool SkipInvalid { get; init; }

    /// <summary>When set, a text-level label outside this set makes the line invalid.</summary>
    public IReadOnlySet<string>? KnownTextLabels { get; init; }

    /// <summary>When set, a word-level label outside this set makes the line invalid.</summary>
    public IReadOnlySet<string>? KnownWordLabels { get; init; }

    /// <summary>When true, a word that does not occur in its text makes the line invalid; otherwise it is kept with Start = null and warned about.</summary>
    public bool RequireEntitiesInText { get; init; }

    /// <summary>The defaults: strict on malformed lines, no label sets, missing words only warned about.</summary>
    public static ReadOptions Default { get; } = new();
}
