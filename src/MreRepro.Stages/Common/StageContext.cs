using MreRepro.Stages.Parameters;
using Spectre.Console;

namespace MreRepro.Stages.Common;

/// <summary>What every stage gets: the repository root, the profile and its parameters, output paths and the console.</summary>
public sealed class StageContext
{
    private StageContext(string root, string profile, string paramsFile, ProfileParameters parameters, IAnsiConsole console)
    {
        Root = root;
        Profile = profile;
        ParamsFile = paramsFile;
        Parameters = parameters;
        Paths = new StagePaths(root, profile, Environment.GetEnvironmentVariable(Pipeline.Repro.StageRunner.InputsVariable));
        Console = console;
    }

    public string Root { get; }
    public string Profile { get; }

    /// <summary>The parameters file as given, relative to <see cref="Root"/> (params.yaml unless --params named another).</summary>
    public string ParamsFile { get; }
    public ProfileParameters Parameters { get; }
    public StagePaths Paths { get; }
    public IAnsiConsole Console { get; }

    public static StageContext Load(string root, string profile, string? paramsPath = null, IAnsiConsole? console = null)
    {
        var full = Path.GetFullPath(root);
        var relative = paramsPath ?? ParametersFile.DefaultPath;
        var file = Path.Combine(full, relative);
        return new StageContext(full, profile, relative, ParametersFile.Load(file, profile), console ?? AnsiConsole.Console);
    }

    /// <summary>The named dataset's parameters, or an error listing the datasets of the profile.</summary>
    public DatasetParameters Dataset(string name) =>
        Parameters.Datasets.TryGetValue(name, out var d)
            ? d
            : throw new StageException($"profile '{Profile}' has no dataset '{name}' (datasets: {string.Join(", ", Parameters.Datasets.Keys)}).");

    /// <summary>A path relative to the repository root, made absolute.</summary>
    public string Resolve(string relative) => Path.GetFullPath(Path.Combine(Root, relative));
}
