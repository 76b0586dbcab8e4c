using MreRepro.Domain.Records;
using MreRepro.Domain.Statistics;

namespace MreRepro.Domain.Tests.Statistics;

public sealed class DatasetStatisticsTests
{
    private static readonly MreRecord[] s_train =
    [
        new("1", "松友美佐紀は、日本のバドミントン選手。", "学問", [new WordPair("人名", "松友美佐紀", 0), new WordPair("地名", "日本", 7)]),
        new("2", "またCMソング。", "文芸", []),
        new("3", "東京と大阪", "社会", [new WordPair("地名", "東京", 0), new WordPair("地名", "京都", null), new WordPair("地名", "大阪", 3)]),
        new("4", "湯川秀樹", "学問", [new WordPair("人名", "湯川秀樹", 0)]),
    ];

    [Fact]
    public void Should_give_the_table_1_row_from_the_split_sizes()
    {
        var row = DatasetStatistics.Table1("SCNM", s_train, s_train[..1]);

        Assert.Equal(new Table1Row("SCNM", 4, 1), row);
    }

    [Fact]
    public void Should_count_text_and_word_labels_most_frequent_first_ties_in_ordinal_order()
    {
        var stats = DatasetStatistics.Describe(s_train);

        Assert.Equal([new LabelCount("学問", 2, 0.5), new LabelCount("文芸", 1, 0.25), new LabelCount("社会", 1, 0.25)], stats.TextLabels);
        Assert.Equal([new LabelCount("地名", 4, 4 / 6.0), new LabelCount("人名", 2, 2 / 6.0)], stats.WordLabels);
    }

    [Fact]
    public void Should_describe_pairs_per_text_the_empty_share_and_the_share_found_in_text()
    {
        var stats = DatasetStatistics.Describe(s_train);

        Assert.Equal((4, 6), (stats.Records, stats.Pairs));
        Assert.Equal([1, 1, 1, 1], stats.PairsPerTextHistogram);
        Assert.Equal(1.5, stats.MeanPairsPerText);
        Assert.Equal(0.25, stats.ShareWithNoPairs);
        Assert.Equal(5 / 6.0, stats.ShareWordsFoundInText);
    }

    [Fact]
    public void Should_leave_shares_undefined_for_empty_inputs()
    {
        var empty = DatasetStatistics.Describe([]);
        var noPairs = DatasetStatistics.Describe([s_train[1]]);

        Assert.Equal((0, 0), (empty.Records, empty.Pairs));
        Assert.Empty(empty.PairsPerTextHistogram);
        Assert.Null(empty.MeanPairsPerText);
        Assert.Null(empty.ShareWithNoPairs);
        Assert.Null(noPairs.ShareWordsFoundInText);
        Assert.Equal(1.0, noPairs.ShareWithNoPairs);
    }
}
