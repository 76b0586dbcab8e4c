using MreRepro.Domain.Sampling;

namespace MreRepro.Domain.Metrics;

/// <summary>One seed's test samples scored with and without the added information, in the same sample order.</summary>
public sealed record PairedSeed<T>(IReadOnlyList<T> With, IReadOnlyList<T> Without);

/// <summary>
/// Two-level percentile bootstrap over fine-tuning seeds and test samples, so that an interval carries both the
/// seed-to-seed and the sample-to-sample variance. Each resample draws seeds with replacement and, within each drawn
/// seed, that seed's samples with replacement; the statistic of a resample is the mean over its drawn seeds. Seeded
/// (SplitMix64) and deterministic. With one seed no seed is drawn, so the result equals <see cref="BootstrapInterval"/>'s.
/// </summary>
public static class SeedBootstrap
{
    /// <summary>
    /// The gain "with − without": paired within a seed (both systems scored on the same draw of the same seed's
    /// samples). Estimate = mean over seeds of metric(with) − metric(without).
    /// </summary>
    public static DifferenceInterval Difference<T>(IReadOnlyList<PairedSeed<T>> seeds, Func<IReadOnlyList<T>, double> metric,
        int resamples = 1000, int seed = 42, double level = 0.95)
    {
        ArgumentNullException.ThrowIfNull(metric);
        CheckPaired(seeds, nameof(seeds));
        var estimate = MeanGain(seeds, metric);
        if (seeds.All(s => s.With.Count == 0))
        {
            return new DifferenceInterval(estimate, estimate, estimate, level, 0);
        }
        var rng = new SplitMix64((ulong)seed);
        var draw = new PairedDraw<T>(seeds);
        var values = new double[resamples];
        for (var r = 0; r < resamples; r++)
        {
            values[r] = draw.Next(rng, metric);
        }
        return Interval(estimate, values, level);
    }

    /// <summary>
    /// The difference of two gains, "first's gain − second's gain" (e.g. a planted dataset's gain against its control's,
    /// which share no samples): each group's gain is resampled as in <see cref="Difference{T}"/> (seeds, then samples,
    /// with and without paired), the two groups independently, from one generator, first group first.
    /// Estimate = mean over seeds of the first's gains − mean over seeds of the second's.
    /// </summary>
    public static DifferenceInterval GainDifference<T>(IReadOnlyList<PairedSeed<T>> first, IReadOnlyList<PairedSeed<T>> second,
        Func<IReadOnlyList<T>, double> metric, int resamples = 1000, int seed = 42, double level = 0.95)
    {
        ArgumentNullException.ThrowIfNull(metric);
        CheckPaired(first, nameof(first));
        CheckPaired(second, nameof(second));
        var estimate = MeanGain(first, metric) - MeanGain(second, metric);
        if (first.Concat(second).All(s => s.With.Count == 0))
        {
            return new DifferenceInterval(estimate, estimate, estimate, level, 0);
        }
        var rng = new SplitMix64((ulong)seed);
        var (a, b) = (new PairedDraw<T>(first), new PairedDraw<T>(second));
        var values = new double[resamples];
        for (var r = 0; r < resamples; r++)
        {
            values[r] = a.Next(rng, metric) - b.Next(rng, metric);
        }
        return Interval(estimate, values, level);
    }

    private static double MeanGain<T>(IReadOnlyList<PairedSeed<T>> seeds, Func<IReadOnlyList<T>, double> metric) =>
        seeds.Average(s => metric(s.With) - metric(s.Without));

    private static void CheckPaired<T>(IReadOnlyList<PairedSeed<T>> seeds, string name)
    {
        ArgumentNullException.ThrowIfNull(seeds, name);
        if (seeds.Count == 0)
        {
            throw new ArgumentException("the seed bootstrap needs at least one seed.", name);
        }
        foreach (var s in seeds)
        {
            if (s.With.Count != s.Without.Count)
            {
                throw new ArgumentException($"paired bootstrap needs the same samples: {s.With.Count} vs {s.Without.Count}.", name);
            }
        }
    }

    /// <summary>
    /// One resample of a paired group's gain: seeds with replacement, then each drawn seed's samples with replacement,
    /// with and without on the same draw; the mean gain over drawn seeds. Its buffers are reused between resamples.
    /// </summary>
    private sealed class PairedDraw<T>(IReadOnlyList<PairedSeed<T>> seeds)
    {
        private readonly (T[] With, T[] Without)[] _buffers = seeds.Select(s => (new T[s.With.Count], new T[s.With.Count])).ToArray();
        private readonly int[] _drawn = new int[seeds.Count];

        public double Next(SplitMix64 rng, Func<IReadOnlyList<T>, double> metric)
        {
            DrawSeeds(rng, _drawn);
            var sum = 0.0;
            foreach (var k in _drawn)
            {
                // A seed drawn twice gets two independent sample draws; the buffers are reused after each metric call.
                var (a, b) = _buffers[k];
                for (var i = 0; i < a.Length; i++)
                {
                    var j = rng.Next(a.Length);
                    a[i] = seeds[k].With[j];
                    b[i] = seeds[k].Without[j];
                }
                sum += metric(a) - metric(b);
            }
            return sum / _drawn.Length;
        }
    }

    /// <summary>
    /// The difference "first − second" of two independent groups (e.g. a planted dataset and its control, which
    /// share no samples): each group is resampled over its own seeds and samples, from one generator, first group first.
    /// Estimate = mean over seeds of metric(first) − mean over seeds of metric(second).
    /// </summary>
    public static DifferenceInterval Unpaired<T>(IReadOnlyList<IReadOnlyList<T>> first, IReadOnlyList<IReadOnlyList<T>> second,
        Func<IReadOnlyList<T>, double> metric, int resamples = 1000, int seed = 42, double level = 0.95)
    {
        ArgumentNullException.ThrowIfNull(first);
        ArgumentNullException.ThrowIfNull(second);
        ArgumentNullException.ThrowIfNull(metric);
        if (first.Count == 0 || second.Count == 0)
        {
            throw new ArgumentException("the seed bootstrap needs at least one seed in each group.");
        }
        var estimate = first.Average(metric) - second.Average(metric);
        if (first.Concat(second).All(s => s.Count == 0))
        {
            return new DifferenceInterval(estimate, estimate, estimate, level, 0);
        }
        var rng = new SplitMix64((ulong)seed);
        var values = new double[resamples];
        for (var r = 0; r < resamples; r++)
        {
            values[r] = Draw(rng, first, metric) - Draw(rng, second, metric);
        }
        return Interval(estimate, values, level);
    }

    /// <summary>One statistic over seeds and samples: Estimate = mean over seeds of metric(samples).</summary>
    public static DifferenceInterval Of<T>(IReadOnlyList<IReadOnlyList<T>> seeds, Func<IReadOnlyList<T>, double> metric,
        int resamples = 1000, int seed = 42, double level = 0.95)
    {
        ArgumentNullException.ThrowIfNull(seeds);
        ArgumentNullException.ThrowIfNull(metric);
        if (seeds.Count == 0)
        {
            throw new ArgumentException("the seed bootstrap needs at least one seed.", nameof(seeds));
        }
        var estimate = seeds.Average(metric);
        if (seeds.All(s => s.Count == 0))
        {
            return new DifferenceInterval(estimate, estimate, estimate, level, 0);
        }
        var rng = new SplitMix64((ulong)seed);
        var values = new double[resamples];
        for (var r = 0; r < resamples; r++)
        {
            values[r] = Draw(rng, seeds, metric);
        }
        return Interval(estimate, values, level);
    }

    // One resample of a group: seeds with replacement, then each drawn seed's samples with replacement; mean over drawn seeds.
    private static double Draw<T>(SplitMix64 rng, IReadOnlyList<IReadOnlyList<T>> seeds, Func<IReadOnlyList<T>, double> metric)
    {
        var drawn = new int[seeds.Count];
        DrawSeeds(rng, drawn);
        var sum = 0.0;
        foreach (var k in drawn)
        {
            var samples = seeds[k];
            var draw = new T[samples.Count];
            for (var i = 0; i < draw.Length; i++)
            {
                draw[i] = samples[rng.Next(samples.Count)];
            }
            sum += metric(draw);
        }
        return sum / drawn.Length;
    }

    // One seed is no choice: drawing it would only advance the generator and part this from the one-level bootstrap.
    private static void DrawSeeds(SplitMix64 rng, int[] drawn)
    {
        if (drawn.Length == 1)
        {
            drawn[0] = 0;
            return;
        }
        for (var i = 0; i < drawn.Length; i++)
        {
            drawn[i] = rng.Next(drawn.Length);
        }
    }

    private static DifferenceInterval Interval(double estimate, double[] values, double level)
    {
        Array.Sort(values);
        var alpha = (1 - level) / 2;
        return new DifferenceInterval(estimate, BootstrapInterval.Percentile(values, alpha), BootstrapInterval.Percentile(values, 1 - alpha), level, values.Length);
    }
}
