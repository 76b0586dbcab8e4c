using System.ComponentModel;
using System.Text.Json;
using MreRepro.Pipeline.Repro;
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
        var stagePlan = ProfilePipeline.Load(stage);
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

/// <summary>Options of status.</summary>
public sealed class StatusSettings : PlanSettings
{
    [CommandOption("--verify")]
    [Description("Also re-hash every cache object the lock file (and data.dvc) references, as `dvc status -c` does: list missing and corrupt objects, move corrupt ones aside to .dvc/tmp/corrupt-objects, exit 1 if any.")]
    public bool Verify { get; init; }
}

/// <summary>`mre status`: what would run and why (a dry run); with --verify, also checks the cache.</summary>
public sealed class StatusCommand : Command<StatusSettings>
{
    public override int Execute(CommandContext context, StatusSettings settings, CancellationToken cancellationToken)
    {
        var stage = StageContext.Load(settings.Root, settings.Profile, settings.ParamsFile);
        var data = DefaultCorpus.Ensure(stage.Root);
        var plan = ProfilePipeline.Load(stage);
        ReproRun.MergeFinishedJobs(plan);
        Print(settings.Profile, data, plan.Status(settings.Dataset, settings.Force));
        ReproRun.PrintSlurmJobs(plan);
        var missing = MissingInputs(plan);
        var cache = settings.Verify ? VerifyCache(plan) : 0;
        return missing > 0 ? 1 : cache;
    }

    /// <summary>Inputs no stage produces (data files, checkpoint folders) that are absent: the run would fail on them.</summary>
    private static int MissingInputs(ProfilePipeline plan)
    {
        var missing = plan.Graph.ExternalInputs().Where(i => !Path.Exists(plan.Workspace.Full(i.Path))).ToList();
        foreach (var (path, neededBy) in missing)
        {
            var who = string.Join(", ", neededBy.Take(3)) + (neededBy.Count > 3 ? $" and {neededBy.Count - 3} more" : "");
            AnsiConsole.MarkupLineInterpolated($"[red]missing input:[/] {path} (needed by {who})");
        }
        return missing.Count;
    }

    private static int VerifyCache(ProfilePipeline plan)
    {
        var workspace = plan.Workspace;
        var (outputs, damage) = CacheCheck.Verify(workspace, [Path.Combine(workspace.Root, DefaultCorpus.Folder + ".dvc")]);
        var lockName = Path.GetRelativePath(workspace.Root, workspace.LockPath);
        if (damage.Count == 0)
        {
            AnsiConsole.MarkupLineInterpolated($"cache: every object of the {outputs} outputs recorded in {lockName} and data.dvc is present and intact");
            return 0;
        }
        foreach (var d in damage)
        {
            AnsiConsole.MarkupLineInterpolated($"[red]cache:[/] {d.Owner} {d.Output}: {d.Damage.Describe(workspace.Root)}");
        }
        AnsiConsole.MarkupLineInterpolated(
            $"[red]cache: {damage.Count} damaged object(s)[/] in {outputs} recorded outputs. The next run (`./build.sh`, or `build/mre repro <instance>`) stores them again from matching workspace files or reruns the stages; `--force` reruns them anyway.");
        return 1;
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
