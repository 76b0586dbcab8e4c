using MreRepro.Domain.Sampling;

namespace MreRepro.Domain.Tests.Sampling;

public sealed class SplitSamplerTests
{
    private static readonly System.Text.Json.JsonElement s_root = SamplingVectors.Root;

    [Fact]
    public void Should_reproduce_the_spec_D4_pandas_two_stage_split_of_5343_rows()
    {
        var split = SplitSampler.Split(5343, 1000, 1000, 42);

        Assert.Equal(new[] { 1583, 3199, 3860, 2554, 168 }, split.TrainRows.Take(5));
        Assert.Equal(new[] { 3169, 397, 2390, 197, 394 }, split.TestRows.Take(5));
        Assert.Equal("f076afca15c00282", SamplingVectors.Sha16(split.TrainRows));
        Assert.Equal("341c1a9cc28d20b6", SamplingVectors.Sha16(split.TestRows));
    }

    [Fact]
    public void Should_match_pandas_for_every_generated_size_and_fail_clearly_where_pandas_fails()
    {
        foreach (var entry in s_root.GetProperty("pandas_sample").GetProperty("two_stage").EnumerateArray())
        {
            int n = entry.GetProperty("n").GetInt32(), train = entry.GetProperty("train").GetInt32(), test = entry.GetProperty("test").GetInt32();
            if (entry.GetProperty("error").ValueKind != System.Text.Json.JsonValueKind.Null)
            {
                var error = Assert.Throws<SamplingException>(() => SplitSampler.Split(n, train, test, 42, SplitMethod.PandasSample));
                Assert.Contains($"from a dataset of {n} rows", error.Message);
                continue;
            }

            var split = SplitSampler.Split(n, train, test, 42, SplitMethod.PandasSample);

            Assert.Equal(entry.GetProperty("train_head").Ints(), split.TrainRows.Take(10));
            Assert.Equal(entry.GetProperty("test_head").Ints(), split.TestRows.Take(10));
            Assert.Equal(entry.GetProperty("train_sha16").GetString(), SamplingVectors.Sha16(split.TrainRows));
            Assert.Equal(entry.GetProperty("test_sha16").GetString(), SamplingVectors.Sha16(split.TestRows));
            Assert.Empty(split.TrainRows.Intersect(split.TestRows));
        }
    }

    [Fact]
    public void Should_match_pandas_frac_one_as_a_full_draw()
    {
        var rows = SplitSampler.Draw(50, 50, 42);

        Assert.Equal(s_root.GetProperty("pandas_sample").GetProperty("frac1_n50").Ints(), rows);
    }

    [Fact]
    public void Should_follow_sklearn_train_test_split_order_for_numpy_permutation()
    {
        var reference = SplitSampler.Split(5343, 1000, 1000, 42, SplitMethod.NumpyPermutation);
        Assert.Equal(new[] { 596, 4390, 2462, 5122, 1934 }, reference.TrainRows.Take(5));

        foreach (var entry in s_root.GetProperty("sklearn_train_test_split").EnumerateArray())
        {
            var split = SplitSampler.Split(entry.GetProperty("n").GetInt32(), entry.GetProperty("train").GetInt32(), entry.GetProperty("test").GetInt32(), 42, SplitMethod.NumpyPermutation);

            Assert.Equal(entry.GetProperty("train_head").Ints(), split.TrainRows.Take(10));
            Assert.Equal(entry.GetProperty("test_sha16").GetString(), SamplingVectors.Sha16(split.TestRows));
            Assert.Equal(entry.GetProperty("train_sha16").GetString(), SamplingVectors.Sha16(split.TrainRows));
        }
    }

    [Fact]
    public void Should_match_the_python_random_two_stage_split()
    {
        foreach (var entry in s_root.GetProperty("python_random").GetProperty("two_stage").EnumerateArray())
        {
            var split = SplitSampler.Split(entry.GetProperty("n").GetInt32(), entry.GetProperty("train").GetInt32(), entry.GetProperty("test").GetInt32(), 42, SplitMethod.PythonSample);

            Assert.Equal(entry.GetProperty("train_head").Ints(), split.TrainRows.Take(10));
            Assert.Equal(entry.GetProperty("test_head").Ints(), split.TestRows.Take(10));
            Assert.Equal(entry.GetProperty("train_sha16").GetString(), SamplingVectors.Sha16(split.TrainRows));
            Assert.Equal(entry.GetProperty("test_sha16").GetString(), SamplingVectors.Sha16(split.TestRows));
        }
    }

    [Fact]
    public void Should_reject_negative_sizes_and_seeds_outside_numpys_range_with_a_message()
    {
        Assert.Contains("non-negative", Assert.Throws<SamplingException>(() => SplitSampler.Split(10, -1, 2, 42)).Message);
        Assert.Contains("Seed must be between 0 and 2**32 - 1", Assert.Throws<SamplingException>(() => SplitSampler.Split(10, 1, 2, -3)).Message);
        var pandas = s_root.GetProperty("pandas_sample").GetProperty("seed_2_32_error").GetString()!;
        Assert.Contains(pandas, Assert.Throws<SamplingException>(() => SplitSampler.Split(10, 1, 2, 1L << 32)).Message);
    }

    [Fact]
    public void Should_match_pandas_with_the_largest_seed_pandas_accepts()
    {
        var entry = s_root.GetProperty("pandas_sample").GetProperty("max_seed");

        var split = SplitSampler.Split(entry.GetProperty("n").GetInt32(), entry.GetProperty("train").GetInt32(), entry.GetProperty("test").GetInt32(),
            entry.GetProperty("seed").GetInt64());

        Assert.Equal(uint.MaxValue, entry.GetProperty("seed").GetInt64());
        Assert.Equal(entry.GetProperty("train_rows").Ints(), split.TrainRows);
        Assert.Equal(entry.GetProperty("test_rows").Ints(), split.TestRows);
    }
}
