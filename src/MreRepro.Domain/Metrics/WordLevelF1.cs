using MreRepro.Domain.Records;

namespace MreRepro.Domain.Metrics;

/// <summary>Per-sample counts for word-level scoring.</summary>
public readonly record struct PairCounts(int TruePositives, int Predicted, int Gold);

/// <summary>Precision, recall and F1 (0 when undefined).</summary>
public readonly record struct F1Score(double Precision, double Recall, double F1);

/// <summary>
/// Word-level micro-F1 (spec C5): exact (label, word) pairs, counts pooled over the test set.
/// TP = Σ |pred ∩ gold|, P = TP / Σ|pred|, R = TP / Σ|gold|; a ratio with a zero denominator is 0,
/// except that an empty gold set predicted as empty everywhere scores 1 (nothing to find, nothing invented).
/// <see cref="Count"/> treats each sample's pairs as multisets (a pair listed twice must be found twice);
/// <see cref="CountSet"/> as sets, the exact match of (label, word) pairs the MRE literature reports.
/// </summary>
public static class WordLevelF1
{
    public static PairCounts Count(IReadOnlyList<WordPair> gold, IReadOnlyList<WordPair> predicted)
    {
        var remaining = gold.GroupBy(p => p.Key).ToDictionary(g => g.Key, g => g.Count());
        var tp = 0;
        foreach (var p in predicted)
        {
            if (remaining.TryGetValue(p.Key, out var n) && n > 0)
            {
                remaining[p.Key] = n - 1;
                tp++;
            }
        }
        return new PairCounts(tp, predicted.Count, gold.Count);
    }

    /// <summary>Set-based counts: duplicates in gold or prediction count once.</summary>
    public static PairCounts CountSet(IReadOnlyList<WordPair> gold, IReadOnlyList<WordPair> predicted)
    {
        var goldSet = gold.Select(p => p.Key).ToHashSet();
        var predictedSet = predicted.Select(p => p.Key).ToHashSet();
        return new PairCounts(predictedSet.Count(goldSet.Contains), predictedSet.Count, goldSet.Count);
    }

    public static F1Score Pool(IEnumerable<PairCounts> samples)
    {
        long tp = 0, predicted = 0, gold = 0;
        foreach (var s in samples)
        {
            tp += s.TruePositives;
            predicted += s.Predicted;
            gold += s.Gold;
        }
        if (predicted == 0 && gold == 0)
        {
            return new F1Score(1, 1, 1);
        }
        var precision = predicted == 0 ? 0 : (double)tp / predicted;
        var recall = gold == 0 ? 0 : (double)tp / gold;
        var f1 = precision + recall == 0 ? 0 : 2 * precision * recall / (precision + recall);
        return new F1Score(precision, recall, f1);
    }
}
