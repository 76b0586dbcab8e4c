using MreRepro.Domain.Formats;
using MreRepro.Domain.Records;

namespace MreRepro.Domain.Tests.Formats;

public sealed class WordLocatorTests
{
    [Fact]
    public void Should_give_repeated_words_successive_occurrences()
    {
        var located = WordLocator.Locate("日本と日本人", [new WordPair("地名", "日本"), new WordPair("地名", "日本")]);

        Assert.Equal([0, 3], located.Select(p => p.Start!.Value));
    }

    [Fact]
    public void Should_find_words_listed_out_of_text_order()
    {
        var located = WordLocator.Locate("東京の山田さん", [new WordPair("人名", "山田"), new WordPair("地名", "東京")]);

        Assert.Equal([3, 0], located.Select(p => p.Start!.Value));
    }

    [Fact]
    public void Should_allow_nested_words_at_the_previous_start()
    {
        var located = WordLocator.Locate("東京都庁は新宿にある", [new WordPair("施設名", "東京都庁"), new WordPair("地名", "東京都")]);

        Assert.Equal([0, 0], located.Select(p => p.Start!.Value));
    }

    [Fact]
    public void Should_leave_start_null_for_absent_words()
    {
        var located = WordLocator.Locate("東京", [new WordPair("地名", "大阪")]);

        Assert.Null(Assert.Single(located).Start);
    }
}
