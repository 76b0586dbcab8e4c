using MreRepro.Domain.Metrics;
using MreRepro.Stages.Report;

namespace MreRepro.Stages.Tests.Report;

/// <summary>The report's one-pass macro-F1 gives <see cref="TextLevelMetrics.Compute"/>'s value bit for bit.</summary>
public sealed class SeedPredictionsTests
{
    private static double Reference(IReadOnlyList<TextSample> samples, IReadOnlyList<string> labels) =>
        TextLevelMetrics.Compute(samples.Select(s => s.Gold).ToList(), samples.Select(s => s.Predicted).ToList(), labels).MacroF1;

    [Fact]
    public void Should_equal_the_domain_macro_f1_bit_for_bit_on_random_samples()
    {
        var random = new Random(42);
        var pool = new[] { "人名", "地名", "製品名", "組織名", "イベント名", "施設名", "その他", "z" };
        var checkedCases = 0;
        for (var trial = 0; trial < 2000; trial++)
        {
            // Labels: a random subset of the pool in random order. Gold labels and predictions come mostly from it, some from
            // outside it; some predictions did not parse (null).
            var labels = pool.OrderBy(_ => random.Next()).Take(random.Next(1, pool.Length + 1)).ToList();
            string Draw() => random.Next(5) == 0 ? pool[random.Next(pool.Length)] : labels[random.Next(labels.Count)];
            var samples = Enumerable.Range(0, random.Next(0, 60))
                .Select(_ => new TextSample(Draw(), random.Next(10) == 0 ? null : Draw())).ToList();

            var fast = SeedPredictions.MacroF1(labels)(samples);

            Assert.Equal(BitConverter.DoubleToInt64Bits(Reference(samples, labels)), BitConverter.DoubleToInt64Bits(fast));
            checkedCases += fast is > 0 and < 1 ? 1 : 0;
        }
        Assert.True(checkedCases > 1000, $"only {checkedCases} cases with a macro-F1 strictly between 0 and 1");
    }

    [Theory]
    [InlineData(new string[0], new string[0], 0.0)]
    [InlineData(new[] { "a", "a", "b" }, new[] { "a", "b", "b" }, (2.0 / 3 + 2.0 / 3) / 2)]
    [InlineData(new[] { "a", "b" }, new[] { "c", null }, 0.0)]
    public void Should_score_worked_examples(string[] gold, string?[] predicted, double expected)
    {
        var samples = gold.Zip(predicted, (g, p) => new TextSample(g, p)).ToList();

        var value = SeedPredictions.MacroF1(["a", "b", "c"])(samples);

        Assert.Equal(expected, value, 15);
        Assert.Equal(Reference(samples, ["a", "b", "c"]), value);
    }

    [Fact]
    public void Should_count_a_label_listed_twice_twice_as_the_domain_metric_does()
    {
        var samples = new List<TextSample> { new("a", "a"), new("b", "a"), new("b", "b") };

        Assert.Equal(Reference(samples, ["a", "b", "a"]), SeedPredictions.MacroF1(["a", "b", "a"])(samples));
    }
}
