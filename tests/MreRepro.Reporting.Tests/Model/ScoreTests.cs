using MreRepro.Reporting.Model;

namespace MreRepro.Reporting.Tests.Model;

public sealed class ScoreTests
{
    [Fact]
    public void Should_summarise_seeds_with_the_mean_and_the_sample_standard_deviation()
    {
        var score = Score.FromSeeds([0.70, 0.72, 0.74]);

        Assert.Equal(0.72, score.Mean!.Value, 12);
        Assert.Equal(0.02, score.Spread!.Value, 12);
        Assert.Equal(3, score.Seeds);
    }

    [Fact]
    public void Should_have_no_spread_for_one_seed_and_no_mean_for_none()
    {
        Assert.Null(Score.FromSeeds([0.7]).Spread);
        Assert.Equal(Score.Missing, Score.FromSeeds([]));
    }
}
