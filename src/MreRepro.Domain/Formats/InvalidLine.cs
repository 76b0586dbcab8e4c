namespace MreRepro.Domain.Formats;

/// <summary>A line that could not be turned into a record: the file, its 1-based line number and why.</summary>
public sealed record InvalidLine(string File, int Line, string Reason)
{
    public override string ToString() => $"{File}:{Line}: {Reason}";
}
