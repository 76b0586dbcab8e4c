using MreRepro.Domain.Sampling;

namespace MreRepro.Domain.Tests.Sampling;

public sealed class Mt19937Tests
{
    [Fact]
    public void Should_seed_like_numpy_init_genrand_for_42()
    {
        var mt = Mt19937.FromSeed(42);

        Assert.Equal(new uint[] { 42, 3107752595, 1895908407, 3900362577 }, mt.State.Take(4));
    }

    [Fact]
    public void Should_produce_the_spec_D1_first_outputs_for_seed_42()
    {
        var mt = Mt19937.FromSeed(42);

        var outputs = Enumerable.Range(0, 5).Select(_ => mt.NextUInt32()).ToArray();

        Assert.Equal(new uint[] { 1608637542, 3421126067, 4083286876, 787846414, 3143890026 }, outputs);
    }

    [Fact]
    public void Should_match_numpy_state_and_outputs_across_regenerations_for_every_reference_seed()
    {
        foreach (var entry in SamplingVectors.Root.GetProperty("numpy_random_state").GetProperty("seeds").EnumerateArray())
        {
            uint seed = entry.GetProperty("seed").GetUInt32();
            var mt = Mt19937.FromSeed(seed);
            Assert.Equal(entry.GetProperty("state_head").Longs().Select(v => (uint)v), mt.State.Take(4));
            Assert.Equal((uint)entry.GetProperty("state_tail").GetInt64(), mt.State[623]);

            var wanted = entry.GetProperty("uint32_index").Ints();
            var outputs = Enumerable.Range(0, wanted.Max() + 1).Select(_ => mt.NextUInt32()).ToArray();
            Assert.Equal(entry.GetProperty("uint32").Longs().Select(v => (uint)v), wanted.Select(i => outputs[i]));
        }
    }
}
