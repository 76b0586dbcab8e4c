using MreRepro.Domain.Sampling;

namespace MreRepro.Domain.Metrics;

/// <summary>A confidence interval of a difference, with the point estimate.</summary>
public sealed record DifferenceInterval(double Estimate, double Lower, double Upper, double Level, int Resamples);

/// <summary>
/// Paired bootstrap over test samples: resample sample indices with replacement (seeded), recompute the metric of
/// both systems on the same resample, and take the percentile interval of "with − without".
/// </summary>
public static class BootstrapInterval
{
    public static DifferenceInterval Difference<T>(
        IReadOnlyList<T> with, IReadOnlyList<T> without, Func<IReadOnlyList<T>, double> metric,
        int resamples = 1000, int seed = 42, double level = 0.95)
    {
        if (with.Count != without.Count)
        {
            throw new ArgumentException($"paired bootstrap needs the same samples: {with.Count} vs {without.Count}.");
        }
        var n = with.Count;
        var estimate = metric(with) - metric(without);
        if (n == 0)
        {
            return new DifferenceInterval(estimate, estimate, estimate, level, 0);
        }
        var rng = new SplitMix64((ulong)seed);
        var differences = new double[resamples];
        var a = new T[n];
        var b = new T[n];
        for (var r = 0; r < resamples; r++)
        {
            for (var i = 0; i < n; i++)
            {
                var k = rng.Next(n);
                a[i] = with[k];
                b[i] = without[k];
            }
            differences[r] = metric(a) - metric(b);
        }
        Array.Sort(differences);
        var alpha = (1 - level) / 2;
        return new DifferenceInterval(estimate, Percentile(differences, alpha), Percentile(differences, 1 - alpha), level, resamples);
    }

    /// <summary>Percentile bootstrap of one statistic over samples (resampled with replacement, seeded); Estimate is the statistic of all samples.</summary>
    public static DifferenceInterval Of<T>(IReadOnlyList<T> samples, Func<IReadOnlyList<T>, double> metric, int resamples = 1000, int seed = 42, double level = 0.95)
    {
        var n = samples.Count;
        var estimate = metric(samples);
        if (n == 0)
        {
            return new DifferenceInterval(estimate, estimate, estimate, level, 0);
        }
        var rng = new SplitMix64((ulong)seed);
        var values = new double[resamples];
        var draw = new T[n];
        for (var r = 0; r < resamples; r++)
        {
            for (var i = 0; i < n; i++)
            {
                draw[i] = samples[rng.Next(n)];
            }
            values[r] = metric(draw);
        }
        Array.Sort(values);
        var alpha = (1 - level) / 2;
        return new DifferenceInterval(estimate, Percentile(values, alpha), Percentile(values, 1 - alpha), level, resamples);
    }

    // Linear interpolation between order statistics (numpy's default percentile).
    internal static double Percentile(double[] sorted, double q)
    {
        var position = q * (sorted.Length - 1);
        var lower = (int)Math.Floor(position);
        var upper = Math.Min(lower + 1, sorted.Length - 1);
        return sorted[lower] + (sorted[upper] - sorted[lower]) * (position - lower);
    }
}
