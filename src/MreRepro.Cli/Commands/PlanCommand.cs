using System.ComponentModel;
using System.Text.Json;
using MreRepro.Stages.Common;
using MreRepro.Stages.Data;
using MreRepro.Stages.Engine;
using Spectre.Console;
using Spectre.Console.Cli;

namespace MreRepro.Cli.Commands;

/// <summary>Options of plan and status.</summary>
public class PlanSettings : CommonSettings
{
    [CommandOption("--dataset <NAME>")]
    [Description("Only this dataset's stage instances (and shared upstream ones; the report is left out).")]
    public string? Dataset { get; init; }

    [CommandOption("--force")]
    [Description("Mark every instance as to be run.")]
    public bool Force { get; init; }
}

/// <summary>`mre plan`: the graph of a profile with each instance's status, as JSON for the Cake script.</summary>
public sealed class PlanCommand : Command<PlanCommand.Settings>
{
    public sealed class Settings : PlanSettings
    {
        [CommandOption("--json")]
        [Description("Print JSON (what build.cake reads) instead of a table.")]
        public bool Json { get; init; }
    }

    public override int Execute(CommandContext context, Settings settings, CancellationToken cancellationToken)
    {
        var stage = StageContext.Load(settings.Root, settings.Profile, settings.ParamsFile);
        var data = DefaultCorpus.Ensure(stage.Root);
        var stagePlan = StagePlan.Load(stage, settings.ParamsFile);
        ReproRun.MergeFinishedJobs(stagePlan);
        var plan = stagePlan.Status(settings.Dataset, settings.Force);
        if (settings.Json)
        {
            var executor = ReproRun.DefaultExecutor(stage, settings.ParamsFile);
            Console.Out.Write(JsonSerializer.Serialize(new { profile = settings.Profile, data, executor, instances = plan }, StageJson.Options));
            Console.Out.WriteLine();
        }
        else
        {
            StatusCommand.Print(settings.Profile, data, plan);
        }
        return 0;
    }
}

/// <summary>`mre status`: what would run and why (a dry run).</summary>
public sealed class StatusCommand : Command<PlanSettings>
{
    public override int Execute(CommandContext context, PlanSettings settings, CancellationToken cancellationToken)
    {
        var stage = StageContext.Load(settings.Root, settings.Profile, settings.ParamsFile);
        var data = DefaultCorpus.Ensure(stage.Root);
        var plan = StagePlan.Load(stage, settings.ParamsFile);
        ReproRun.MergeFinishedJobs(plan);
        Print(settings.Profile, data, plan.Status(settings.Dataset, settings.Force));
        ReproRun.PrintSlurmJobs(plan);
        return 0;
    }

    public static void Print(string profile, string data, IReadOnlyList<PlannedInstance> plan)
    {
        var table = new Table().Title($"{profile} profile: {plan.Count(p => p.Changed)} of {plan.Count} stage instances would run")
            .AddColumn("instance").AddColumn("would").AddColumn("why");
        foreach (var p in plan)
        {
            table.AddRow(Markup.Escape(p.Name), p.Changed ? "[yellow]run[/]" : "[green]skip[/]", Markup.Escape(string.Join("; ", p.Reasons.Take(4))));
        }
        AnsiConsole.Write(table);
        AnsiConsole.MarkupLineInterpolated($"data: {data}");
    }
}
