using System.Reflection;
using MreRepro.Models.Tensors;
using MreRepro.Stages.Definition;
using TorchSharp;
using static TorchSharp.torch;

namespace MreRepro.Stages.Tests.Definition;

/// <summary>
/// No code in src hands libtorch a scalar that nothing keeps alive (see <see cref="LiveScalars"/>), all seen in the
/// compiled IL: no implicit conversion of a number to a <see cref="Scalar"/> or a <see cref="Tensor"/>, no Tensor
/// operator with a number operand, and no call to a TorchSharp method that makes such a scalar inside itself
/// (<c>a + b</c> passes an alpha of 1; found by reading TorchSharp's own IL, see <see cref="LiveArithmetic"/>).
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

    [Fact]
    public void Should_find_the_torchsharp_methods_that_make_a_scalar_inside_them()
    {
        var found = ShortLivedScalars(typeof(ForbiddenInside)).ToList();
        Assert.Equal(7, found.Count);
        Assert.Contains(found, f => f.Contains("Sum calls Tensor.op_Addition(Tensor, Tensor)"));
        Assert.Contains(found, f => f.Contains("ShiftBy calls Tensor.op_Addition(Tensor, Scalar)"));
        Assert.Contains(found, f => f.Contains("OneMinus calls Tensor.op_Subtraction(Scalar, Tensor)"));
        Assert.Contains(found, f => f.Contains("Accumulate calls Tensor.add_(Tensor)"));
        Assert.Contains(found, f => f.Contains("Range calls torch.arange(Scalar, Scalar,"));
        Assert.Contains(found, f => f.Contains("SmoothRelu") && f.Contains("Softplus"));
        Assert.Contains(found, f => f.Contains("CoinFlips") && f.Contains("Bernoulli"));
        Assert.Empty(ShortLivedScalars(typeof(AllowedInside)));
    }

    private static IEnumerable<string> ShortLivedScalars(Type type) =>
        CodeUsage.CallsIn(type)
            .Where(c => IsShortLived(c.Callee))
            .Select(c => $"{c.Caller.DeclaringType?.FullName}.{c.Caller.Name} calls {c.Callee.DeclaringType?.Name}.{c.Callee.Name}({string.Join(", ", c.Callee.GetParameters().Select(p => p.ParameterType.Name))})")
            .Distinct();

    private static bool IsShortLived(MethodBase callee) =>
        IsNumberOperator(callee) || MakesScalarInside.Value.Contains(Definition(callee)) || MadeObjectMakesScalarInVirtual(callee);

    // Operators and conversions of Scalar and Tensor whose other operand is a plain value: each makes a Scalar (or a
    // Tensor) that only the native call sees.
    private static bool IsNumberOperator(MethodBase callee) =>
        callee.Name.StartsWith("op_", StringComparison.Ordinal)
        && (callee.DeclaringType == typeof(Scalar) || callee.DeclaringType == typeof(Tensor))
        && callee.GetParameters().Any(p => p.ParameterType != typeof(Tensor) && p.ParameterType != typeof(Scalar));

    // A TorchSharp object made here (by constructor or factory: a module, an optimizer, a distribution) with a virtual
    // method that makes a scalar inside (a module's forward, an optimizer's step, a distribution's log_prob): the call
    // is virtual, so the IL of our code names only the construction and the base method.
    private static bool MadeObjectMakesScalarInVirtual(MethodBase callee)
    {
        var made = callee is ConstructorInfo ? callee.DeclaringType : (callee as MethodInfo)?.ReturnType;
        return made is not null && made.Assembly == typeof(Scalar).Assembly
            && made.GetMethods(BindingFlags.Public | BindingFlags.Instance)
                .Any(m => m.IsVirtual && MakesScalarInside.Value.Contains(Definition(m)));
    }

    // The TorchSharp methods that make a Scalar by conversion (implicit, or ToScalar()) in their body, or call one
    // that does, over TorchSharp's own call graph. E.g. Tensor.add(Tensor) returns add(target, 1).
    private static readonly Lazy<HashSet<MethodBase>> MakesScalarInside = new(() =>
    {
        const BindingFlags declared = BindingFlags.Public | BindingFlags.NonPublic | BindingFlags.Instance
            | BindingFlags.Static | BindingFlags.DeclaredOnly;
        var methods = typeof(Scalar).Assembly.GetTypes()
            .SelectMany(t => t.GetMethods(declared).Cast<MethodBase>().Concat(t.GetConstructors(declared)));
        var callers = new Dictionary<MethodBase, List<MethodBase>>();
        var found = new HashSet<MethodBase>();
        foreach (var method in methods)
        {
            foreach (var callee in CodeUsage.CalleesOf(method))
            {
                var key = Definition(callee);
                if (!callers.TryGetValue(key, out var list))
                    callers[key] = list = [];
                list.Add(method);
                if (callee.Name == "ToScalar" || callee.Name == "op_Implicit" && callee.DeclaringType == typeof(Scalar))
                    found.Add(method);
            }
        }
        var pending = new Queue<MethodBase>(found);
        while (pending.TryDequeue(out var method))
        {
            foreach (var caller in callers.GetValueOrDefault(method, []))
            {
                if (found.Add(caller))
                    pending.Enqueue(caller);
            }
        }
        return found;
    });

    private static MethodBase Definition(MethodBase method) =>
        method is MethodInfo { IsGenericMethod: true, IsGenericMethodDefinition: false } generic ? generic.GetGenericMethodDefinition() : method;

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

    private static class ForbiddenInside
    {
        public static Tensor Sum(Tensor a, Tensor b) => a + b;
        public static Tensor ShiftBy(Tensor a) => a + LiveScalars.Of(0.5);
        public static Tensor OneMinus(Tensor a) => LiveScalars.Of(1.0) - a;
        public static Tensor Accumulate(Tensor a, Tensor b) => a.add_(b);
        public static Tensor Range(long n) => arange(LiveScalars.Of(0), LiveScalars.Of(n));
        public static nn.Module<Tensor, Tensor> SmoothRelu() => nn.Softplus();
        // Neither forward nor step: Bernoulli's log_prob and entropy make a scalar inside.
        public static TorchSharp.Modules.Bernoulli CoinFlips(Tensor p) => distributions.Bernoulli(p);
    }

    private static class AllowedInside
    {
        public static Tensor Sum(Tensor a, Tensor b) => a.Plus(b);
        public static Tensor ShiftBy(Tensor a) => a.Plus(LiveScalars.Of(0.5));
        public static Tensor OneMinus(Tensor a) => LiveScalars.Of(1.0).Minus(a);
        public static Tensor Accumulate(Tensor a, Tensor b) => a.PlusInPlace(b);
        public static Tensor Range(long n) => LiveArithmetic.Range(0, n);
        public static Tensor Difference(Tensor a, Tensor b) => a - b;
        public static nn.Module<Tensor, Tensor> Relu() => nn.ReLU();
    }
}
