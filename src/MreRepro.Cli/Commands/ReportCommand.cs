using MreRepro.Stages.Common;
using MreRepro.Stages.Definition;
using MreRepro.Stages.Report;
using Spectre.Console;
using Spectre.Console.Cli;

namespace MreRepro.Cli.Commands;

/// <summary>`mre report`: renders the profile's report from the stage outputs.</summary>
public sealed class ReportCommand : Command<CommonSettings>
{
    public override int Execute(CommandContext context, CommonSettings settings, CancellationToken cancellationToken)
    {
        var ctx = StageContext.Load(settings.Root, settings.Profile, settings.ParamsFile);
        foreach (var file in ReportStage.Run(ctx, PipelineDefinition.Template(ctx, "report").Deps))
        {
            AnsiConsole.MarkupLineInterpolated($"wrote {file}");
        }
        return 0;
    }
}
