namespace MreRepro.Domain.Formats;

/// <summary>Something kept but worth a look, such as a word not found in its text or a skipped header line.</summary>
public sealed record DatasetWarning(string File, int Line, DatasetWarningKind Kind, string Message)
{
    public override string ToString() => $"{File}:{Line}: {Message}";
}

/// <summary>What a <see cref="DatasetWarning"/> is about, so callers can count them.</summary>
public enum DatasetWarningKind
{
    /// <summary>A word-level string does not occur in the text; its pair was kept with Start = null.</summary>
    WordNotInText,
    /// <summary>The first line was taken for a header and skipped.</summary>
    HeaderSkipped,
}
