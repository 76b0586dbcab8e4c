using MreRepro.Stages.Common;
using YamlDotNet.Core;
using YamlDotNet.Core.Events;
using YamlDotNet.Serialization;
using YamlDotNet.Serialization.NamingConventions;

namespace MreRepro.Stages.Parameters;

/// <summary>Reads one profile section of params.yaml into typed parameters; unknown keys are errors naming the line.</summary>
public static class ParametersFile
{
    /// <summary>The parameters file every profile lives in (DVC's default params file).</summary>
    public const string DefaultPath = "params.yaml";

    /// <summary>The profile names (top-level keys) of a parameters file, in file order.</summary>
    public static IReadOnlyList<string> Profiles(string path)
    {
        if (!File.Exists(path))
        {
            throw new StageException($"{path}: parameters file not found.");
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
            throw new StageException($"{path}:{e.Start.Line}:{e.Start.Column}: {(e.InnerException ?? e).Message}");
        }
        return names;
    }

    public static ProfileParameters Load(string path, string profile)
    {
        if (!File.Exists(path))
        {
            throw new StageException($"{path}: parameters file not found.");
        }
        var deserializer = new DeserializerBuilder()
            .WithNamingConvention(UnderscoredNamingConvention.Instance)
            .Build();
        var found = new List<string>();
        try
        {
            using var reader = new StringReader(File.ReadAllText(path));
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
            throw new StageException($"{path}:{e.Start.Line}:{e.Start.Column}: {(e.InnerException ?? e).Message}");
        }
        throw new StageException($"{path}: no profile '{profile}' (profiles found: {string.Join(", ", found)}).");
    }
}
