using System.ComponentModel;
using System.Text.Json;
using MreRepro.Files;
using MreRepro.Pipeline.Repro;
using MreRepro.Stages.Common;
using MreRepro.Stages.Data;
using MreRepro.Stages.Engine;
using Spectre.Console;
using Spectre.Console.Cli;

namespace MreRepro.Cli.Commands;

/// <summary>`mre repro INSTANCE`: runs one stage instance if it changed, caches its outputs, writes its dvc.lock entry.</summary>
public sealed class ReproCommand : Command<ReproCommand.Settings>
{
    public sealed class Settings : CommonSettings
    {
        [CommandArgument(0, "<INSTANCE>")]
        [Description("A stage instance, e.g. finetune@SCNM-tli (see `mre status`).")]
        public string Instance { get; init; } = "";

        [CommandOption("--force")]
        [Description("Run even when unchanged.")]
        public bool Force { get; init; }

        [CommandOption("--result <FILE>")]
        [Description("Also write the outcome as JSON here (used by build.cake for its summary).")]
        public string? Result { get; init; }
    }

    public override int Execute(CommandContext context, Settings settings, CancellationToken cancellationToken)
    {
        // Before anything can be interrupted: SIGINT/SIGTERM then stop the stage cleanly instead of ending this process.
        using var interruption = new Interruption();
        using var cancel = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken, interruption.Token);
        var stage = StageContext.Load(settings.Root, settings.Profile, settings.ParamsFile);
        var plan = StagePlan.Load(stage, settings.ParamsFile);
        if (!plan.Graph.Instances.Any(i => i.Name == settings.Instance))
        {
            throw new StageException($"profile '{settings.Profile}' has no stage instance '{settings.Instance}'; `mre status --profile {settings.Profile}` lists them.");
        }
        var instance = plan.Graph[settings.Instance];
        // The same check as `mre plan`: a stage never runs on data that differs from data.dvc.
        DefaultCorpus.Ensure(stage.Root);
        using var workspaceLock = WorkspaceLock.Acquire(stage.Root);
        var outcome = new StageRunner(plan.Workspace).Run(instance, settings.Force, cancel.Token);
        var kind = interruption.Signal is not null && outcome.Kind == OutcomeKind.Failed ? "interrupted" : outcome.Kind.ToString().ToLowerInvariant();
        var detail = string.Join("; ", outcome.Reasons);
        StageTimes.Record(stage.Root, settings.Profile, instance.Name, kind, outcome.Seconds);
        if (settings.Result is not null)
        {
            AtomicFile.WriteAllText(settings.Result, JsonSerializer.Serialize(new { outcome = kind, seconds = outcome.Seconds, detail }));
        }
        var colour = outcome.Kind switch { OutcomeKind.Failed => "red", OutcomeKind.Ran => "yellow", _ => "green" };
        AnsiConsole.MarkupLineInterpolated($"[{colour}]{instance.Name}: {kind}[/] ({outcome.Seconds:F1} s) {detail}");
        if (interruption.Signal is not null)
        {
            AnsiConsole.MarkupLineInterpolated(
                $"[red]interrupted by {interruption.SignalName}[/] during {instance.Name}: {(outcome.Kind == OutcomeKind.Failed ? "its command was stopped, the previous outputs and dvc.lock are as they were" : $"it had {kind} before the signal")}; the workspace lock is released. Resume with `build/mre repro {instance.Name} --profile {settings.Profile}` (or ./build.sh again).");
            return interruption.ExitCode;
        }
        return outcome.Kind == OutcomeKind.Failed ? 1 : 0;
    }
}
