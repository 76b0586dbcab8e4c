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
    public void Should_count_each_distinct_pair_once_in_the_set_based_match()
    {
        var gold = new[] { P("人名", "佐藤"), P("人名", "佐藤"), P("地名", "京都") };
        var predicted = new[] { P("人名", "佐藤"), P("人名", "佐藤"), P("人名", "佐藤"), P("地名", "大阪") };
        Assert.Equal(new PairCounts(1, 2, 2), WordLevelF1.CountSet(gold, predicted));
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
    [Fact]
    public void Should_score_perfect_and_all_wrong_word_level_predictions()
    {
        var gold = new[] { P("人名", "佐藤"), P("地名", "京都") };
        Assert.Equal(1, WordLevelF1.Pool([WordLevelF1.Count(gold, gold)]).F1, 12);
        var wrong = WordLevelF1.Pool([WordLevelF1.Count(gold, [P("地名", "佐藤"), P("人名", "京都")])]);
        Assert.Equal(new F1Score(0, 0, 0), wrong);
    }

    [Fact]
    public void Should_add_nothing_for_a_no_pair_sample_predicted_as_none()
    {
        // sample 1: tp 1 of pred 2, gold 1; sample 2 is 無い on both sides and must not move the score
        var first = WordLevelF1.Count([P("人名", "佐藤")], [P("人名", "佐藤"), P("地名", "京都")]);
        var none = WordLevelF1.Count([], []);
        Assert.Equal(new PairCounts(0, 0, 0), none);
        Assert.Equal(WordLevelF1.Pool([first]), WordLevelF1.Pool([first, none]));
        Assert.Equal(2.0 / 3, WordLevelF1.Pool([first, none]).F1, 12);
    }

    [Fact]
    public void Should_score_a_class_that_is_never_predicted_zero_in_macro_f1()
    {
        // gold a b c c; pred a b b b -> acc 0.5; F1 a = 1, b = 2·(1/3)·1/(1/3+1) = 0.5, c = 0 (never predicted) -> macro 0.5
        var score = TextLevelMetrics.Compute(["a", "b", "c", "c"], ["a", "b", "b", "b"], ["a", "b", "c"]);
        Assert.Equal(0.5, score.Accuracy, 12);
        Assert.Equal(0.5, score.MacroF1, 12);
        var perfect = TextLevelMetrics.Compute(["a", "b"], ["a", "b"], ["a", "b", "c"]);
        Assert.Equal(new TextLevelScore(1, 1), perfect);
        var allWrong = TextLevelMetrics.Compute(["a", "b"], [null, null], ["a", "b"]);
        Assert.Equal(new TextLevelScore(0, 0), allWrong);
    }

    [Fact]
    public void Should_bootstrap_pooled_micro_f1_from_per_sample_triples()
    {
        var with = Enumerable.Range(0, 100).Select(i => new PairCounts(i % 3 == 0 ? 1 : 2, 2, 2)).ToList();
        var without = Enumerable.Range(0, 100).Select(i => new PairCounts(i % 2, 2, 2)).ToList();
        double F1(IReadOnlyList<PairCounts> xs) => WordLevelF1.Pool(xs).F1;
        var interval = BootstrapInterval.Difference(with, without, F1, 300, 11);
        Assert.Equal(F1(with) - F1(without), interval.Estimate, 12);
        Assert.InRange(interval.Estimate, interval.Lower, interval.Upper);
        Assert.True(interval.Lower > 0, $"lower bound {interval.Lower}");
        Assert.NotEqual(interval, BootstrapInterval.Difference(with, without, F1, 300, 12));
    }

    [Fact]
    public void Should_give_the_mean_and_sample_standard_deviation_over_seeds()
    {
        var spread = MeanAndSpread.Of([0.6, 0.7, 0.8]);
        Assert.Equal(0.7, spread.Mean, 12);
        Assert.Equal(0.1, spread.StandardDeviation, 12);
        Assert.Equal(3, spread.Count);
        Assert.Equal(new MeanAndSpread(0.5, 0, 1), MeanAndSpread.Of([0.5]));
        Assert.Equal(0, MeanAndSpread.Of([]).Count);
    }
}
