using TorchSharp;
using static TorchSharp.torch;

namespace MreRepro.Models.Tensors;

/// <summary>
/// Additions that hand libtorch only scalars that live (see <see cref="LiveScalars"/>). TorchSharp's own
/// <c>a + b</c>, <c>a.add(b)</c>, <c>a.add_(b)</c>, <c>a + s</c>, <c>s + a</c> and <c>s - a</c> pass an alpha of 1 that
/// TorchSharp makes by an implicit conversion inside the call, and <c>arange(start, stop)</c> a step of 1 made the
/// same way: a scalar nothing keeps alive, which a garbage collection on another thread can free while libtorch reads
/// it (a LoRA merge aborted in `Scalar::toBFloat16` this way in CI). Each helper here calls the same libtorch operation
/// in the same operand order with <c>LiveScalars.Of(1)</c>, so results are bit-identical to the operator's.
/// </summary>
public static class LiveArithmetic
{
    private static Scalar One => LiveScalars.Of(1L);

    /// <summary><c>a + b</c>.</summary>
    public static Tensor Plus(this Tensor a, Tensor b) => a.add(b, One);

    /// <summary><c>a + s</c> (and <c>s + a</c>), with <paramref name="s"/> a live scalar.</summary>
    public static Tensor Plus(this Tensor a, Scalar s) => a.add(s, One);

    /// <summary><c>a += b</c>, in place.</summary>
    public static Tensor PlusInPlace(this Tensor a, Tensor b) => a.add_(b, One);

    /// <summary><c>s - a</c>, computed as TorchSharp's operator does: <c>(-a) + s</c>.</summary>
    public static Tensor Minus(this Scalar s, Tensor a)
    {
        using var negated = a.negative();
        return negated.add(s, One);
    }

    /// <summary><c>arange(start, stop)</c>: the integers from <paramref name="start"/> up to, not including, <paramref name="stop"/>.</summary>
    public static Tensor Range(long start, long stop, ScalarType? dtype = null, Device? device = null) =>
        arange(LiveScalars.Of(start), LiveScalars.Of(stop), One, dtype, device);
}
