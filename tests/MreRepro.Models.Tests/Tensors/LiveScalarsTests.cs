using MreRepro.Models.Tensors;
using TorchSharp;
using static TorchSharp.torch;

namespace MreRepro.Models.Tests.Tensors;

public sealed class LiveScalarsTests
{
    [Fact]
    public void Should_give_the_same_scalar_for_the_same_value_and_kind()
    {
        Assert.Same(LiveScalars.Of(0.5), LiveScalars.Of(0.5));
        Assert.Same(LiveScalars.Of(3), LiveScalars.Of(3L));
        Assert.NotSame(LiveScalars.Of(3), LiveScalars.Of(3.0));
        Assert.NotSame(LiveScalars.Of(0.0), LiveScalars.Of(-0.0));
        Assert.Same(LiveScalars.Of(double.NaN), LiveScalars.Of(double.NaN));
    }

    [Fact]
    public void Should_compute_what_the_implicit_conversions_compute()
    {
        using var scope = NewDisposeScope();
        var integers = arange(5L);
        var floats = tensor(new[] { 0.1f, -2.5f, 3.75f });
        // An integer scalar keeps an integer tensor integer; a real one promotes it to the default float type.
        AssertSame(integers * 3, integers * LiveScalars.Of(3));
        Assert.Equal(ScalarType.Int64, (integers * LiveScalars.Of(3)).dtype);
        AssertSame(integers * 0.5, integers * LiveScalars.Of(0.5));
        AssertSame(1.0 - floats, LiveScalars.Of(1.0) - floats);
        AssertSame(floats / Math.Sqrt(7), floats / LiveScalars.Of(Math.Sqrt(7)));
        AssertSame(floats.masked_fill(floats.lt(0), -1e9f), floats.masked_fill(floats.lt(LiveScalars.Of(0)), LiveScalars.Of(-1e9)));
    }

    [Fact]
    public void Should_add_as_the_operators_add()
    {
        using var scope = NewDisposeScope();
        random.manual_seed(5);
        var a = randn(4, 3);
        var b = randn(4, 3);
        var integers = arange(5L);
        AssertSame(a + b, a.Plus(b));
        AssertSame(a + LiveScalars.Of(1e-15), a.Plus(LiveScalars.Of(1e-15)));
        AssertSame(integers + LiveScalars.Of(7), integers.Plus(LiveScalars.Of(7)));
        Assert.Equal(ScalarType.Int64, integers.Plus(LiveScalars.Of(7)).dtype);
        AssertSame(LiveScalars.Of(1.0) - a, LiveScalars.Of(1.0).Minus(a));
        AssertSame(arange(LiveScalars.Of(2), LiveScalars.Of(9)), LiveArithmetic.Range(2, 9));
        AssertSame(arange(LiveScalars.Of(4), dtype: ScalarType.Int64), LiveArithmetic.Range(0, 4, ScalarType.Int64));
        var accumulated = a.clone();
        accumulated.add_(b);
        var ours = a.clone();
        Assert.Same(ours, ours.PlusInPlace(b));
        AssertSame(accumulated, ours);
    }

    private static void AssertSame(Tensor expected, Tensor actual)
    {
        Assert.Equal(expected.dtype, actual.dtype);
        Assert.Equal(expected.shape, actual.shape);
        Assert.True(expected.eq(actual).all().item<bool>(), $"{Values(expected)} != {Values(actual)}");
    }

    private static string Values(Tensor t) => string.Join(", ", t.to_type(ScalarType.Float64).data<double>().ToArray());
}
