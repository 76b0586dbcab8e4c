using MreRepro.Domain.Records;

namespace MreRepro.Domain.Statistics;

/// <summary>Table 1 sizes and per-level label distributions computed from record lists; formatting is the report's job.</summary>
public static class DatasetStatistics
{
    /// <summary>The Table 1 row for a dataset's train and test records.</summary>
    public static Table1Row Table1(string dataset, IReadOnlyCollection<MreRecord> train, IReadOnlyCollection<MreRecord> test)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(dataset);
        ArgumentNullException.ThrowIfNull(train);
        ArgumentNullException.ThrowIfNull(test);
        return new Table1Row(dataset, train.Count, test.Count);
    }

    /// <summary>Text-level and word-level distributions of <paramref name="records"/>.</summary>
    public static SplitStatistics Describe(IReadOnlyCollection<MreRecord> records)
    {
        ArgumentNullException.ThrowIfNull(records);
        int pairs = records.Sum(r => r.Pairs.Count);
        int maxPairs = records.Count == 0 ? -1 : records.Max(r => r.Pairs.Count);
        var histogram = new int[maxPairs + 1];
        foreach (var record in records)
        {
            histogram[record.Pairs.Count]++;
        }

        int found = records.Sum(r => r.Pairs.Count(p => p.Start is not null));
        return new SplitStatistics(
            records.Count,
            pairs,
            Count(records.Select(r => r.TextLabel)),
            Count(records.SelectMany(r => r.Pairs).Select(p => p.Label)),
            histogram,
            records.Count == 0 ? null : (double)pairs / records.Count,
            records.Count == 0 ? null : (double)records.Count(r => r.Pairs.Count == 0) / records.Count,
            pairs == 0 ? null : (double)found / pairs);
    }

    private static IReadOnlyList<LabelCount> Count(IEnumerable<string> labels)
    {
        var counts = labels.GroupBy(label => label, StringComparer.Ordinal).Select(g => (Label: g.Key, Count: g.Count())).ToList();
        int total = counts.Sum(c => c.Count);
        return counts
            .OrderByDescending(c => c.Count)
            .ThenBy(c => c.Label, StringComparer.Ordinal)
            .Select(c => new LabelCount(c.Label, c.Count, (double)c.Count / total))
            .ToArray();
    }
}
