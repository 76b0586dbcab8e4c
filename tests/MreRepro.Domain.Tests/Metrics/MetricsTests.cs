using MreRepro.Domain.Metrics;
using MreRepro.Domain.Records;

namespace MreRepro.Domain.Tests.Metrics;

/// <summary>Scorers against hand-computed cases.</summary>
public sealed class MetricsTests
{
    private static WordPair P(string label, string word) => new(label, word);

    [Fact]
    public void Should_count_duplicate_pairs_as_multisets()
    {
        var gold = new[] { P("人名", "佐藤"), P("人名", "佐藤"), P("地名", "京都") };
        var predicted = new[] { P("人名", "佐藤"), P("人名", "佐藤"), P("人名", "佐藤"), P("地名", "大阪") };
        Assert.Equal(new PairCounts(2, 4, 3), WordLevelF1.Count(gold, predicted));
    }

    [Fact]
    public void Should_pool_counts_over_samples_for_micro_f1()
    {
        // tp 3, pred 4, gold 6 -> P 0.75, R 0.5, F1 0.6
        var score = WordLevelF1.Pool([new PairCounts(2, 2, 3), new PairCounts(1, 2, 2), new PairCounts(0, 0, 1)]);
        Assert.Equal(0.75, score.Precision, 12);
        Assert.Equal(0.5, score.Recall, 12);
        Assert.Equal(0.6, score.F1, 12);
    }

    [Fact]
    public void Should_score_empty_predictions_zero_and_all_empty_one()
    {
        Assert.Equal(0, WordLevelF1.Pool([new PairCounts(0, 0, 2)]).F1);
        Assert.Equal(1, WordLevelF1.Pool([new PairCounts(0, 0, 0), new PairCounts(0, 0, 0)]).F1);
        Assert.Equal(0, WordLevelF1.Pool([new PairCounts(0, 3, 0)]).F1);
    }

    [Fact]
    public void Should_count_unparseable_text_answers_as_wrong_and_average_f1_over_classes()
    {
        // gold a a b c; pred a null b b -> acc 0.5; F1 a = 2/3, b = 2/3, c = 0 -> macro 4/9
        var score = TextLevelMetrics.Compute(["a", "a", "b", "c"], ["a", null, "b", "b"], ["a", "b", "c"]);
        Assert.Equal(0.5, score.Accuracy, 12);
        Assert.Equal(4.0 / 9, score.MacroF1, 12);
    }

    [Fact]
    public void Should_give_a_deterministic_bootstrap_interval_around_the_difference()
    {
        var with = Enumerable.Range(0, 200).Select(i => i % 4 != 0).ToList();
        var without = Enumerable.Range(0, 200).Select(i => i % 2 == 0).ToList();
        double Accuracy(IReadOnlyList<bool> xs) => xs.Count(x => x) / (double)xs.Count;
        var a = BootstrapInterval.Difference(with, without, Accuracy, 500, 7);
        var b = BootstrapInterval.Difference(with, without, Accuracy, 500, 7);
        Assert.Equal(a, b);
        Assert.Equal(0.25, a.Estimate, 12);
        Assert.InRange(a.Estimate, a.Lower, a.Upper);
        Assert.True(a.Lower > 0.1 && a.Upper < 0.4, $"[{a.Lower}, {a.Upper}]");
    }
}
