namespace MreRepro.Domain.Saliency;

/// <summary>The three flows of one layer, with their pair counts and raw sums.</summary>
public sealed record FlowScores(double Swp, double Spq, double Sww, long CountWp, long CountPq, long CountWw, double RawWp, double RawPq, double RawWw);

/// <summary>
/// Spec A5 (label-words-are-anchors' get_proportion) for one layer's saliency matrix I (row = target i,
/// column = source j): diagonal removed; P = information-word positions (distinct, each &lt; q); q = the target.
/// S_wp = mean of I(p, j) over j &lt; p; S_pq = mean of I(q, p); S_ww = mean over the remaining lower-triangle
/// pairs of the window 0..q. With includeBosColumn false, column 0 is removed from every set and its count.
/// </summary>
public static class InformationFlow
{
    public static FlowScores Compute(ReadOnlySpan<float> matrix, int length, IReadOnlyList<int> informationPositions, int q, bool includeBosColumn = true)
    {
        if (matrix.Length != length * length)
        {
            throw new ArgumentException($"matrix has {matrix.Length} values, expected {length}×{length}.");
        }
        if (q < 0 || q >= length)
        {
            throw new ArgumentOutOfRangeException(nameof(q), $"target {q} outside 0..{length - 1}.");
        }
        var positions = informationPositions.Where(p => p >= 0 && p < q).Distinct().OrderBy(p => p).ToList();
        var isInformation = new bool[q + 1];
        foreach (var p in positions)
        {
            isInformation[p] = true;
        }
        var firstColumn = includeBosColumn ? 0 : 1;
        double total = 0, rawWp = 0, rawPq = 0;
        for (var i = 1; i <= q; i++)
        {
            for (var j = firstColumn; j < i; j++)
            {
                var v = matrix[i * length + j];
                total += v;
                if (isInformation[i])
                {
                    rawWp += v;
                }
                else if (i == q && isInformation[j])
                {
                    rawPq += v;
                }
            }
        }
        var rawWw = total - rawWp - rawPq;
        long countWp = positions.Sum(p => (long)(p - firstColumn > 0 ? p - firstColumn : 0));
        long countPq = positions.Count(p => p >= firstColumn);
        long allPairs = includeBosColumn ? (long)q * (q + 1) / 2 : (long)q * (q - 1) / 2;
        var countWw = allPairs - countWp - countPq;
        return new FlowScores(
            Mean(rawWp, countWp), Mean(rawPq, countPq), Mean(rawWw, countWw),
            countWp, countPq, countWw, rawWp, rawPq, rawWw);
    }

    private static double Mean(double raw, long count) => count == 0 ? 0 : raw / count;
}
