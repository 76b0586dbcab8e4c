using System.Reflection;
using MreRepro.Models.Tensors;
using MreRepro.Stages.Definition;
using TorchSharp;
using static TorchSharp.torch;

namespace MreRepro.Stages.Tests.Definition;

/// <summary>
/// No code in src hands libtorch a scalar that nothing keeps alive (see <see cref="LiveScalars"/>): no implicit
/// conversion of a number to a <see cref="Scalar"/> or a <see cref="Tensor"/> and no Tensor operator with a number
/// operand, all seen in the compiled IL.
/// </summary>
public sealed class ScalarLifetimeTests
{
    [Theory]
    [InlineData("MreRepro.Models")]
    [InlineData("MreRepro.Models.T5")]
    [InlineData("MreRepro.Training")]
    [InlineData("MreRepro.Stages")]
    public void Should_pass_no_short_lived_scalar_to_libtorch(string project)
    {
        var assembly = Assembly.Load(project);
        var found = assembly.GetTypes().Where(t => t.DeclaringType is null).SelectMany(ShortLivedScalars).ToList();
        Assert.True(found.Count == 0,
            $"{project}: {found.Count} call(s) make a Scalar that can be freed while libtorch reads it; pass LiveScalars.Of(value) "
            + $"(or an explicit ToScalar() held by `using var`) instead:\n{string.Join("\n", found)}");
    }

    [Fact]
    public void Should_find_the_implicit_conversions_it_forbids()
    {
        var found = ShortLivedScalars(typeof(Forbidden)).ToList();
        Assert.Equal(4, found.Count);
        Assert.Contains(found, f => f.Contains("Half") && f.Contains("op_Multiply"));
        Assert.Contains(found, f => f.Contains("Squared") && f.Contains("op_Implicit"));
        Assert.Contains(found, f => f.Contains("OneMinus") && f.Contains("op_Subtraction"));
        Assert.Contains(found, f => f.Contains("PowerOf") && f.Contains("Tensor.op_Implicit"));
        Assert.Empty(ShortLivedScalars(typeof(Allowed)));
    }

    private static IEnumerable<string> ShortLivedScalars(Type type) =>
        CodeUsage.CallsIn(type)
            .Where(c => IsShortLived(c.Callee))
            .Select(c => $"{c.Caller.DeclaringType?.FullName}.{c.Caller.Name} calls {c.Callee.DeclaringType?.Name}.{c.Callee.Name}({string.Join(", ", c.Callee.GetParameters().Select(p => p.ParameterType.Name))})")
            .Distinct();

    // Operators and conversions of Scalar and Tensor whose other operand is a plain value: each makes a Scalar (or a
    // Tensor) that only the native call sees.
    private static bool IsShortLived(MethodBase callee) =>
        callee.Name.StartsWith("op_", StringComparison.Ordinal)
        && (callee.DeclaringType == typeof(Scalar) || callee.DeclaringType == typeof(Tensor))
        && callee.GetParameters().Any(p => p.ParameterType != typeof(Tensor) && p.ParameterType != typeof(Scalar));

    // Never run: compiled only so that the check above has something to find.
    private static class Forbidden
    {
        public static Tensor Half(Tensor x) => x * 0.5;
        public static Tensor Squared(Tensor x) => x.pow(2);
        public static Tensor OneMinus(Tensor x) => 1.0 - x;
        public static Tensor PowerOf(Tensor x) => pow(10000.0, x);
    }

    private static class Allowed
    {
        public static Tensor Half(Tensor x) => x * LiveScalars.Of(0.5);
        public static Tensor Squared(Tensor x) => x.pow(LiveScalars.Of(2));
    }
}
