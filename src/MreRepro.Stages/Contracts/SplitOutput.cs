using MreRepro.Domain.Formats;
using MreRepro.Domain.Records;
using MreRepro.Domain.Statistics;

namespace MreRepro.Stages.Contracts;

/// <summary>What the split stage writes and later stages read: train.jsonl and test.jsonl (canonical JSONL) and stats.json.</summary>
public static class SplitOutput
{
    public const string Stats = "stats.json";

    /// <summary>Reads a split's train or test records back.</summary>
    public static IReadOnlyList<MreRecord> ReadPart(string splitDir, string part) =>
        CanonicalJsonl.Read(Path.Combine(splitDir, part + ".jsonl")).Records;
}

/// <summary>stats.json: the dataset's row of Table 1 and the label statistics of each part.</summary>
public sealed record SplitStats(Table1Row Table1, SplitStatistics Train, SplitStatistics Test, DuplicateTexts DuplicateTexts);

/// <summary>Identical texts: rows repeating an earlier row's text, test rows whose text is also in train, and rows dropped before drawing.</summary>
public sealed record DuplicateTexts(int RepeatedInInput, int TestInTrain, int Dropped);
