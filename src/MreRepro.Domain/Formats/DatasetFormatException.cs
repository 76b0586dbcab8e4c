namespace MreRepro.Domain.Formats;

/// <summary>A dataset file cannot be read as given; the message names the file, the line (or byte offset) and what was expected.</summary>
public sealed class DatasetFormatException : Exception
{
    public DatasetFormatException(string file, int? line, string reason)
        : base(line is int l ? $"{file}:{l}: {reason}" : $"{file}: {reason}")
    {
        File = file;
        Line = line;
        Reason = reason;
    }

    /// <summary>The file that failed.</summary>
    public string File { get; }

    /// <summary>1-based line, when the problem is tied to one.</summary>
    public int? Line { get; }

    /// <summary>The problem without the location prefix.</summary>
    public string Reason { get; }
}
