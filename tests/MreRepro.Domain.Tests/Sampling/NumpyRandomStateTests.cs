using MreRepro.Domain.Sampling;

namespace MreRepro.Domain.Tests.Sampling;

public sealed class NumpyRandomStateTests
{
    private static readonly System.Text.Json.JsonElement s_numpy = SamplingVectors.Root.GetProperty("numpy_random_state");

    [Fact]
    public void Should_reproduce_spec_D1_rand_values_for_seed_42()
    {
        var values = new NumpyRandomState(42).Rand(3);

        Assert.Equal(new[] { 0.3745401188473625, 0.9507143064099162, 0.7319939418114051 }, values);
    }

    [Fact]
    public void Should_reproduce_rand_for_every_reference_seed_exactly()
    {
        foreach (var entry in s_numpy.GetProperty("seeds").EnumerateArray())
        {
            var expected = entry.GetProperty("rand").EnumerateArray().Select(e => e.GetDouble()).ToArray();

            var values = new NumpyRandomState(entry.GetProperty("seed").GetUInt32()).Rand(expected.Length);

            Assert.Equal(expected, values);
        }
    }

    [Fact]
    public void Should_reproduce_spec_D3_permutations()
    {
        Assert.Equal(new[] { 8, 1, 5, 0, 7, 2, 9, 4, 3, 6 }, new NumpyRandomState(42).Permutation(10));
        Assert.Equal(new[] { 0, 17, 15, 1, 8, 5, 11, 3, 18, 16, 13, 2, 9, 19, 4, 12, 7, 10, 14, 6 }, new NumpyRandomState(42).Permutation(20));

        var p5343 = new NumpyRandomState(42).Permutation(5343);
        Assert.Equal(new[] { 1583, 3199, 3860, 2554, 168, 1744, 2458, 5227, 2942, 4427 }, p5343[..10]);
        Assert.Equal(new[] { 596, 4390, 2462, 5122, 1934 }, p5343[1000..1005]);
        Assert.Equal("487026d6f265e3f1", SamplingVectors.Sha16(p5343));

        var p10000 = new NumpyRandomState(42).Permutation(10000);
        Assert.Equal(new[] { 6252, 4684, 1731, 4742, 4521, 6340, 576, 5202, 6363, 439 }, p10000[..10]);
        Assert.Equal("020109f8629caa3c", SamplingVectors.Sha16(p10000));
    }

    [Fact]
    public void Should_match_numpy_permutation_for_every_generated_size_and_seed()
    {
        foreach (var entry in s_numpy.GetProperty("permutation").EnumerateArray())
        {
            var permutation = new NumpyRandomState(entry.GetProperty("seed").GetInt32()).Permutation(entry.GetProperty("n").GetInt32());

            Assert.Equal(entry.GetProperty("head").Ints(), permutation.Take(20));
            Assert.Equal(entry.GetProperty("sha16").GetString(), SamplingVectors.Sha16(permutation));
        }
    }

    [Fact]
    public void Should_shuffle_a_list_like_numpy_shuffles_a_python_list()
    {
        foreach (var entry in s_numpy.GetProperty("shuffle_list").EnumerateArray())
        {
            int start = entry.GetProperty("input_start").GetInt32();
            var items = Enumerable.Range(start, entry.GetProperty("n").GetInt32()).ToList();

            new NumpyRandomState(entry.GetProperty("seed").GetInt32()).Shuffle(items);

            Assert.Equal(entry.GetProperty("result").Ints(), items);
        }
    }

    [Fact]
    public void Should_match_numpy_choice_with_and_without_replacement()
    {
        foreach (var entry in s_numpy.GetProperty("choice_without_replacement").EnumerateArray())
        {
            var chosen = new NumpyRandomState(entry.GetProperty("seed").GetInt32())
                .ChoiceWithoutReplacement(entry.GetProperty("n").GetInt32(), entry.GetProperty("size").GetInt32());
            Assert.Equal(entry.GetProperty("result").Ints(), chosen);
        }

        foreach (var entry in s_numpy.GetProperty("choice_with_replacement").EnumerateArray())
        {
            var chosen = new NumpyRandomState(entry.GetProperty("seed").GetInt32())
                .ChoiceWithReplacement(entry.GetProperty("n").GetInt32(), entry.GetProperty("size").GetInt32());
            Assert.Equal(entry.GetProperty("result").Ints(), chosen);
        }
    }

    [Fact]
    public void Should_use_64_bit_masked_rejection_for_intervals_above_32_bits()
    {
        var entry = s_numpy.GetProperty("randint_64bit");
        var rng = new NumpyRandomState(entry.GetProperty("seed").GetInt32());
        ulong max = entry.GetProperty("max_inclusive").GetUInt64();

        var values = entry.GetProperty("result").EnumerateArray().Select(_ => rng.RandomInterval(max)).ToArray();

        Assert.Equal(entry.GetProperty("result").EnumerateArray().Select(e => e.GetUInt64()), values);
    }

    [Fact]
    public void Should_refuse_a_sample_larger_than_the_population()
    {
        var error = Assert.Throws<ArgumentOutOfRangeException>(() => new NumpyRandomState(42).ChoiceWithoutReplacement(3, 4));

        Assert.Contains("larger sample", error.Message);
    }
}
