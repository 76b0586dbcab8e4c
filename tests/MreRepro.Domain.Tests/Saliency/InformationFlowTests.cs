using MreRepro.Domain.Saliency;

namespace MreRepro.Domain.Tests.Saliency;

/// <summary>Spec A5/A6 on hand-computed and random matrices.</summary>
public sealed class InformationFlowTests
{
    // 4 tokens, P = {1}, q = 3. Lower triangle: (1,0)=1 (2,0)=2 (2,1)=3 (3,0)=4 (3,1)=5 (3,2)=6; diagonal 9 ignored.
    private static readonly float[] Matrix =
    [
        9, 0, 0, 0,
        1, 9, 0, 0,
        2, 3, 9, 0,
        4, 5, 6, 9,
    ];

    [Fact]
    public void Should_match_a_hand_computed_layer()
    {
        var s = InformationFlow.Compute(Matrix, 4, [1], 3);
        Assert.Equal(1.0, s.Swp);                 // (1,0) over 1 pair
        Assert.Equal(5.0, s.Spq);                 // (3,1) over 1 pair
        Assert.Equal((2 + 3 + 4 + 6) / 4.0, s.Sww); // the other 4 pairs
        Assert.Equal((1L, 1L, 4L), (s.CountWp, s.CountPq, s.CountWw));
    }

    [Fact]
    public void Should_drop_the_bos_column_and_its_pairs_when_asked()
    {
        var s = InformationFlow.Compute(Matrix, 4, [1], 3, includeBosColumn: false);
        Assert.Equal(0, s.CountWp);
        Assert.Equal(5.0, s.Spq);
        Assert.Equal((3 + 6) / 2.0, s.Sww);
    }

    [Fact]
    public void Should_satisfy_the_pair_count_identity_on_random_matrices()
    {
        var rng = new Random(3);
        for (var trial = 0; trial < 50; trial++)
        {
            var t = rng.Next(4, 30);
            var m = Enumerable.Range(0, t * t).Select(_ => (float)rng.NextDouble()).ToArray();
            var q = rng.Next(2, t);
            var p = Enumerable.Range(0, 4).Select(_ => rng.Next(0, t)).ToList();
            foreach (var bos in new[] { true, false })
            {
                var s = InformationFlow.Compute(m, t, p, q, bos);
                double total = 0;
                for (var i = 1; i <= q; i++)
                {
                    for (var j = bos ? 0 : 1; j < i; j++)
                    {
                        total += m[i * t + j];
                    }
                }
                Assert.Equal(total, s.Swp * s.CountWp + s.Spq * s.CountPq + s.Sww * s.CountWw, 3);
            }
        }
    }

    [Fact]
    public void Should_make_per_layer_proportions_that_sum_to_one()
    {
        var a = new double[3, 2] { { 1, 2 }, { 1, 0 }, { 2, 2 } };
        var b = new double[3, 2] { { 3, 2 }, { 1, 4 }, { 0, 2 } };
        var p = FlowProportions.Compute([a, b]);
        Assert.Equal(2.0 / 4, p[0, 0], 12);
        for (var l = 0; l < 2; l++)
        {
            Assert.Equal(1.0, p[0, l] + p[1, l] + p[2, l], 12);
        }
    }

    [Fact]
    public void Should_average_raw_flows_over_samples_before_any_normalisation()
    {
        var a = new double[3, 2] { { 1, 2 }, { 1, 0 }, { 2, 2 } };
        var b = new double[3, 2] { { 3, 2 }, { 1, 4 }, { 0, 2 } };
        var mean = FlowProportions.Mean([a, b]);
        Assert.Equal(new double[3, 2] { { 2, 2 }, { 1, 2 }, { 1, 2 } }, mean);
        Assert.Equal(0, FlowProportions.Mean([]).GetLength(1));
    }
}
