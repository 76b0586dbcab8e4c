using System.Text.Json;
using MreRepro.Domain.Metrics;
using MreRepro.Reporting.Statistics;

namespace MreRepro.Reporting.Tests.Statistics;

/// <summary>The interval over seeds and shared test records behind every gain of the report, against numpy and scipy.</summary>
public sealed class SeedSampleIntervalTests
{
    private static readonly Func<IReadOnlyList<(bool With, bool Without)>, double> AccuracyGain = SeedSampleInterval.Gain<bool>(Accuracy);

    private static double Accuracy(IReadOnlyList<bool> xs) => xs.Count == 0 ? 0 : xs.Count(x => x) / (double)xs.Count;

    [Fact]
    public void Should_match_scipys_student_t_and_normal_quantiles()
    {
        foreach (var q in References.GetProperty("quantiles").EnumerateArray())
        {
            var freedom = q.GetProperty("freedom").ValueKind == JsonValueKind.Null ? double.PositiveInfinity : q.GetProperty("freedom").GetDouble();
            // MathNet's t quantile is found by a root search: it agrees with scipy's to about 1e-8.
            Assert.Equal(q.GetProperty("value").GetDouble(), SeedSampleInterval.Quantile(q.GetProperty("probability").GetDouble(), freedom), 7);
        }
    }

    [Theory]
    [InlineData(1e7 + 1)]
    [InlineData(1e12)]
    [InlineData(1e30)]
    [InlineData(double.PositiveInfinity)]
    public void Should_give_the_normal_quantile_for_very_many_degrees_of_freedom(double freedom)
    {
        // A seed part that is tiny against the record part gives an enormous Welch–Satterthwaite freedom.
        Assert.Equal(1.959963984540054, SeedSampleInterval.Quantile(0.975, freedom), 12);
    }

    [Theory]
    [InlineData("same_records")]
    [InlineData("subsets")]
    [InlineData("one_seed")]
    public void Should_match_the_reference_for_a_gain(string name)
    {
        var reference = References.GetProperty(name);

        var interval = SeedSampleInterval.Of(Seeds(reference.GetProperty("seeds")), AccuracyGain,
            reference.GetProperty("resamples").GetInt32(), reference.GetProperty("seed").GetInt32());

        AssertMatches(reference, interval);
    }

    [Fact]
    public void Should_match_the_reference_for_a_difference_of_two_gains()
    {
        var reference = References.GetProperty("difference");

        var interval = SeedSampleInterval.Difference(Seeds(reference.GetProperty("first")), Seeds(reference.GetProperty("second")), AccuracyGain,
            reference.GetProperty("resamples").GetInt32(), reference.GetProperty("seed").GetInt32());

        AssertMatches(reference, interval);
    }

    [Fact]
    public void Should_give_the_welch_satterthwaite_freedom_of_a_sum()
    {
        // Two seed parts with 2 and 4 degrees of freedom, and one record part counted as infinite.
        var freedom = SeedSampleInterval.Freedom([(0.5, 2), (0.25, 4), (0.25, double.PositiveInfinity)]);

        Assert.Equal(1.0 / (0.25 / 2 + 0.0625 / 4), freedom, 12);
        Assert.Equal(double.PositiveInfinity, SeedSampleInterval.Freedom([(0.3, double.PositiveInfinity)]));
    }

    [Fact]
    public void Should_draw_a_record_once_for_every_seed_that_scored_it()
    {
        // Two seeds with the same per-record gain: drawn once for all seeds, the seed mean varies as one seed's does;
        // drawn per seed (the two-level bootstrap), the two draws would average out and the interval would halve.
        var gains = Enumerable.Range(0, 200).Select(i => i % 5 == 0).ToList();
        var seed = new SeedSamples<(bool, bool)>(gains.Select(g => (g, false)).ToList());

        var one = SeedSampleInterval.Of([seed], AccuracyGain, 400, 9);
        var two = SeedSampleInterval.Of([seed, seed], AccuracyGain, 400, 9);

        Assert.Equal(0.2, two.Estimate, 12);
        Assert.InRange((two.Upper - two.Lower) / (one.Upper - one.Lower), 0.85, 1.15);
    }

    [Fact]
    public void Should_use_students_t_with_s_minus_1_degrees_of_freedom_when_only_the_seeds_vary()
    {
        // Each seed gains the same on every record (1, 0 and 0), so resampling records changes nothing: the interval
        // is the mean ± t(0.975; 2) × the seeds' standard error, √((1/3) / 3) = 1/3.
        static SeedSamples<(bool, bool)> Seed(bool with, bool without) => new(Enumerable.Repeat((with, without), 40).ToList());

        var interval = SeedSampleInterval.Of([Seed(true, false), Seed(false, false), Seed(true, true)], AccuracyGain, 200, 6);

        Assert.Equal(1.0 / 3, interval.Estimate, 12);
        Assert.Equal(4.302652729911275 / 3, interval.Upper - interval.Estimate, 7);
        Assert.Equal(interval.Upper - interval.Estimate, interval.Estimate - interval.Lower, 12);
    }

    [Fact]
    public void Should_collapse_to_the_estimate_when_nothing_varies()
    {
        var seed = new SeedSamples<(bool, bool)>(Enumerable.Repeat((true, false), 30).ToList());

        var interval = SeedSampleInterval.Of([seed, seed, seed], AccuracyGain, 100, 2);

        Assert.Equal(new DifferenceInterval(1, 1, 1, 0.95, 100), interval);
    }

    [Fact]
    public void Should_be_deterministic_for_a_seed()
    {
        var seeds = Seeds(References.GetProperty("subsets").GetProperty("seeds"));

        Assert.Equal(SeedSampleInterval.Of(seeds, AccuracyGain, 200, 4), SeedSampleInterval.Of(seeds, AccuracyGain, 200, 4));
    }

    [Fact]
    public void Should_refuse_samples_without_their_records_and_records_scored_twice()
    {
        var missing = Assert.Throws<ArgumentException>(() =>
            SeedSampleInterval.Of([new SeedSamples<(bool, bool)>([0], [(true, false), (true, true)])], AccuracyGain));
        var twice = Assert.Throws<ArgumentException>(() =>
            SeedSampleInterval.Difference([new SeedSamples<(bool, bool)>([(true, false)])],
                [new SeedSamples<(bool, bool)>([3, 3], [(true, false), (true, true)])], AccuracyGain));
        var none = Assert.Throws<ArgumentException>(() => SeedSampleInterval.Of<(bool, bool)>([], AccuracyGain));

        Assert.Contains("2 samples, 1 records", missing.Message);
        Assert.Equal("second", twice.ParamName);
        Assert.Equal("seeds", none.ParamName);
    }

    private static JsonElement References
    {
        get
        {
            var path = Path.Combine(AppContext.BaseDirectory, "Statistics", "References", "interval_vectors.json");
            using var document = JsonDocument.Parse(File.ReadAllBytes(path));
            return document.RootElement.Clone();
        }
    }

    private static List<SeedSamples<(bool With, bool Without)>> Seeds(JsonElement e) => e.EnumerateArray().Select(s =>
    {
        var with = s.GetProperty("with").EnumerateArray().Select(v => v.GetBoolean()).ToList();
        var without = s.GetProperty("without").EnumerateArray().Select(v => v.GetBoolean()).ToList();
        return new SeedSamples<(bool, bool)>(s.GetProperty("records").EnumerateArray().Select(v => v.GetInt32()).ToList(), with.Zip(without).ToList());
    }).ToList();

    private static void AssertMatches(JsonElement reference, DifferenceInterval interval)
    {
        Assert.Equal(reference.GetProperty("estimate").GetDouble(), interval.Estimate, 12);
        // The draws are the reference's exactly (the estimate to 12 places); the bounds carry the t quantile's 1e-8.
        Assert.Equal(reference.GetProperty("lower").GetDouble(), interval.Lower, 8);
        Assert.Equal(reference.GetProperty("upper").GetDouble(), interval.Upper, 8);
    }
}
