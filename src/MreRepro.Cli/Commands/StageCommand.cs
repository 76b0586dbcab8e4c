using MreRepro.Stages.Common;
using MreRepro.Stages.Definition;
using Spectre.Console.Cli;

namespace MreRepro.Cli.Commands;

/// <summary>`mre &lt;stage&gt;` for every stage of the registry that runs from its declaration (the stage is the command's data).</summary>
public sealed class StageCommand<TSettings> : Command<TSettings>
    where TSettings : CommonSettings
{
    public override int Execute(CommandContext context, TSettings settings, CancellationToken cancellationToken)
    {
        var stage = (StageDeclaration)context.Data!;
        var arguments = new StageArguments(
            (settings as DatasetSettings)?.Dataset ?? "",
            (settings as ConditionSettings)?.Condition ?? "",
            (settings as VerbalizerSettings)?.Verbalizer ?? "",
            (settings as SeedSettings)?.Seed ?? 0);
        stage.Run!(StageContext.Load(settings.Root, settings.Profile, settings.ParamsFile), arguments);
        return 0;
    }
}

/// <summary>The stage verbs of the CLI, from the stage registry.</summary>
public static class StageVerbs
{
    /// <summary>Adds one verb per declared stage that runs from its declaration, with the options its stage takes.</summary>
    public static void AddAll(IConfigurator config)
    {
        foreach (var stage in StageRegistry.All.Where(s => s.Run is not null))
        {
            var command = stage.Options switch
            {
                StageOptions.DatasetAndCondition => config.AddCommand<StageCommand<ConditionSettings>>(stage.Name),
                StageOptions.DatasetConditionAndSeed => config.AddCommand<StageCommand<SeedSettings>>(stage.Name),
                StageOptions.DatasetAndVerbalizer => config.AddCommand<StageCommand<VerbalizerSettings>>(stage.Name),
                _ => config.AddCommand<StageCommand<CommonSettings>>(stage.Name),
            };
            command.WithDescription(stage.Summary).WithData(stage);
        }
    }
}
