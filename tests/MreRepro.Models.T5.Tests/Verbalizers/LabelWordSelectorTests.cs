using MreRepro.Models.T5.Verbalizers;

namespace MreRepro.Models.T5.Tests.Verbalizers;

public sealed class LabelWordSelectorTests
{
    [Fact]
    public void Should_rank_by_count_then_first_occurrence_with_class_name_first()
    {
        var examples = new (string, IReadOnlyList<string>)[]
        {
            ("スポーツ", ["試合", "選手", "勝利"]),
            ("政治", ["選挙", "国会"]),
            ("スポーツ", ["勝利", "選手", "スポーツ", "監督"]),
            ("スポーツ", ["監督"]),
        };
        var words = LabelWordSelector.Select(["スポーツ", "政治"], examples, topN: 4);
        // 選手 and 勝利 and 監督 all occur twice; 選手 was seen first, then 勝利, then 監督.
        Assert.Equal(["スポーツ", "選手", "勝利", "監督"], words[0]);
        Assert.Equal(["政治", "選挙", "国会"], words[1]);
    }

    [Fact]
    public void Should_reject_unknown_class()
    {
        var error = Assert.Throws<ArgumentException>(() => LabelWordSelector.Select(["a"], [("b", ["x"])]));
        Assert.Contains("'b'", error.Message);
    }
}
