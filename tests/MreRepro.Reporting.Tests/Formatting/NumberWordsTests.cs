using MreRepro.Reporting.Formatting;

namespace MreRepro.Reporting.Tests.Formatting;

public sealed class NumberWordsTests
{
    [Theory]
    [InlineData(3, 6, "three out of six")]
    [InlineData(5, 6, "five out of six")]
    [InlineData(0, 1, "zero out of one")]
    [InlineData(18, 21, "eighteen out of 21")]
    public void Should_write_counts_as_the_paper_does(int count, int total, string expected)
    {
        Assert.Equal(expected, NumberWords.OutOf(count, total));
    }
}
