using System.Text.Json;
using MreRepro.Domain.Metrics;

namespace MreRepro.Domain.Tests.Metrics;

/// <summary>The two-level bootstrap over seeds and test samples behind every gain interval of the report.</summary>
public sealed class SeedBootstrapTests
{
    private static double Accuracy(IReadOnlyList<bool> xs) => xs.Count(x => x) / (double)xs.Count;

    private static double Mean(IReadOnlyList<double> xs) => xs.Average();

    [Fact]
    public void Should_equal_the_one_level_paired_bootstrap_with_one_seed()
    {
        var with = Enumerable.Range(0, 150).Select(i => i % 4 != 0).ToList();
        var without = Enumerable.Range(0, 150).Select(i => i % 3 == 0).ToList();

        var twoLevel = SeedBootstrap.Difference([new PairedSeed<bool>(with, without)], Accuracy, 500, 11);
        var oneLevel = BootstrapInterval.Difference(with, without, Accuracy, 500, 11);

        Assert.Equal(oneLevel, twoLevel);
    }

    [Fact]
    public void Should_equal_the_one_level_bootstrap_of_one_statistic_with_one_seed()
    {
        var samples = Enumerable.Range(0, 60).Select(i => Math.Sin(i)).ToList();

        Assert.Equal(BootstrapInterval.Of(samples, Mean, 300, 5), SeedBootstrap.Of([samples], Mean, 300, 5));
    }

    [Fact]
    public void Should_estimate_the_mean_gain_over_seeds_and_be_deterministic()
    {
        var seeds = new[]
        {
            new PairedSeed<bool>([true, true, false, true], [true, false, false, false]),   // +0.50
            new PairedSeed<bool>([true, false, false, true], [true, false, false, true]),   //  0.00
        };

        var a = SeedBootstrap.Difference(seeds, Accuracy, 200, 3);
        var b = SeedBootstrap.Difference(seeds, Accuracy, 200, 3);

        Assert.Equal(a, b);
        Assert.Equal(0.25, a.Estimate, 12);
        Assert.InRange(a.Estimate, a.Lower, a.Upper);
    }

    [Theory]
    [InlineData(0.00, 0.05)]
    [InlineData(0.05, 0.10)]
    [InlineData(0.10, 0.20)]
    [InlineData(0.20, 0.40)]
    public void Should_widen_the_interval_when_the_seeds_disagree_more(double narrower, double wider)
    {
        // Five seeds whose gain is 0.1 on average and spread by the given amount; samples are the same noise in each.
        static DifferenceInterval Interval(double spread)
        {
            var offsets = new[] { -2.0, -1.0, 0.0, 1.0, 2.0 };
            var seeds = offsets.Select(o => new PairedSeed<double>(
                Enumerable.Range(0, 40).Select(i => 0.5 + 0.1 + o * spread + 0.05 * Math.Sin(i * 1.7)).ToList(),
                Enumerable.Range(0, 40).Select(i => 0.5 + 0.05 * Math.Cos(i * 0.9)).ToList())).ToList();
            return SeedBootstrap.Difference(seeds, Mean, 400, 42);
        }

        var narrow = Interval(narrower);
        var wide = Interval(wider);

        Assert.True(wide.Upper - wide.Lower > narrow.Upper - narrow.Lower,
            $"spread {wider}: [{wide.Lower:F4}, {wide.Upper:F4}] is not wider than spread {narrower}: [{narrow.Lower:F4}, {narrow.Upper:F4}]");
    }

    [Fact]
    public void Should_be_wider_than_the_first_seed_alone_when_the_seeds_disagree()
    {
        var noise = Enumerable.Range(0, 80).Select(i => i % 5 == 0).ToList();
        var seeds = new[] { 0, 20, 40 }.Select(shift => new PairedSeed<bool>(
            Enumerable.Range(0, 80).Select(i => (i + shift) % 100 < 60).ToList(), noise)).ToList();

        var all = SeedBootstrap.Difference(seeds, Accuracy, 500, 42);
        var first = BootstrapInterval.Difference(seeds[0].With, seeds[0].Without, Accuracy, 500, 42);

        Assert.True(all.Upper - all.Lower > first.Upper - first.Lower, $"[{all.Lower}, {all.Upper}] vs [{first.Lower}, {first.Upper}]");
    }

    [Fact]
    public void Should_match_the_numpy_reference_for_accuracy_gains()
    {
        var reference = References.GetProperty("accuracy");
        var seeds = reference.GetProperty("seeds").EnumerateArray()
            .Select(s => new PairedSeed<bool>(Bools(s.GetProperty("with")), Bools(s.GetProperty("without")))).ToList();

        var interval = SeedBootstrap.Difference(seeds, Accuracy, reference.GetProperty("resamples").GetInt32(), reference.GetProperty("seed").GetInt32());

        AssertMatches(reference, interval);
    }

    [Fact]
    public void Should_match_the_numpy_reference_for_pooled_word_level_f1_gains()
    {
        var reference = References.GetProperty("f1");
        var seeds = reference.GetProperty("seeds").EnumerateArray()
            .Select(s => new PairedSeed<PairCounts>(Counts(s.GetProperty("with")), Counts(s.GetProperty("without")))).ToList();

        var interval = SeedBootstrap.Difference(seeds, c => WordLevelF1.Pool(c).F1, reference.GetProperty("resamples").GetInt32(), reference.GetProperty("seed").GetInt32());

        AssertMatches(reference, interval);
    }

    [Fact]
    public void Should_match_the_numpy_reference_for_an_unpaired_difference()
    {
        var reference = References.GetProperty("unpaired");
        static List<IReadOnlyList<double>> Groups(JsonElement e) =>
            e.EnumerateArray().Select(s => (IReadOnlyList<double>)s.EnumerateArray().Select(v => v.GetDouble()).ToList()).ToList();

        var interval = SeedBootstrap.Unpaired(Groups(reference.GetProperty("first")), Groups(reference.GetProperty("second")), Mean,
            reference.GetProperty("resamples").GetInt32(), reference.GetProperty("seed").GetInt32());

        AssertMatches(reference, interval);
    }

    [Fact]
    public void Should_match_the_numpy_reference_for_a_difference_of_two_gains()
    {
        var reference = References.GetProperty("gain_difference");
        static List<PairedSeed<bool>> Seeds(JsonElement e) =>
            e.EnumerateArray().Select(s => new PairedSeed<bool>(Bools(s.GetProperty("with")), Bools(s.GetProperty("without")))).ToList();

        var interval = SeedBootstrap.GainDifference(Seeds(reference.GetProperty("first")), Seeds(reference.GetProperty("second")), Accuracy,
            reference.GetProperty("resamples").GetInt32(), reference.GetProperty("seed").GetInt32());

        AssertMatches(reference, interval);
    }

    [Fact]
    public void Should_estimate_a_difference_of_gains_as_the_first_gain_less_the_second()
    {
        var planted = new[]
        {
            new PairedSeed<bool>([true, true, true, false], [true, false, false, false]),    // +0.50
            new PairedSeed<bool>([true, true, false, false], [true, false, false, false]),   // +0.25
        };
        var control = new[]
        {
            new PairedSeed<bool>([true, false, false], [true, true, false]),   // −1/3
            new PairedSeed<bool>([false, true, true], [false, true, true]),    //  0
        };

        var difference = SeedBootstrap.GainDifference(planted, control, Accuracy, 300, 4);

        Assert.Equal(SeedBootstrap.Difference(planted, Accuracy).Estimate - SeedBootstrap.Difference(control, Accuracy).Estimate, difference.Estimate, 12);
        Assert.Equal(0.375 + 1.0 / 6, difference.Estimate, 12);
        Assert.InRange(difference.Estimate, difference.Lower, difference.Upper);
        Assert.Equal(difference, SeedBootstrap.GainDifference(planted, control, Accuracy, 300, 4));
    }

    [Fact]
    public void Should_be_wider_for_a_difference_of_gains_than_for_either_gain_alone()
    {
        static PairedSeed<bool> Seed(int shift) => new(
            Enumerable.Range(0, 120).Select(i => (i * 7 + shift) % 10 < 6).ToList(),
            Enumerable.Range(0, 120).Select(i => (i * 3 + shift) % 10 < 5).ToList());
        var planted = new[] { Seed(0), Seed(1), Seed(2) };
        var control = new[] { Seed(3), Seed(4), Seed(5) };

        var difference = SeedBootstrap.GainDifference(planted, control, Accuracy, 600, 42);
        var alone = SeedBootstrap.Difference(planted, Accuracy, 600, 42);

        Assert.True(difference.Upper - difference.Lower > alone.Upper - alone.Lower,
            $"[{difference.Lower:F4}, {difference.Upper:F4}] is not wider than the planted gain's [{alone.Lower:F4}, {alone.Upper:F4}]");
    }

    [Fact]
    public void Should_refuse_a_control_whose_two_systems_saw_different_samples()
    {
        var error = Assert.Throws<ArgumentException>(() =>
            SeedBootstrap.GainDifference([new PairedSeed<bool>([true], [false])], [new PairedSeed<bool>([true, false, true], [true])], Accuracy));

        Assert.Contains("3 vs 1", error.Message);
        Assert.Equal("second", error.ParamName);
    }

    [Fact]
    public void Should_refuse_seeds_whose_two_systems_saw_different_samples()
    {
        var error = Assert.Throws<ArgumentException>(() =>
            SeedBootstrap.Difference([new PairedSeed<bool>([true, false], [true])], Accuracy));

        Assert.Contains("2 vs 1", error.Message);
    }

    private static JsonElement References
    {
        get
        {
            var path = Path.Combine(AppContext.BaseDirectory, "Metrics", "References", "bootstrap_vectors.json");
            using var document = JsonDocument.Parse(File.ReadAllBytes(path));
            return document.RootElement.Clone();
        }
    }

    private static List<bool> Bools(JsonElement e) => e.EnumerateArray().Select(v => v.GetInt32() == 1).ToList();

    private static List<PairCounts> Counts(JsonElement e) =>
        e.EnumerateArray().Select(c => new PairCounts(c[0].GetInt32(), c[1].GetInt32(), c[2].GetInt32())).ToList();

    private static void AssertMatches(JsonElement reference, DifferenceInterval interval)
    {
        Assert.Equal(reference.GetProperty("estimate").GetDouble(), interval.Estimate, 12);
        Assert.Equal(reference.GetProperty("lower").GetDouble(), interval.Lower, 12);
        Assert.Equal(reference.GetProperty("upper").GetDouble(), interval.Upper, 12);
    }
}
