using MreRepro.Domain.Sampling;

namespace MreRepro.Domain.Tests.Sampling;

public sealed class PythonRandomTests
{
    private static readonly System.Text.Json.JsonElement s_python = SamplingVectors.Root.GetProperty("python_random");

    [Fact]
    public void Should_reproduce_spec_D5_values_for_seed_42()
    {
        Assert.Equal(0.6394267984578837, new PythonRandom(42).Random());

        var bits = new PythonRandom(42);
        Assert.Equal(new uint[] { 2746317213, 478163327, 107420369 }, new[] { bits.GetRandBits(32), bits.GetRandBits(32), bits.GetRandBits(32) });

        Assert.Equal(new[] { 1, 0, 4, 9, 6 }, new PythonRandom(42).Sample(10, 5));
        Assert.Equal(new[] { 5238, 912, 204, 2253, 2006 }, new PythonRandom(42).Sample(5343, 5));

        var items = Enumerable.Range(0, 10).ToList();
        new PythonRandom(42).Shuffle(items);
        Assert.Equal(new[] { 7, 3, 2, 8, 5, 6, 9, 4, 0, 1 }, items);
    }

    [Fact]
    public void Should_match_cpython_streams_for_every_reference_seed_including_negative_and_64_bit_seeds()
    {
        foreach (var entry in s_python.GetProperty("seeds").EnumerateArray())
        {
            var rng = new PythonRandom(entry.GetProperty("seed").GetInt64());

            Assert.Equal(entry.GetProperty("random").EnumerateArray().Select(e => e.GetDouble()), Enumerable.Range(0, 3).Select(_ => rng.Random()).ToArray());
            Assert.Equal(entry.GetProperty("getrandbits32").Longs().Select(v => (uint)v), Enumerable.Range(0, 3).Select(_ => rng.GetRandBits(32)).ToArray());
            Assert.Equal(entry.GetProperty("getrandbits7").Longs().Select(v => (uint)v), Enumerable.Range(0, 3).Select(_ => rng.GetRandBits(7)).ToArray());
            Assert.Equal(entry.GetProperty("randbelow1000").Ints(), Enumerable.Range(0, 5).Select(_ => rng.RandBelow(1000)).ToArray());
        }
    }

    [Fact]
    public void Should_match_cpython_sample_on_both_sides_of_the_pool_versus_set_threshold()
    {
        foreach (var entry in s_python.GetProperty("sample").EnumerateArray())
        {
            var sample = new PythonRandom(entry.GetProperty("seed").GetInt64()).Sample(entry.GetProperty("n").GetInt32(), entry.GetProperty("k").GetInt32());

            Assert.Equal(entry.GetProperty("head").Ints(), sample.Take(20));
            Assert.Equal(entry.GetProperty("sha16").GetString(), SamplingVectors.Sha16(sample));
        }
    }

    [Fact]
    public void Should_match_cpython_shuffle()
    {
        foreach (var entry in s_python.GetProperty("shuffle").EnumerateArray())
        {
            var items = Enumerable.Range(0, entry.GetProperty("n").GetInt32()).ToList();

            new PythonRandom(entry.GetProperty("seed").GetInt64()).Shuffle(items);

            Assert.Equal(entry.GetProperty("result").Ints(), items);
        }
    }
}
