using System.Globalization;
using YamlDotNet.Core;
using YamlDotNet.RepresentationModel;

namespace MreRepro.Pipeline.Dvc;

/// <summary>Reads YAML into the <see cref="YamlMap"/> model, resolving plain scalars to YAML 1.2 core types.</summary>
public static class YamlReader
{
    public static YamlMap ReadFile(string path)
    {
        try
        {
            return Read(File.ReadAllText(path));
        }
        catch (YamlException e)
        {
            throw new PipelineException($"{path}:{e.Start.Line}:{e.Start.Column}: {(e.InnerException ?? e).Message}");
        }
        catch (PipelineException e)
        {
            throw new PipelineException($"{path}: {e.Message}");
        }
    }

    public static YamlMap Read(string text)
    {
        var stream = new YamlStream();
        stream.Load(new StringReader(text));
        if (stream.Documents.Count == 0)
        {
            return new YamlMap();
        }
        return Convert(stream.Documents[0].RootNode) as YamlMap
            ?? throw new PipelineException("the document is not a mapping.");
    }

    private static object? Convert(YamlNode node) => node switch
    {
        YamlMappingNode map => new YamlMap(map.Children.Select(kv =>
            new KeyValuePair<string, object?>(((YamlScalarNode)kv.Key).Value ?? "", Convert(kv.Value)))),
        YamlSequenceNode seq => seq.Children.Select(Convert).ToList(),
        YamlScalarNode scalar => Scalar(scalar),
        _ => throw new PipelineException($"unsupported YAML node at line {node.Start.Line}."),
    };

    private static object? Scalar(YamlScalarNode scalar)
    {
        var value = scalar.Value ?? "";
        if (scalar.Style != ScalarStyle.Plain)
        {
            return value;
        }
        switch (value)
        {
            case "" or "~" or "null" or "Null" or "NULL": return null;
            case "true" or "True" or "TRUE": return true;
            case "false" or "False" or "FALSE": return false;
            case ".inf" or "+.inf": return double.PositiveInfinity;
            case "-.inf": return double.NegativeInfinity;
            case ".nan": return double.NaN;
        }
        if (long.TryParse(value, NumberStyles.AllowLeadingSign, CultureInfo.InvariantCulture, out var l))
        {
            return l;
        }
        if (System.Text.RegularExpressions.Regex.IsMatch(value, @"^[-+]?(\.[0-9]+|[0-9]+(\.[0-9]*)?)([eE][-+]?[0-9]+)?$")
            && double.TryParse(value, NumberStyles.Float, CultureInfo.InvariantCulture, out var d))
        {
            return d;
        }
        return value;
    }
}
