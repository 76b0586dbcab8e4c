using MreRepro.Domain.Records;

namespace MreRepro.Domain.Formats;

/// <summary>One source line (or JSON array element) as a format parser read it: a record candidate, or the reason it is not one.</summary>
internal sealed record ParsedLine(int Line, MreRecord? Record, string? Error)
{
    public static ParsedLine Bad(int line, string error) => new(line, null, error);

    public static ParsedLine Good(int line, MreRecord record) => new(line, record, null);
}
