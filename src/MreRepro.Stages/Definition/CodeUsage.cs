using System.Reflection;
using System.Reflection.Emit;

namespace MreRepro.Stages.Definition;

/// <summary>
/// The types a piece of code uses, as the compiler emitted them: base types, member signatures and every
/// type, method and field token in the method bodies (so partly qualified names and `var` are seen too).
/// Constants are inlined by the compiler and are therefore not uses.
/// </summary>
public static class CodeUsage
{
    private const BindingFlags Declared = BindingFlags.Public | BindingFlags.NonPublic | BindingFlags.Instance
        | BindingFlags.Static | BindingFlags.DeclaredOnly;

    private static readonly Dictionary<short, OpCode> OpCodesByValue = typeof(OpCodes)
        .GetFields(BindingFlags.Public | BindingFlags.Static)
        .Select(f => (OpCode)f.GetValue(null)!)
        .ToDictionary(o => o.Value);

    /// <summary>Every type <paramref name="type"/> (with its nested and compiler-generated types) refers to, by its outermost declaring type.</summary>
    public static IReadOnlySet<Type> TypesUsedBy(Type type)
    {
        var used = new HashSet<Type>();
        foreach (var t in WithNested(type))
        {
            Add(used, t.BaseType);
            foreach (var i in t.GetInterfaces())
            {
                Add(used, i);
            }
            foreach (var f in t.GetFields(Declared))
            {
                Add(used, f.FieldType);
            }
            foreach (var p in t.GetProperties(Declared))
            {
                Add(used, p.PropertyType);
            }
            foreach (var m in t.GetMethods(Declared).Cast<MethodBase>().Concat(t.GetConstructors(Declared)))
            {
                AddMethod(used, m);
            }
        }
        used.Remove(Outermost(type));
        return used;
    }

    /// <summary>The type that declares <paramref name="type"/> at the top level (lambdas and records' helpers belong to it).</summary>
    public static Type Outermost(Type type)
    {
        while (type.DeclaringType is { } outer)
        {
            type = outer;
        }
        return type;
    }

    private static IEnumerable<Type> WithNested(Type type) =>
        new[] { type }.Concat(type.GetNestedTypes(Declared).SelectMany(WithNested));

    private static void AddMethod(HashSet<Type> used, MethodBase method)
    {
        if (method is MethodInfo info)
        {
            Add(used, info.ReturnType);
        }
        foreach (var p in method.GetParameters())
        {
            Add(used, p.ParameterType);
        }
        foreach (var member in MembersIn(method))
        {
            switch (member)
            {
                case Type t:
                    Add(used, t);
                    break;
                case MethodBase m:
                    Add(used, m.DeclaringType);
                    if (m is MethodInfo mi)
                    {
                        Add(used, mi.ReturnType);
                        foreach (var a in mi.IsGenericMethod ? mi.GetGenericArguments() : [])
                        {
                            Add(used, a);
                        }
                    }
                    break;
                case FieldInfo f:
                    Add(used, f.DeclaringType);
                    Add(used, f.FieldType);
                    break;
            }
        }
    }

    /// <summary>Every method and constructor that the bodies of <paramref name="type"/> (with its nested and compiler-generated types) call, with the caller.</summary>
    public static IEnumerable<(MethodBase Caller, MethodBase Callee)> CallsIn(Type type) =>
        from t in WithNested(type)
        from caller in t.GetMethods(Declared).Cast<MethodBase>().Concat(t.GetConstructors(Declared))
        from callee in MembersIn(caller).OfType<MethodBase>()
        select (caller, callee);

    /// <summary>The methods and constructors that <paramref name="method"/>'s IL body calls (or names).</summary>
    public static IEnumerable<MethodBase> CalleesOf(MethodBase method) => MembersIn(method).OfType<MethodBase>();

    /// <summary>The types, methods and fields that <paramref name="method"/>'s IL body names.</summary>
    private static IEnumerable<MemberInfo> MembersIn(MethodBase method)
    {
        MethodBody? body;
        try
        {
            body = method.GetMethodBody();
        }
        catch (Exception e) when (e is BadImageFormatException or InvalidOperationException)
        {
            yield break;
        }
        if (body is null)
        {
            yield break;
        }
        var typeArgs = method.DeclaringType is { IsGenericType: true } d ? d.GetGenericArguments() : null;
        var methodArgs = method.IsGenericMethod ? method.GetGenericArguments() : null;
        foreach (var token in Tokens(body.GetILAsByteArray() ?? []))
        {
            MemberInfo? member;
            try
            {
                member = method.Module.ResolveMember(token, typeArgs, methodArgs);
            }
            catch (Exception e) when (e is ArgumentException or BadImageFormatException or TypeLoadException or FileNotFoundException or MissingMemberException)
            {
                // A token the runtime cannot resolve here (e.g. a generic signature) names nothing of ours.
                continue;
            }
            if (member is not null)
            {
                yield return member;
            }
        }
    }

    private static void Add(HashSet<Type> used, Type? type)
    {
        if (type is null)
        {
            return;
        }
        if (type.HasElementType)
        {
            Add(used, type.GetElementType());
            return;
        }
        if (type.IsGenericParameter)
        {
            return;
        }
        if (type.IsGenericType)
        {
            foreach (var a in type.GetGenericArguments())
            {
                Add(used, a);
            }
            type = type.GetGenericTypeDefinition();
        }
        used.Add(Outermost(type));
    }

    /// <summary>The metadata tokens of the member-referencing instructions of an IL body.</summary>
    private static IEnumerable<int> Tokens(byte[] il)
    {
        var at = 0;
        while (at < il.Length)
        {
            short value = il[at++];
            if (value == 0xFE && at < il.Length)
            {
                value = (short)(0xFE00 | il[at++]);
            }
            if (!OpCodesByValue.TryGetValue(value, out var op))
            {
                yield break;
            }
            switch (op.OperandType)
            {
                case OperandType.InlineField or OperandType.InlineMethod or OperandType.InlineType or OperandType.InlineTok:
                    yield return BitConverter.ToInt32(il, at);
                    at += 4;
                    break;
                case OperandType.InlineNone:
                    break;
                case OperandType.ShortInlineBrTarget or OperandType.ShortInlineI or OperandType.ShortInlineVar:
                    at += 1;
                    break;
                case OperandType.InlineVar:
                    at += 2;
                    break;
                case OperandType.InlineI8 or OperandType.InlineR:
                    at += 8;
                    break;
                case OperandType.InlineSwitch:
                    at += 4 + 4 * BitConverter.ToInt32(il, at);
                    break;
                default:
                    at += 4;
                    break;
            }
        }
    }
}
