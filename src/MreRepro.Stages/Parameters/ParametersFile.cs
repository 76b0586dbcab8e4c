using System.Collections;
using System.ComponentModel.DataAnnotations;
using System.Globalization;
using System.Reflection;
using YamlDotNet.Core;
using YamlDotNet.Core.Events;
using YamlDotNet.RepresentationModel;
using YamlDotNet.Serialization;
using YamlDotNet.Serialization.NamingConventions;

namespace MreRepro.Stages.Parameters;

/// <summary>
/// Reads one profile section of params.yaml into typed parameters, once. Unknown keys, values outside a choice's
/// allowed values, numbers out of range and a missing profile fail with `params.yaml:LINE:COL: key: what is wrong
/// (allowed: …)`.
/// </summary>
public static class ParametersFile
{
    /// <summary>The parameters file every profile lives in (DVC's default params file).</summary>
    public const string DefaultPath = "params.yaml";

    private static readonly INamingConvention Names = UnderscoredNamingConvention.Instance;

    /// <summary>The profile names (top-level keys) of a parameters file, in file order.</summary>
    public static IReadOnlyList<string> Profiles(string path)
    {
        if (!File.Exists(path))
        {
            throw new ParametersException($"{path}: parameters file not found.");
        }
        var names = new List<string>();
        try
        {
            using var reader = new StringReader(File.ReadAllText(path));
            var parser = new Parser(reader);
            parser.Consume<StreamStart>();
            parser.Consume<DocumentStart>();
            parser.Consume<MappingStart>();
            while (!parser.TryConsume<MappingEnd>(out _))
            {
                names.Add(parser.Consume<Scalar>().Value);
                parser.SkipThisAndNestedEvents();
            }
        }
        catch (YamlException e)
        {
            throw new ParametersException($"{path}:{e.Start.Line}:{e.Start.Column}: {(e.InnerException ?? e).Message}");
        }
        return names;
    }

    public static ProfileParameters Load(string path, string profile)
    {
        if (!File.Exists(path))
        {
            throw new ParametersException($"{path}: parameters file not found.");
        }
        var text = File.ReadAllText(path);
        var marks = KeyMarks(path, text);
        var parameters = Deserialize(path, text, profile, marks);
        foreach (var (key, problem) in Violations(parameters, profile))
        {
            var mark = marks.TryGetValue(key, out var m) ? m : marks.GetValueOrDefault(profile, Mark.Empty);
            throw new ParametersException($"{Where(path, mark)}: {key}: {problem}");
        }
        return parameters;
    }

    /// <summary>The allowed values of a choice, as written in params.yaml.</summary>
    public static IReadOnlyList<string> AllowedValues(Type choice) => Enum.GetNames(choice).Select(n => n.ToLowerInvariant()).ToList();

    /// <summary>The params.yaml spelling of a choice's value.</summary>
    public static string Name(Enum value) => value.ToString().ToLowerInvariant();

    private static ProfileParameters Deserialize(string path, string text, string profile, IReadOnlyDictionary<string, Mark> marks)
    {
        var deserializer = new DeserializerBuilder()
            .WithNamingConvention(Names)
            .WithNodeDeserializer(new ChoiceDeserializer(), s => s.OnTop())
            .Build();
        var found = new List<string>();
        try
        {
            using var reader = new StringReader(text);
            var parser = new Parser(reader);
            parser.Consume<StreamStart>();
            parser.Consume<DocumentStart>();
            parser.Consume<MappingStart>();
            while (!parser.TryConsume<MappingEnd>(out _))
            {
                var key = parser.Consume<Scalar>();
                if (key.Value == profile)
                {
                    // Deserialising straight from the parser keeps line numbers absolute in errors.
                    return deserializer.Deserialize<ProfileParameters>(parser) ?? new ProfileParameters();
                }
                found.Add(key.Value);
                parser.SkipThisAndNestedEvents();
            }
        }
        catch (YamlException e)
        {
            var key = marks.Where(m => m.Value.Line == e.Start.Line && m.Value.Column == e.Start.Column).Select(m => m.Key + ": ").FirstOrDefault();
            throw new ParametersException($"{Where(path, e.Start)}: {key}{(e.InnerException ?? e).Message}", e);
        }
        throw new ParametersException($"{path}:1:1: no profile '{profile}' (allowed: {string.Join(", ", found)})");
    }

    private static string Where(string path, Mark mark) => $"{path}:{mark.Line}:{mark.Column}";

    /// <summary>Where each key's value starts, by dotted key path (profile.section.key).</summary>
    private static Dictionary<string, Mark> KeyMarks(string path, string text)
    {
        var marks = new Dictionary<string, Mark>(StringComparer.Ordinal);
        var stream = new YamlStream();
        try
        {
            stream.Load(new StringReader(text));
        }
        catch (YamlException e)
        {
            throw new ParametersException($"{Where(path, e.Start)}: {e.Message}", e);
        }
        if (stream.Documents.Count > 0)
        {
            Collect(stream.Documents[0].RootNode, "", marks);
        }
        return marks;
    }

    private static void Collect(YamlNode node, string prefix, Dictionary<string, Mark> marks)
    {
        if (node is not YamlMappingNode mapping)
        {
            return;
        }
        foreach (var (key, value) in mapping.Children)
        {
            var name = prefix.Length == 0 ? ((YamlScalarNode)key).Value! : $"{prefix}.{((YamlScalarNode)key).Value}";
            marks[name] = value.Start;
            Collect(value, name, marks);
        }
    }

    /// <summary>Values that break a property's rule ([Range], [MinLength]), by key path.</summary>
    private static IEnumerable<(string Key, string Problem)> Violations(object parameters, string prefix)
    {
        // Indexers (a list's Item) are not parameters.
        foreach (var property in parameters.GetType().GetProperties(BindingFlags.Public | BindingFlags.Instance).Where(p => p.GetIndexParameters().Length == 0))
        {
            var key = $"{prefix}.{Names.Apply(property.Name)}";
            var value = property.GetValue(parameters);
            foreach (var rule in property.GetCustomAttributes<ValidationAttribute>())
            {
                if (!rule.IsValid(value))
                {
                    yield return (key, Describe(rule, value));
                }
            }
            if (value is IDictionary entries)
            {
                // Only entries that are parameter classes have rules; free-form values (executor, resources) have none.
                foreach (DictionaryEntry entry in entries)
                {
                    if (entry.Value is null || entry.Value.GetType().Namespace != typeof(ProfileParameters).Namespace)
                    {
                        continue;
                    }
                    foreach (var v in Violations(entry.Value, $"{key}.{entry.Key}"))
                    {
                        yield return v;
                    }
                }
            }
            else if (value is not null && value.GetType().Namespace == typeof(ProfileParameters).Namespace && value.GetType().IsClass)
            {
                foreach (var v in Violations(value, key))
                {
                    yield return v;
                }
            }
        }
    }

    private static string Describe(ValidationAttribute rule, object? value)
    {
        var shown = value switch
        {
            IEnumerable<int> list => $"[{string.Join(", ", list)}]",
            IFormattable f => f.ToString(null, CultureInfo.InvariantCulture),
            _ => $"'{value}'",
        };
        return rule switch
        {
            RangeAttribute { Maximum: int.MaxValue } or RangeAttribute { Maximum: double.MaxValue } when rule is RangeAttribute r =>
                $"{shown} is out of range (allowed: {Format(r.Minimum)} or more)",
            RangeAttribute r => $"{shown} is out of range (allowed: {Format(r.Minimum)} to {Format(r.Maximum)})",
            MinLengthAttribute m => $"{shown} has too few values (allowed: at least {m.Length})",
            AllowedValuesAttribute a => $"{shown} is not allowed (allowed: {string.Join(", ", a.Values)})",
            _ => $"{shown}: {rule.FormatErrorMessage("value")}",
        };
    }

    private static string Format(object bound) => Convert.ToString(bound, CultureInfo.InvariantCulture)!;

    /// <summary>Reads a choice (an enum) from its lower-case name; any other value names the allowed ones.</summary>
    private sealed class ChoiceDeserializer : INodeDeserializer
    {
        public bool Deserialize(IParser reader, Type expectedType, Func<IParser, Type, object?> nestedObjectDeserializer,
            out object? value, ObjectDeserializer rootDeserializer)
        {
            if (!expectedType.IsEnum)
            {
                value = null;
                return false;
            }
            var scalar = reader.Consume<Scalar>();
            var allowed = AllowedValues(expectedType);
            var index = allowed.ToList().IndexOf(scalar.Value);
            if (index < 0)
            {
                throw new YamlException(scalar.Start, scalar.End,
                    $"'{scalar.Value}' is not allowed (allowed: {string.Join(", ", allowed)})");
            }
            value = Enum.GetValues(expectedType).GetValue(index);
            return true;
        }
    }
}
