namespace MreRepro.Domain.Sampling;

/// <summary>The paper's seeded 1,000/1,000 train/test draw, reproducing pandas, sklearn or CPython row choices exactly.</summary>
public static class SplitSampler
{
    /// <summary>
    /// Draws disjoint train and test rows from <paramref name="n"/> rows. Rows are 0-based positions in the source file, in draw order.
    /// Asking for more rows than exist is an error (pandas and sklearn raise too) rather than a silently smaller split.
    /// </summary>
    public static SplitResult Split(int n, int train, int test, long seed, SplitMethod method = SplitMethod.PandasSample)
    {
        ArgumentOutOfRangeException.ThrowIfNegative(n);
        if (train < 0 || test < 0)
        {
            throw new SamplingException($"Split sizes must be non-negative (train={train}, test={test}).");
        }

        if ((long)train + test > n)
        {
            throw new SamplingException(
                $"Cannot draw {train} train + {test} test rows from a dataset of {n} rows; lower the split sizes or use a larger dataset.");
        }

        var numpySeed = CheckSeed(seed);
        return method switch
        {
            SplitMethod.PandasSample => TwoStage(n, train, test, (count, k) => new NumpyRandomState(numpySeed).ChoiceWithoutReplacement(count, k)),
            SplitMethod.PythonSample => TwoStage(n, train, test, (count, k) => new PythonRandom(seed).Sample(count, k)),
            SplitMethod.NumpyPermutation => TrainTestSplit(n, train, test, numpySeed),
            _ => throw new ArgumentOutOfRangeException(nameof(method), method, "Unknown split method."),
        };
    }

    /// <summary>
    /// One seeded draw of <paramref name="k"/> rows out of <paramref name="n"/>, as used when train and test come from separate files
    /// (<c>df.sample(n=k, random_state=seed)</c> for the pandas and permutation methods, <c>Random(seed).sample(range(n), k)</c> for Python).
    /// </summary>
    public static IReadOnlyList<int> Draw(int n, int k, long seed, SplitMethod method = SplitMethod.PandasSample)
    {
        if (k < 0 || k > n)
        {
            throw new SamplingException($"Cannot draw {k} rows from a dataset of {n} rows.");
        }

        var numpySeed = CheckSeed(seed);
        return method == SplitMethod.PythonSample
            ? new PythonRandom(seed).Sample(n, k)
            : new NumpyRandomState(numpySeed).ChoiceWithoutReplacement(n, k);
    }

    private static SplitResult TwoStage(int n, int train, int test, Func<int, int, int[]> draw)
    {
        var trainRows = draw(n, train);
        var taken = new HashSet<int>(trainRows);
        var remaining = Enumerable.Range(0, n).Where(row => !taken.Contains(row)).ToArray();
        var testRows = draw(remaining.Length, test).Select(position => remaining[position]).ToArray();
        return new SplitResult(trainRows, testRows);
    }

    /// <summary>numpy's RandomState takes seeds 0..2^32-1 (a uint32), and so does pandas' random_state.</summary>
    private static uint CheckSeed(long seed) =>
        seed is >= 0 and <= uint.MaxValue
            ? (uint)seed
            : throw new SamplingException($"Seed must be between 0 and 2**32 - 1 = {uint.MaxValue} (got {seed}), as numpy's RandomState requires.");

    private static SplitResult TrainTestSplit(int n, int train, int test, uint seed)
    {
        var permutation = new NumpyRandomState(seed).Permutation(n);
        return new SplitResult(permutation[test..(test + train)], permutation[..test]);
    }
}
