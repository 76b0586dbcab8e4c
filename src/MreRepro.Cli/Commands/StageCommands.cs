using MreRepro.Stages.Common;
using MreRepro.Stages.Evaluate;
using MreRepro.Stages.FineTune;
using MreRepro.Stages.Pretrain;
using MreRepro.Stages.Saliency;
using Spectre.Console.Cli;

namespace MreRepro.Cli.Commands;

/// <summary>`mre pretrain`.</summary>
public sealed class PretrainCommand : Command<CommonSettings>
{
    public override int Execute(CommandContext context, CommonSettings settings, CancellationToken cancellationToken)
    {
        PretrainStage.Run(StageContext.Load(settings.Root, settings.Profile, settings.ParamsFile));
        return 0;
    }
}

/// <summary>`mre finetune --dataset D --condition C`.</summary>
public sealed class FineTuneCommand : Command<ConditionSettings>
{
    public override int Execute(CommandContext context, ConditionSettings settings, CancellationToken cancellationToken)
    {
        FineTuneStage.Run(StageContext.Load(settings.Root, settings.Profile, settings.ParamsFile), settings.Dataset, settings.Condition);
        return 0;
    }
}

/// <summary>`mre evaluate --dataset D --condition C`.</summary>
public sealed class EvaluateCommand : Command<ConditionSettings>
{
    public override int Execute(CommandContext context, ConditionSettings settings, CancellationToken cancellationToken)
    {
        EvaluateStage.Run(StageContext.Load(settings.Root, settings.Profile, settings.ParamsFile), settings.Dataset, settings.Condition);
        return 0;
    }
}

/// <summary>`mre saliency --dataset D --condition tli|wli`.</summary>
public sealed class SaliencyCommand : Command<ConditionSettings>
{
    public override int Execute(CommandContext context, ConditionSettings settings, CancellationToken cancellationToken)
    {
        SaliencyStage.Run(StageContext.Load(settings.Root, settings.Profile, settings.ParamsFile), settings.Dataset, settings.Condition);
        return 0;
    }
}

/// <summary>`mre t5pretrain`.</summary>
public sealed class T5PretrainCommand : Command<CommonSettings>
{
    public override int Execute(CommandContext context, CommonSettings settings, CancellationToken cancellationToken)
    {
        MreRepro.Stages.T5Pretrain.T5PretrainStage.Run(StageContext.Load(settings.Root, settings.Profile, settings.ParamsFile));
        return 0;
    }
}

/// <summary>`mre verbalizer --dataset D --verbalizer manual|kv`.</summary>
public sealed class VerbalizerCommand : Command<VerbalizerCommand.Settings>
{
    public sealed class Settings : DatasetSettings
    {
        [Spectre.Console.Cli.CommandOption("--verbalizer <KIND>")]
        [System.ComponentModel.Description("manual (W/O KV: the class name as the one label word) or kv (knowledgeable verbalizer).")]
        public string Verbalizer { get; init; } = "";

        public override Spectre.Console.ValidationResult Validate()
        {
            var baseResult = base.Validate();
            return !baseResult.Successful ? baseResult
                : Verbalizer is "manual" or "kv" ? Spectre.Console.ValidationResult.Success()
                : Spectre.Console.ValidationResult.Error($"--verbalizer must be manual or kv (got '{Verbalizer}').");
        }
    }

    public override int Execute(CommandContext context, Settings settings, CancellationToken cancellationToken)
    {
        MreRepro.Stages.Verbalizer.VerbalizerStage.Run(StageContext.Load(settings.Root, settings.Profile, settings.ParamsFile), settings.Dataset, settings.Verbalizer);
        return 0;
    }
}
