using System.ComponentModel;
using System.Text.Json;
using MreRepro.Files;
using MreRepro.Pipeline.Execution;
using MreRepro.Pipeline.Repro;
using MreRepro.Stages.Common;
using MreRepro.Stages.Data;
using MreRepro.Stages.Engine;
using Spectre.Console;
using Spectre.Console.Cli;

namespace MreRepro.Cli.Commands;

/// <summary>
/// `mre repro INSTANCE`: runs one stage instance if it changed, caches its outputs, writes its dvc.lock entry.
/// `mre repro --all` / `mre repro TARGET --upstream`, or any executor option: many instances through an executor
/// (<see cref="ReproRun"/>).
/// </summary>
public sealed class ReproCommand : Command<ReproCommand.Settings>
{
    public sealed class Settings : CommonSettings
    {
        [CommandArgument(0, "[INSTANCE]")]
        [Description("A stage instance, e.g. finetune@SCNM-tli-42 (see `mre status`); with --upstream also a stage (finetune). Omit with --all.")]
        public string Instance { get; init; } = "";

        [CommandOption("--all")]
        [Description("Run every instance of the profile in dependency order (independent ones at once with --jobs, or as Slurm jobs).")]
        public bool All { get; init; }

        [CommandOption("--upstream")]
        [Description("Run INSTANCE (or every instance of a stage) and everything upstream of it.")]
        public bool Upstream { get; init; }

        [CommandOption("--dataset <NAME>")]
        [Description("With --all: only this dataset's instances and the shared upstream ones (the report is left out).")]
        public string? Dataset { get; init; }

        [CommandOption("--jobs <N>")]
        [Description("Instances run at once on this machine (--executor local). Default: <profile>.executor.jobs in params.yaml, else cores / model.threads.")]
        public int? Jobs { get; init; }

        [CommandOption("--executor <KIND>")]
        [Description("local (this machine) or slurm (one sbatch job per instance that must run). Default: <profile>.executor.kind, else local.")]
        public string? Executor { get; init; }

        [CommandOption("--wait")]
        [Description("With --executor slurm: follow the jobs (live table) until all end, then print the summary; Ctrl-C cancels them. Without it: submit and return (`mre status` follows them).")]
        public bool Wait { get; init; }

        [CommandOption("--as-job", IsHidden = true)]
        [Description("Run INSTANCE as one job of a concurrent run: write a lock fragment instead of dvc.lock, take no workspace lock.")]
        public bool AsJob { get; init; }

        [CommandOption("--isolate")]
        [Description("Start a process for every stage command, as DVC does. Without it, with one job, the stage verbs of dvc.yaml (`build/mre finetune ...`, not the report) run inside this process, which saves the start-up and native library load of each.")]
        public bool Isolate { get; init; }

        [CommandOption("--force")]
        [Description("Run even when unchanged.")]
        public bool Force { get; init; }

        [CommandOption("--result <FILE>")]
        [Description("Also write the outcome as JSON here (used by build.cake for its summary); with --all or --upstream a JSON array of outcomes.")]
        public string? Result { get; init; }

        public bool ManyInstances => All || Upstream || Jobs is not null || Executor is not null || Wait;

        public override Spectre.Console.ValidationResult Validate()
        {
            string? error = null;
            if (All && Instance.Length > 0)
            {
                error = "give either --all or an instance, not both.";
            }
            else if (!All && Instance.Length == 0)
            {
                error = "name an instance (e.g. finetune@SCNM-tli-42), or use --all.";
            }
            else if (Executor is not null and not "local" and not "slurm")
            {
                error = $"--executor must be local or slurm (got '{Executor}').";
            }
            else if (Jobs is < 1)
            {
                error = "--jobs must be at least 1.";
            }
            else if (AsJob && ManyInstances)
            {
                error = "--as-job runs one instance; it takes no executor options.";
            }
            return error is null ? Spectre.Console.ValidationResult.Success() : Spectre.Console.ValidationResult.Error(error);
        }
    }

    public override int Execute(CommandContext context, Settings settings, CancellationToken cancellationToken)
    {
        // Before anything can be interrupted: SIGINT/SIGTERM then stop the stage cleanly instead of ending this process.
        using var interruption = new Interruption();
        using var cancel = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken, interruption.Token);
        if (settings.ManyInstances)
        {
            return ReproRun.Execute(settings, cancel.Token);
        }
        if (settings.AsJob)
        {
            return ReproRun.ExecuteJob(settings, cancel.Token);
        }
        var stage = StageContext.Load(settings.Root, settings.Profile, settings.ParamsFile);
        var plan = ProfilePipeline.Load(stage);
        if (!plan.Graph.Instances.Any(i => i.Name == settings.Instance))
        {
            throw new StageException($"profile '{settings.Profile}' has no stage instance '{settings.Instance}'; `mre status --profile {settings.Profile}` lists them.");
        }
        var instance = plan.Graph[settings.Instance];
        // The same check as `mre plan`: a stage never runs on data that differs from data.dvc.
        DefaultCorpus.Ensure(stage.Root);
        using var workspaceLock = WorkspaceLock.Acquire(stage.Root);
        PendingWork.Settle(plan.Workspace, [.. plan.Graph.Instances.Select(i => i.Name)]);
        var runner = new StageRunner(plan.Workspace) { InProcess = settings.Isolate ? null : new InProcessVerbs() };
        var outcome = runner.Run(instance, settings.Force, cancel.Token);
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
