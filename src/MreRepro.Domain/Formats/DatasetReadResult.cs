using MreRepro.Domain.Records;

namespace MreRepro.Domain.Formats;

/// <summary>What <see cref="DatasetReader.Read"/> returns: the good records in file order, the dropped lines and the warnings.</summary>
public sealed record DatasetReadResult(
    string File,
    DatasetFormat Format,
    IReadOnlyList<MreRecord> Records,
    IReadOnlyList<InvalidLine> Invalid,
    IReadOnlyList<DatasetWarning> Warnings)
{
    /// <summary>Word-level pairs kept with Start = null because the word does not occur in the text.</summary>
    public int PairsNotInText => Warnings.Count(w => w.Kind == DatasetWarningKind.WordNotInText);
}
