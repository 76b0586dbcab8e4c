using System.ComponentModel;
using MreRepro.Stages.Definition;
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
    [Description("wl (text only -> word level), tli (text + text-level label -> word level), tl (text only -> text level), wli (text + word-level pairs -> text level); saliency takes tli or wli.")]
    public string Condition { get; init; } = "";

    public override Spectre.Console.ValidationResult Validate()
    {
        var baseResult = base.Validate();
        if (!baseResult.Successful)
        {
            return baseResult;
        }
        return StageRegistry.Conditions.Contains(Condition)
            ? Spectre.Console.ValidationResult.Success()
            : Spectre.Console.ValidationResult.Error($"--condition must be one of {string.Join(", ", StageRegistry.Conditions)} (got '{Condition}').");
    }
}

/// <summary>Options of the finetune stage verb: one dataset, condition and fine-tuning seed.</summary>
public sealed class SeedSettings : ConditionSettings
{
    [CommandOption("--seed <SEED>")]
    [Description("Fine-tuning seed, one of the profile's finetune.seeds in params.yaml.")]
    public int? Seed { get; init; }

    public override Spectre.Console.ValidationResult Validate()
    {
        var baseResult = base.Validate();
        return !baseResult.Successful ? baseResult
            : Seed is null ? Spectre.Console.ValidationResult.Error("--seed is required: one of the profile's finetune.seeds in params.yaml.")
            : Spectre.Console.ValidationResult.Success();
    }
}

/// <summary>Options of the verbalizer stage verb.</summary>
public class VerbalizerSettings : DatasetSettings
{
    [CommandOption("--verbalizer <KIND>")]
    [Description("manual (W/O KV: the class name as the one label word) or kv (knowledgeable verbalizer).")]
    public string Verbalizer { get; init; } = "";

    public override Spectre.Console.ValidationResult Validate()
    {
        var baseResult = base.Validate();
        return !baseResult.Successful ? baseResult
            : StageRegistry.Verbalizers.Contains(Verbalizer) ? Spectre.Console.ValidationResult.Success()
            : Spectre.Console.ValidationResult.Error($"--verbalizer must be {string.Join(" or ", StageRegistry.Verbalizers)} (got '{Verbalizer}').");
    }
}
