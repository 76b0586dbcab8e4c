using MreRepro.Domain.Metrics;
using MreRepro.Domain.Sampling;
using MreRepro.Reporting.Statistics;
using Xunit.Abstractions;

namespace MreRepro.Reporting.Tests.Statistics;

/// <summary>
/// How often a nominal 95% interval covers a gain that is truly 0, on simulated experiments shaped like the default
/// profile's: three seeds scored on one shared test set, a seed-to-seed spread in each model's skill, and records of
/// varied difficulty. The interval the report uses (<see cref="SeedSampleInterval"/>) against the two-level
/// percentile bootstrap it replaced (<see cref="SeedBootstrap"/>). Seeded, so the counts are fixed numbers.
/// </summary>
public sealed class SeedSampleIntervalCoverageTests(ITestOutputHelper output)
{
    private const int Experiments = 600;
    private const int Seeds = 3;
    private const int Records = 150;
    private const int Resamples = 200;

    private static double Accuracy(IReadOnlyList<bool> xs) => xs.Count == 0 ? 0 : xs.Count(x => x) / (double)xs.Count;

    [Theory]
    [InlineData(0.0, 0.93, 1.00, 0.93, 1.00)]   // no seed spread: both cover at least as often as they should (99.2% and 98.2%)
    [InlineData(0.4, 0.91, 0.99, 0.00, 0.90)]   // a seed spread that dominates, as in Table 2: 93.3% against the bootstrap's 87.0%
    public void Should_cover_a_null_gain_about_95_in_100_times(double seedSpread, double lowest, double highest, double bootstrapLowest, double bootstrapHighest)
    {
        var rng = new SplitMix64(2026);
        var (covered, bootstrapCovered) = (0, 0);
        for (var e = 0; e < Experiments; e++)
        {
            var seeds = Experiment(rng, seedSpread);
            var interval = SeedSampleInterval.Of(seeds.Select(s => new SeedSamples<(bool, bool)>(s.With.Zip(s.Without).ToList())).ToList(),
                SeedSampleInterval.Gain<bool>(Accuracy), Resamples, e);
            var bootstrap = SeedBootstrap.Difference(seeds, Accuracy, Resamples, e);
            covered += interval.Lower <= 0 && 0 <= interval.Upper ? 1 : 0;
            bootstrapCovered += bootstrap.Lower <= 0 && 0 <= bootstrap.Upper ? 1 : 0;
        }
        var (rate, bootstrapRate) = (covered / (double)Experiments, bootstrapCovered / (double)Experiments);
        output.WriteLine($"seed spread {seedSpread}: {Experiments} null experiments, covered by this interval {rate:P1}, by the two-level bootstrap {bootstrapRate:P1}");

        Assert.InRange(rate, lowest, highest);
        Assert.InRange(bootstrapRate, bootstrapLowest, bootstrapHighest);
    }

    // One experiment: a test set drawn from the population (record difficulty), and for each seed a Text-only and a
    // with-information model whose skills are drawn alike (so the true gain is 0); each answer is right with the
    // logistic probability of skill − difficulty + a model-by-record interaction.
    private static List<PairedSeed<bool>> Experiment(SplitMix64 rng, double seedSpread)
    {
        var difficulty = Enumerable.Range(0, Records).Select(_ => Normal(rng)).ToArray();
        var seeds = new List<PairedSeed<bool>>();
        for (var s = 0; s < Seeds; s++)
        {
            var (with, without) = (0.3 + seedSpread * Normal(rng), 0.3 + seedSpread * Normal(rng));
            seeds.Add(new PairedSeed<bool>(Answers(rng, with, difficulty), Answers(rng, without, difficulty)));
        }
        return seeds;
    }

    private static List<bool> Answers(SplitMix64 rng, double skill, double[] difficulty) =>
        difficulty.Select(d => rng.NextDouble() < 1 / (1 + Math.Exp(-(skill - d + Normal(rng))))).ToList();

    // Box–Muller, one of the pair.
    private static double Normal(SplitMix64 rng) =>
        Math.Sqrt(-2 * Math.Log(1 - rng.NextDouble())) * Math.Cos(2 * Math.PI * rng.NextDouble());
}
