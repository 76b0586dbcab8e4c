using System.Runtime.InteropServices;
using MreRepro.Pipeline.Execution;
using MreRepro.Pipeline.Graph;
using MreRepro.Pipeline.Repro;
using MreRepro.Stages.Common;
using MreRepro.Stages.Definition;
using MreRepro.Stages.Engine;
using Spectre.Console;

namespace MreRepro.Cli.Commands;

/// <summary>
/// `mre repro --all`, `mre repro TARGET --upstream` and the executor options: picks the instances and the executor
/// (command line, then &lt;profile&gt;.executor in params.yaml, then local with cores / model.threads jobs), runs them
/// with a live display, and ends with the summary. Also the job side of a concurrent run (`--as-job`).
/// </summary>
internal static class ReproRun
{
    public static int Execute(ReproCommand.Settings settings, CancellationToken cancellationToken)
    {
        var stage = StageContext.Load(settings.Root, settings.Profile, settings.ParamsFile);
        var plan = ProfilePipeline.Load(stage);
        var defaults = ExecutorSettings.Read(Path.Combine(stage.Root, settings.ParamsFile), settings.Profile);
        var threads = Math.Max(1, stage.Parameters.Model.Threads);
        var kind = settings.Executor ?? defaults.Kind;
        var jobs = settings.Jobs ?? (defaults.Jobs > 0 ? defaults.Jobs : Math.Max(1, Environment.ProcessorCount / threads));
        var instances = Select(plan, settings);
        IExecutor executor = kind == "slurm"
            ? new SlurmExecutor(SlurmClient.Require(), JobSpec(stage, settings, defaults, threads), settings.Wait)
            : new LocalExecutor(jobs) { InProcess = settings.Isolate ? null : new InProcessVerbs() };

        using var workspaceLock = WorkspaceLock.Acquire(stage.Root);
        using var stop = new CancelOnSignal(cancellationToken);
        var board = new ExecutionBoard();
        // Times go where the report's run facts read them, before any dependant (the report) can start.
        board.Changed += view =>
        {
            if (view is { State: JobState.Finished, Outcome: { Kind: not OutcomeKind.NotRun } o })
            {
                StageTimes.Record(stage.Root, settings.Profile, o.Name, o.Kind.ToString().ToLowerInvariant(), o.Seconds);
            }
        };
        var request = new ExecutionRequest(plan.Workspace, plan.Graph, instances, settings.Force);
        var title = $"{settings.Profile} profile, {instances.Count} stage instances, {executor.Description}";
        var live = kind == "slurm" ? settings.Wait : jobs > 1;
        var result = RunDisplay.Run(board, title, live, () => executor.Run(request, board, stop.Token));

        if (result.Outcomes.Count > 0)
        {
            RunDisplay.PrintSummary(settings.Profile, result.Outcomes);
        }
        if (result.Queued.Count > 0)
        {
            RunDisplay.PrintQueued(settings.Profile, result.Queued);
        }
        if (settings.Result is not null)
        {
            JobResult.WriteAll(settings.Result, result.Outcomes);
        }
        return result.Outcomes.Any(o => o.Kind is OutcomeKind.Failed or OutcomeKind.NotRun) ? 1 : 0;
    }

    /// <summary>One instance as a job beside others (a Slurm job): no workspace lock, a lock fragment, a result file.</summary>
    public static int ExecuteJob(ReproCommand.Settings settings, CancellationToken cancellationToken)
    {
        var stage = StageContext.Load(settings.Root, settings.Profile, settings.ParamsFile);
        var plan = ProfilePipeline.Load(stage);
        var instance = plan.Graph[settings.Instance];
        using var stop = new CancelOnSignal(cancellationToken);
        StageOutcome outcome;
        try
        {
            var runner = new StageRunner(plan.Workspace)
            {
                Fragments = new LockFragments(plan.Workspace),
                InProcess = settings.Isolate ? null : new InProcessVerbs(),
            };
            outcome = runner.Run(instance, settings.Force, stop.Token);
        }
        catch (Exception e) when (UserError.IsUserError(e) || e is IOException)
        {
            outcome = new StageOutcome(instance.Name, OutcomeKind.Failed, 0, [UserError.Message(e)]);
        }
        StageTimes.Record(stage.Root, settings.Profile, instance.Name, outcome.Kind.ToString().ToLowerInvariant(), outcome.Seconds);
        if (settings.Result is not null)
        {
            JobResult.Write(settings.Result, outcome);
        }
        RunDisplay.PrintOutcome(outcome);
        return outcome.Kind == OutcomeKind.Failed ? 1 : 0;
    }

    /// <summary>
    /// Merges the lock fragments of jobs that finished since the last run (a Slurm submission without --wait) into the
    /// profile's lock, unless another run holds the workspace (it merges them itself).
    /// </summary>
    public static void MergeFinishedJobs(ProfilePipeline plan)
    {
        var fragments = new LockFragments(plan.Workspace);
        if (fragments.Pending().Count == 0)
        {
            return;
        }
        try
        {
            using var workspaceLock = WorkspaceLock.Acquire(plan.Context.Root);
            fragments.Merge([.. plan.Graph.Instances.Select(i => i.Name)]);
        }
        catch (MreRepro.Pipeline.PipelineException)
        {
            // Another run holds the workspace: it merges them.
        }
    }

    /// <summary>`mre status` after a Slurm run without --wait: the state of every job it submitted for this profile.</summary>
    public static void PrintSlurmJobs(ProfilePipeline plan)
    {
        var submission = SlurmSubmission.Load(plan.Workspace);
        if (submission is null || submission.LockFile != Path.GetRelativePath(plan.Workspace.Root, plan.Workspace.LockPath))
        {
            return;
        }
        if (!SlurmClient.Installed())
        {
            AnsiConsole.MarkupLine("[yellow]The last run submitted Slurm jobs; squeue is not available here to follow them.[/]");
            return;
        }
        RunDisplay.PrintJobs(SlurmExecutor.Follow(plan.Workspace, submission, new SlurmClient()));
    }

    /// <summary>The executor a plain run of the profile uses (what ./build.sh reads through `mre plan --json`).</summary>
    public static object DefaultExecutor(StageContext stage, string paramsFile)
    {
        var defaults = ExecutorSettings.Read(Path.Combine(stage.Root, paramsFile), stage.Profile);
        var threads = Math.Max(1, stage.Parameters.Model.Threads);
        return new { kind = defaults.Kind, jobs = defaults.Jobs > 0 ? defaults.Jobs : Math.Max(1, Environment.ProcessorCount / threads) };
    }

    private static IReadOnlyList<StageInstance> Select(ProfilePipeline plan, ReproCommand.Settings settings)
    {
        if (!settings.All)
        {
            return plan.Graph.Select(settings.Instance, withUpstream: settings.Upstream);
        }
        if (settings.Dataset is not { } dataset)
        {
            return plan.Graph.Instances;
        }
        if (!plan.Graph.Instances.Any(i => PipelineDefinition.DatasetOf(i) == dataset))
        {
            throw new StageException($"profile '{settings.Profile}' has no dataset '{dataset}' (datasets: {string.Join(", ", plan.Context.Parameters.Datasets.Keys)}).");
        }
        // As ./build.sh --dataset: that dataset's instances and the shared upstream ones, not the report.
        return plan.Graph.Instances.Where(i => PipelineDefinition.DatasetOf(i) == dataset
            || (PipelineDefinition.DatasetOf(i) is null && i.Template != "report")).ToList();
    }

    private static SlurmJobSpec JobSpec(StageContext stage, ReproCommand.Settings settings, ExecutorSettings defaults, int threads)
    {
        var root = stage.Root;
        var launcher = Path.Combine(root, "build", "mre");
        var mre = File.Exists(launcher)
            ? Quote(launcher)
            : $"{Quote(Environment.ProcessPath ?? "dotnet")} {Quote(Path.Combine(AppContext.BaseDirectory, "mre.dll"))}";
        var fallback = new ResourceRequest(Cpus: threads);
        return new SlurmJobSpec(
            (instance, result) => $"{mre} repro {Quote(instance.Name)} --profile {Quote(settings.Profile)} --params {Quote(settings.ParamsFile)} "
                                  + $"--root {Quote(root)} --as-job --result {Quote(result)}{(settings.Force ? " --force" : "")}",
            instance => defaults.For(instance.Template, fallback));
    }

    private static string Quote(string text) => "'" + text.Replace("'", "'\\''", StringComparison.Ordinal) + "'";

    /// <summary>Ctrl-C and SIGTERM cancel the run (running commands are stopped, Slurm jobs cancelled) instead of killing this process.</summary>
    private sealed class CancelOnSignal : IDisposable
    {
        private readonly CancellationTokenSource _source;
        private readonly PosixSignalRegistration _term;

        public CancelOnSignal(CancellationToken outer)
        {
            _source = CancellationTokenSource.CreateLinkedTokenSource(outer);
            Console.CancelKeyPress += OnCancelKey;
            _term = PosixSignalRegistration.Create(PosixSignal.SIGTERM, context =>
            {
                context.Cancel = true;
                _source.Cancel();
            });
        }

        public CancellationToken Token => _source.Token;

        public void Dispose()
        {
            Console.CancelKeyPress -= OnCancelKey;
            _term.Dispose();
            _source.Dispose();
        }

        private void OnCancelKey(object? sender, ConsoleCancelEventArgs e)
        {
            e.Cancel = true;
            _source.Cancel();
        }
    }
}
