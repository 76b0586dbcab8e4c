using MathNet.Numerics.Distributions;
using MreRepro.Domain.Metrics;
using MreRepro.Domain.Sampling;

namespace MreRepro.Reporting.Statistics;

/// <summary>
/// One seed's samples, each with the index of the test record it scores. Every seed of a group is scored on the same
/// test records, so a record has the same index in every seed; a seed may hold only some of them (a subset chosen
/// per seed, such as the records its Text-only model got wrong).
/// </summary>
public sealed record SeedSamples<T>(IReadOnlyList<int> Records, IReadOnlyList<T> Samples)
{
    public SeedSamples(IReadOnlyList<T> samples) : this(Enumerable.Range(0, samples.Count).ToList(), samples)
    {
    }
}

/// <summary>
/// The confidence interval of a mean over fine-tuning seeds that share one test set: seeds are one random factor and
/// test records a second, crossed with the first.
/// <para>
/// The variance of the estimate has a seed part and a test-record part. The seed part is the sample variance of the
/// per-seed statistics (each on all of that seed's records) over the number of seeds; it has S − 1 degrees of
/// freedom. The test-record part is the bootstrap variance of the seed mean when the test records are resampled once
/// for all seeds (a record drawn twice counts twice in every seed that scored it), because the seeds were scored on
/// the same records, not on independent ones. The interval is estimate ± t × √(seed part + record part), with
/// Student's t at the Welch–Satterthwaite degrees of freedom of the sum (the record part, from hundreds of records,
/// counted as having infinitely many). With one seed there is no seed part and the quantile is the normal one.
/// </para>
/// <para>
/// Why not a percentile bootstrap over seeds as well (<see cref="SeedBootstrap"/>): with three seeds, resampling
/// seeds gives a seed variance (S − 1)/S of the sample variance and normal-like quantiles where Student's t with two
/// degrees of freedom is 4.30 against 1.96, and resampling records independently per seed divides the shared
/// test-set variance by S. Where the seed variance dominates, its nominal 95% interval covers a null gain far less
/// often (tests/MreRepro.Reporting.Tests, <c>SeedSampleIntervalCoverageTests</c>). Both variance parts contain the
/// seed-by-record interaction, so this interval is slightly conservative when the seed part is small.
/// </para>
/// </summary>
public static class SeedSampleInterval
{
    /// <summary>A gain "with − without" of paired samples: the metric of each side on the same records.</summary>
    public static Func<IReadOnlyList<(T With, T Without)>, double> Gain<T>(Func<IReadOnlyList<T>, double> metric)
    {
        ArgumentNullException.ThrowIfNull(metric);
        return pairs => metric(pairs.Select(p => p.With).ToList()) - metric(pairs.Select(p => p.Without).ToList());
    }

    /// <summary>Estimate = mean over seeds of metric(that seed's samples), with its interval.</summary>
    public static DifferenceInterval Of<T>(IReadOnlyList<SeedSamples<T>> seeds, Func<IReadOnlyList<T>, double> metric,
        int resamples = 1000, int seed = 42, double level = 0.95)
    {
        ArgumentNullException.ThrowIfNull(metric);
        var group = new Group<T>(seeds, metric, nameof(seeds));
        var rng = new SplitMix64((ulong)seed);
        return Combine([(1, group.Variance(rng, resamples))], level, resamples);
    }

    /// <summary>
    /// The difference "first − second" of two groups scored on different test records (a planted dataset and its
    /// control): each group's parts are estimated on its own, from one generator, first group first, and added.
    /// </summary>
    public static DifferenceInterval Difference<T>(IReadOnlyList<SeedSamples<T>> first, IReadOnlyList<SeedSamples<T>> second,
        Func<IReadOnlyList<T>, double> metric, int resamples = 1000, int seed = 42, double level = 0.95)
    {
        ArgumentNullException.ThrowIfNull(metric);
        var a = new Group<T>(first, metric, nameof(first));
        var b = new Group<T>(second, metric, nameof(second));
        var rng = new SplitMix64((ulong)seed);
        return Combine([(1, a.Variance(rng, resamples)), (-1, b.Variance(rng, resamples))], level, resamples);
    }

    /// <summary>
    /// Student's t quantile at <paramref name="freedom"/> degrees of freedom; the normal quantile above
    /// <see cref="NormalFreedom"/>, where the two differ by less than 3e-7 and MathNet's root search drifts (at 1e12
    /// it is off by 1e-3) or fails to converge.
    /// </summary>
    public static double Quantile(double probability, double freedom) =>
        freedom > NormalFreedom ? Normal.InvCDF(0, 1, probability) : StudentT.InvCDF(0, 1, freedom, probability);

    /// <summary>Degrees of freedom above which <see cref="Quantile"/> is the normal quantile.</summary>
    public const double NormalFreedom = 1e7;

    /// <summary>Welch–Satterthwaite degrees of freedom of a sum of variance parts, each with its own; infinite when every part's are.</summary>
    public static double Freedom(IReadOnlyList<(double Variance, double Freedom)> parts)
    {
        ArgumentNullException.ThrowIfNull(parts);
        var total = parts.Sum(p => p.Variance);
        var denominator = parts.Where(p => !double.IsPositiveInfinity(p.Freedom)).Sum(p => p.Variance * p.Variance / p.Freedom);
        return denominator == 0 ? double.PositiveInfinity : total * total / denominator;
    }

    private static DifferenceInterval Combine(IReadOnlyList<(int Sign, Parts Parts)> groups, double level, int resamples)
    {
        var estimate = groups.Sum(g => g.Sign * g.Parts.Estimate);
        var parts = groups.SelectMany(g => new[] { (g.Parts.SeedVariance, g.Parts.Seeds - 1.0), (g.Parts.RecordVariance, double.PositiveInfinity) })
            .Where(p => p.Item1 > 0).ToList();
        var variance = parts.Sum(p => p.Item1);
        if (variance == 0)
        {
            return new DifferenceInterval(estimate, estimate, estimate, level, resamples);
        }
        var half = Quantile(1 - (1 - level) / 2, Freedom(parts)) * Math.Sqrt(variance);
        return new DifferenceInterval(estimate, estimate - half, estimate + half, level, resamples);
    }

    private readonly record struct Parts(double Estimate, double SeedVariance, int Seeds, double RecordVariance);

    /// <summary>One group's seeds, with its test records numbered 0..N−1 in order of their first index.</summary>
    private sealed class Group<T>
    {
        private readonly IReadOnlyList<SeedSamples<T>> _seeds;
        private readonly Func<IReadOnlyList<T>, double> _metric;
        private readonly int[][] _records;
        private readonly int _count;

        public Group(IReadOnlyList<SeedSamples<T>> seeds, Func<IReadOnlyList<T>, double> metric, string name)
        {
            ArgumentNullException.ThrowIfNull(seeds, name);
            if (seeds.Count == 0)
            {
                throw new ArgumentException("the interval needs at least one seed.", name);
            }
            var numbers = new Dictionary<int, int>();
            foreach (var s in seeds)
            {
                if (s.Records.Count != s.Samples.Count)
                {
                    throw new ArgumentException($"each sample needs its record: {s.Samples.Count} samples, {s.Records.Count} records.", name);
                }
                if (s.Records.Distinct().Count() != s.Records.Count)
                {
                    throw new ArgumentException("a seed scores each test record at most once.", name);
                }
                foreach (var r in s.Records)
                {
                    numbers.TryAdd(r, numbers.Count);
                }
            }
            (_seeds, _metric, _count) = (seeds, metric, numbers.Count);
            _records = seeds.Select(s => s.Records.Select(r => numbers[r]).ToArray()).ToArray();
        }

        public Parts Variance(SplitMix64 rng, int resamples)
        {
            var perSeed = _seeds.Select(s => _metric(s.Samples)).ToList();
            var estimate = perSeed.Average();
            var seedVariance = perSeed.Count > 1 ? perSeed.Sum(v => (v - estimate) * (v - estimate)) / (perSeed.Count - 1) / perSeed.Count : 0;
            if (_count == 0 || resamples < 2)
            {
                return new Parts(estimate, seedVariance, perSeed.Count, 0);
            }
            var times = new int[_count];
            var values = new double[resamples];
            var drawn = new List<T>();
            for (var b = 0; b < resamples; b++)
            {
                Array.Clear(times);
                for (var i = 0; i < _count; i++)
                {
                    times[rng.Next(_count)]++;
                }
                var sum = 0.0;
                for (var k = 0; k < _seeds.Count; k++)
                {
                    drawn.Clear();
                    var (records, samples) = (_records[k], _seeds[k].Samples);
                    for (var i = 0; i < records.Length; i++)
                    {
                        for (var t = 0; t < times[records[i]]; t++)
                        {
                            drawn.Add(samples[i]);
                        }
                    }
                    sum += _metric(drawn);
                }
                values[b] = sum / _seeds.Count;
            }
            var mean = values.Average();
            var recordVariance = values.Sum(v => (v - mean) * (v - mean)) / (resamples - 1);
            return new Parts(estimate, seedVariance, perSeed.Count, recordVariance);
        }
    }
}
