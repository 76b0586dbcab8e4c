using MreRepro.Domain.Prompts;
using MreRepro.Domain.Records;
using MreRepro.Stages.Contracts;
using MreRepro.Stages.Evaluate;

namespace MreRepro.Stages.Tests.Evaluate;

/// <summary>The evaluate stage's scoring of hand-written generations, without a model.</summary>
public sealed class EvaluateScoringTests
{
    private static readonly string[] Labels = ["社会", "文芸", "学問", "技術", "自然"];
    private static readonly HashSet<string> WordLabels = ["人名", "地名", "組織名"];

    private static readonly MreRecord Record = new("SCNM-000001", "佐藤氏が京都で語った。", "文芸",
        [new WordPair("人名", "佐藤", 0), new WordPair("地名", "京都", 4)]);

    private static SamplePrediction Score(string generation, Condition condition) =>
        EvaluateStage.Score(Record, PromptBuilder.Build(Record, condition, Labels), generation, condition, Labels, WordLabels);

    [Theory]
    [InlineData("2", true, "文芸", true)]
    [InlineData("2。", true, "文芸", true)]
    [InlineData("5", true, "自然", false)]
    [InlineData("", false, null, false)]
    [InlineData("わからない", false, null, false)]
    public void Should_map_the_answered_number_to_its_label_and_mark_it_right_or_wrong(string generation, bool parsed, string? label, bool correct)
    {
        var sample = Score(generation, Condition.TextLevel);

        Assert.Equal(parsed, sample.ParseOk);
        Assert.Equal(label, sample.Parsed);
        Assert.Equal("文芸", sample.GoldLabel);
        Assert.Equal(correct, sample.Correct);
        Assert.Equal("2", sample.Gold);
        Assert.Null(sample.TruePositives);
    }

    [Theory]
    [InlineData("人名;佐藤:地名;京都", true, 2, 2)]
    [InlineData("人名;佐藤:組織名;京都", true, 1, 2)]
    [InlineData("地名;京都", true, 1, 1)]
    [InlineData("無い", true, 0, 0)]
    [InlineData("佐藤", false, 0, 0)]
    public void Should_count_exact_label_and_word_matches(string generation, bool parsed, int truePositives, int predicted)
    {
        var sample = Score(generation, Condition.WordLevelWithTli);

        Assert.Equal(parsed, sample.ParseOk);
        Assert.Equal(truePositives, sample.TruePositives);
        Assert.Equal(predicted, sample.PredictedPairs);
        Assert.Equal(2, sample.GoldPairs);
        Assert.Null(sample.Correct);
    }

    [Fact]
    public void Should_summarise_text_level_accuracy_and_macro_f1_counting_unparseable_answers_as_wrong()
    {
        var samples = new[] { "2", "2", "5", "" }.Select(g => Score(g, Condition.TextLevelWithWli)).ToList();

        var metrics = EvaluateStage.Summarise(42, Condition.TextLevelWithWli, samples, Labels);

        Assert.Equal(4, metrics.Samples);
        Assert.Equal(1, metrics.Unparseable);
        Assert.Equal(0.5, metrics.Accuracy!.Value, 12);
        // 文芸: precision 2/2, recall 2/4 → F1 2/3; 自然: predicted once, never gold → F1 0; the three labels that
        // are neither gold nor predicted are left out of the mean.
        Assert.Equal(1.0 / 3, metrics.MacroF1!.Value, 12);
        Assert.Null(metrics.F1);
    }

    [Fact]
    public void Should_pool_word_level_counts_into_micro_f1()
    {
        var samples = new[] { "人名;佐藤:地名;京都", "人名;佐藤:組織名;京都", "なし" }.Select(g => Score(g, Condition.WordLevel)).ToList();

        var metrics = EvaluateStage.Summarise(42, Condition.WordLevel, samples, Labels);

        // TP 3 of 4 predicted and 6 gold: precision 0.75, recall 0.5, F1 0.6.
        Assert.Equal(0.75, metrics.Precision!.Value, 12);
        Assert.Equal(0.5, metrics.Recall!.Value, 12);
        Assert.Equal(0.6, metrics.F1!.Value, 12);
        Assert.Equal(1, metrics.Unparseable);
        Assert.Null(metrics.Accuracy);
    }
}
