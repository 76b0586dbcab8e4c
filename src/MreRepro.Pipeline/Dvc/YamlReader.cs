using System.Globalization;
using YamlDotNet.Core;
using YamlDotNet.Core.Events;
using YamlDotNet.RepresentationModel;

namespace MreRepro.Pipeline.Dvc;

/// <summary>Reads YAML into the <see cref="YamlMap"/> model, resolving plain scalars to YAML 1.2 core types.</summary>
public static class YamlReader
{
    /// <summary>Reads a file; a syntax error names the file, line and column (for an unclosed `[` or `{`, where it opened).</summary>
    public static YamlMap ReadFile(string path) => ReadText(path, File.ReadAllText(path));

    /// <summary>Parses <paramref name="text"/>, read from <paramref name="path"/> (named in errors).</summary>
    public static YamlMap ReadText(string path, string text)
    {
        try
        {
            return Read(text);
        }
        catch (Exception e) when (e is YamlException or InvalidOperationException)
        {
            // YamlDotNet throws InvalidOperationException, without a position, on some unclosed flow collections.
            throw new PipelineException($"{path}:{Locate(text, e)}; fix the YAML there (or restore the file from git).");
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

    // Replays the parser event by event to find the innermost flow collection still open when parsing failed.
    private static string Locate(string text, Exception error)
    {
        var open = new Stack<(Mark Start, char Bracket)>();
        var last = Mark.Empty;
        try
        {
            var parser = new Parser(new StringReader(text));
            while (parser.MoveNext())
            {
                var current = parser.Current!;
                last = current.Start;
                switch (current)
                {
                    case SequenceStart { Style: SequenceStyle.Flow }:
                        open.Push((current.Start, '['));
                        break;
                    case MappingStart { Style: MappingStyle.Flow }:
                        open.Push((current.Start, '{'));
                        break;
                    case SequenceEnd or MappingEnd when open.Count > 0 && IsFlowEnd(text, current.Start):
                        open.Pop();
                        break;
                }
            }
        }
        catch (Exception e) when (e is YamlException or InvalidOperationException)
        {
        }
        if (open.Count > 0)
        {
            var (start, bracket) = open.Peek();
            var closing = bracket == '[' ? ']' : '}';
            return $"{start.Line}:{start.Column}: '{bracket}' is never closed (no matching '{closing}')";
        }
        if (error is YamlException yaml)
        {
            var message = (yaml.InnerException ?? yaml).Message.ReplaceLineEndings(" ");
            return $"{yaml.Start.Line}:{yaml.Start.Column}: {message}";
        }
        return $"{last.Line}:{last.Column}: not valid YAML after this point";
    }

    private static bool IsFlowEnd(string text, Mark mark) =>
        mark.Index >= 0 && mark.Index < text.Length && text[(int)mark.Index] is ']' or '}';

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
