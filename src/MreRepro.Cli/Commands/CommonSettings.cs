using System.ComponentModel;
using Spectre.Console.Cli;

namespace MreRepro.Cli.Commands;

/// <summary>Options every stage verb shares.</summary>
public class CommonSettings : CommandSettings
{
    [CommandOption("--profile <PROFILE>")]
    [Description("Parameter profile: smoke, default or paper (a top-level section of params.yaml). Default: default.")]
    [DefaultValue("default")]
    public string Profile { get; init; } = "default";

    [CommandOption("--params <FILE>")]
    [Description("Parameters file, relative to --root. Default: params.yaml.")]
    [DefaultValue("params.yaml")]
    public string ParamsFile { get; init; } = "params.yaml";

    [CommandOption("--root <DIR>")]
    [Description("Repository root (where dvc.yaml, params.yaml and stages/ live). Default: the current folder.")]
    [DefaultValue(".")]
    public string Root { get; init; } = ".";
}

/// <summary>Options of the per-dataset stage verbs.</summary>
public class DatasetSettings : CommonSettings
{
    [CommandOption("--dataset <NAME>")]
    [Description("Dataset name, as listed under <profile>.datasets in params.yaml (e.g. SCNM).")]
    public string Dataset { get; init; } = "";

    public override Spectre.Console.ValidationResult Validate() =>
        string.IsNullOrWhiteSpace(Dataset)
            ? Spectre.Console.ValidationResult.Error("--dataset is required (see --help).")
            : Spectre.Console.ValidationResult.Success();
}

/// <summary>Options of the per-dataset, per-condition stage verbs.</summary>
public class ConditionSettings : DatasetSettings
{
    [CommandOption("--condition <KEY>")]
    [Description("wl (text only -> word level), tli (text + text-level label -> word level), tl (text only -> text level), wli (text + word-level pairs -> text level).")]
    public string Condition { get; init; } = "";

    public override Spectre.Console.ValidationResult Validate()
    {
        var baseResult = base.Validate();
        if (!baseResult.Successful)
        {
            return baseResult;
        }
        return Condition is "wl" or "tli" or "tl" or "wli"
            ? Spectre.Console.ValidationResult.Success()
            : Spectre.Console.ValidationResult.Error($"--condition must be one of wl, tli, tl, wli (got '{Condition}').");
    }
}
