using System.Globalization;
using System.Text;
using System.Text.RegularExpressions;

namespace MreRepro.Pipeline.Dvc;

/// <summary>
/// Block-style YAML as DVC's ruamel dumper writes it: two-space maps, sequences not indented under their key,
/// plain scalars unless quoting is needed (then single quotes), floats as Python's repr (1e-05 becomes 1.0e-05).
/// </summary>
public static partial class YamlWriter
{
    public static string Write(YamlMap document)
    {
        var text = new StringBuilder();
        WriteMap(text, document, 0);
        return text.ToString();
    }

    private static void WriteMap(StringBuilder text, YamlMap map, int indent)
    {
        foreach (var (key, value) in map)
        {
            text.Append(' ', indent).Append(Scalar(key)).Append(':');
            WriteValueAfterKey(text, value, indent);
        }
    }

    private static void WriteValueAfterKey(StringBuilder text, object? value, int indent)
    {
        switch (value)
        {
            case YamlMap { Count: 0 }:
                text.Append(" {}\n");
                break;
            case YamlMap map:
                text.Append('\n');
                WriteMap(text, map, indent + 2);
                break;
            case List<object?> { Count: 0 }:
                text.Append(" []\n");
                break;
            case List<object?> list:
                text.Append('\n');
                WriteList(text, list, indent);
                break;
            case null:
                // ruamel's round-trip dumper writes None inside a mapping as an empty value.
                text.Append('\n');
                break;
            default:
                text.Append(' ').Append(Scalar(value)).Append('\n');
                break;
        }
    }

    private static void WriteList(StringBuilder text, List<object?> list, int indent)
    {
        foreach (var item in list)
        {
            text.Append(' ', indent).Append('-');
            switch (item)
            {
                case YamlMap { Count: > 0 } map:
                    var first = true;
                    foreach (var (key, value) in map)
                    {
                        text.Append(first ? " " : new string(' ', indent + 2)).Append(Scalar(key)).Append(':');
                        WriteValueAfterKey(text, value, indent + 2);
                        first = false;
                    }
                    break;
                case List<object?> { Count: > 0 } inner:
                    text.Append('\n');
                    WriteList(text, inner, indent + 2);
                    break;
                default:
                    text.Append(' ').Append(item is YamlMap or List<object?> ? Flow(item) : Scalar(item)).Append('\n');
                    break;
            }
        }
    }

    /// <summary>Flow style, for short displays and empty collections.</summary>
    public static string Flow(object? value) => value switch
    {
        YamlMap map => "{" + string.Join(", ", map.Select(kv => $"{Scalar(kv.Key)}: {Flow(kv.Value)}")) + "}",
        List<object?> list => "[" + string.Join(", ", list.Select(Flow)) + "]",
        _ => Scalar(value),
    };

    public static string Scalar(object? value) => value switch
    {
        null => "null",
        bool b => b ? "true" : "false",
        long l => l.ToString(CultureInfo.InvariantCulture),
        int i => i.ToString(CultureInfo.InvariantCulture),
        double d => PythonFloat(d),
        string s => NeedsQuotes(s) ? "'" + s.Replace("'", "''") + "'" : s,
        _ => throw new ArgumentException($"unsupported YAML value type {value.GetType().Name}"),
    };

    /// <summary>Python's repr(float), then PyYAML/ruamel's fix of adding ".0" before an exponent without a point.</summary>
    public static string PythonFloat(double d)
    {
        if (double.IsNaN(d)) return ".nan";
        if (double.IsPositiveInfinity(d)) return ".inf";
        if (double.IsNegativeInfinity(d)) return "-.inf";
        // Shortest round-trip digits and decimal exponent.
        var shortest = d.ToString("R", CultureInfo.InvariantCulture);
        var (digits, exponent) = Decompose(shortest);
        var negative = d < 0 || (d == 0 && double.IsNegative(d));
        string body;
        if (exponent < -4 || exponent >= 16)
        {
            var mantissa = digits.Length > 1 ? digits[0] + "." + digits[1..] : digits + ".0";
            body = $"{mantissa}e{(exponent < 0 ? "-" : "+")}{Math.Abs(exponent):00}";
        }
        else if (exponent < 0)
        {
            body = "0." + new string('0', -exponent - 1) + digits;
        }
        else if (digits.Length <= exponent + 1)
        {
            body = digits + new string('0', exponent + 1 - digits.Length) + ".0";
        }
        else
        {
            body = digits[..(exponent + 1)] + "." + digits[(exponent + 1)..];
        }
        return (negative ? "-" : "") + body;
    }

    // "1.5E-05" -> ("15", -5); "123.45" -> ("12345", 2); "0" -> ("0", 0)
    private static (string Digits, int Exponent) Decompose(string repr)
    {
        repr = repr.TrimStart('-');
        var exp = 0;
        var e = repr.IndexOfAny(['E', 'e']);
        if (e >= 0)
        {
            exp = int.Parse(repr[(e + 1)..], CultureInfo.InvariantCulture);
            repr = repr[..e];
        }
        var point = repr.IndexOf('.');
        var intPart = point >= 0 ? repr[..point] : repr;
        var frac = point >= 0 ? repr[(point + 1)..] : "";
        var all = (intPart + frac).TrimStart('0');
        if (all.Length == 0)
        {
            return ("0", 0);
        }
        var leadingZeros = (intPart + frac).Length - (intPart + frac).TrimStart('0').Length;
        var exponent = intPart.Length - 1 - leadingZeros + exp;
        return (all.TrimEnd('0') is { Length: > 0 } t ? t : "0", exponent);
    }

    private static bool NeedsQuotes(string s)
    {
        if (s.Length == 0 || s != s.Trim() || s.Contains('\n') || s.Contains(": ") || s.Contains(" #") || s.EndsWith(':'))
        {
            return true;
        }
        if ("-?:,[]{}#&*!|>'\"%@`".Contains(s[0]) && !(s[0] == '-' && s.Length > 1 && s[1] != ' ' && !LooksTyped(s)))
        {
            return true;
        }
        return LooksTyped(s);
    }

    // Strings ruamel's YAML 1.2 resolver (DVC's reader) would load as something else: numbers, booleans, null, dates.
    private static bool LooksTyped(string s) => TypedScalar().IsMatch(s);

    [GeneratedRegex(@"^(?:[-+]?(?:\d[\d_]*)?\.?\d*(?:[eE][-+]?\d+)?|0x[0-9a-fA-F_]+|0o?[0-7_]+|[-+]?\.(?:inf|Inf|INF)|\.(?:nan|NaN|NAN)|~|null|Null|NULL|true|True|TRUE|false|False|FALSE|\d{4}-\d\d?-\d\d?.*)$")]
    private static partial Regex TypedScalar();
}
