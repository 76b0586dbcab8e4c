using System.Collections.Concurrent;
using TorchSharp;

namespace MreRepro.Models.Tensors;

/// <summary>
/// TorchSharp scalars that live as long as the process. TorchSharp hands a <see cref="Scalar"/>'s native handle to
/// libtorch and nothing keeps the managed object alive during the call, so a scalar made by an implicit conversion
/// (<c>x * 0.5</c>, <c>x.pow(2)</c>) can be finalized, and its native memory freed, by a garbage collection that
/// another thread starts while libtorch still reads it: a use-after-free that crashed `mre repro` with exit code 139
/// in 3 of 25 paper-profile runs (in the LoRA merge). Code in src passes these instead; a test forbids the implicit
/// conversions (upstream: dotnet/TorchSharp pull requests 1434 and 1496, open). Each distinct value is kept, so these
/// are for constants and small sets of values; a value that varies without bound gets `using var s = v.ToScalar()`.
/// </summary>
public static class LiveScalars
{
    private static readonly ConcurrentDictionary<long, Scalar> Reals = new();
    private static readonly ConcurrentDictionary<long, Scalar> Integers = new();

    /// <summary>A floating-point scalar (what TorchSharp's double overloads make).</summary>
    public static Scalar Of(double value) =>
        Reals.GetOrAdd(BitConverter.DoubleToInt64Bits(value), _ => value.ToScalar());

    /// <summary>An integer scalar (what TorchSharp's int and long overloads make; the same type promotion).</summary>
    public static Scalar Of(long value) =>
        Integers.GetOrAdd(value, _ => value.ToScalar());
}
