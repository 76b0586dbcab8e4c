using MreRepro.Pipeline.Graph;
using MreRepro.Pipeline.Repro;

namespace MreRepro.Pipeline.Execution;

/// <summary>
/// Runs instances on this machine. One job: one instance after another, each command's output on the console, each
/// dvc.lock entry written as it completes (what the engine always did). N jobs: every instance starts as soon as its
/// upstream instances are done and fewer than N run; each job has its own engine state, writes its command's output
/// to .dvc/tmp/logs/&lt;instance&gt;.log and its dvc.lock entry to a lock fragment, which this (coordinating) thread
/// merges into dvc.lock as each job ends, so no entry is lost whatever order they finish in.
/// With one job, commands that <see cref="InProcess"/> takes run inside this process. Several jobs keep a process per
/// command: concurrent commands in one process would share its environment and LibTorch's process-wide thread setting.
/// </summary>
public sealed class LocalExecutor(int jobs) : IExecutor
{
    public int Jobs { get; } = Math.Max(1, jobs);

    public string Description => Jobs == 1 ? "local, 1 job" : $"local, {Jobs} jobs";

    /// <summary>With one job: the commands to run inside this process (the CLI's own verbs); null runs every command in a process.</summary>
    public IInProcessCommands? InProcess { get; init; }

    /// <summary>
    /// What a command that runs beside others gets in its environment. OpenMP runtimes (GNU libgomp, which LibTorch and
    /// OpenBLAS use) let idle worker threads spin for a while between parallel regions; two processes that each spin on
    /// the same cores steal each other's time. On the smoke profile with 2 jobs of 2 threads on 2 cores:
    /// 6 min 49 s spinning, 1 min 31 s passive (README, Measured figures). A user's own OMP_WAIT_POLICY is kept.
    /// </summary>
    public static IReadOnlyDictionary<string, string> ConcurrentEnvironment { get; } = new Dictionary<string, string>
    {
        ["OMP_WAIT_POLICY"] = "PASSIVE",
    };

    /// <summary>Where a concurrent job's command writes its output.</summary>
    public static string LogPath(Workspace workspace, string instance) =>
        Path.Combine(workspace.TempDir, "logs", FileNames.Safe(instance) + ".log");

    public ExecutionResult Run(ExecutionRequest request, ExecutionBoard board, CancellationToken cancel)
    {
        PendingWork.Settle(request.Workspace, request.RunOrder);
        board.Add(request.Instances.Select(i => i.Name));
        var outcomes = Jobs == 1 ? Sequential(request, board, cancel) : Concurrent(request, board, cancel);
        return new ExecutionResult(request.Instances.Select(i => outcomes[i.Name]).ToList(), []);
    }

    private Dictionary<string, StageOutcome> Sequential(ExecutionRequest request, ExecutionBoard board, CancellationToken cancel)
    {
        var runner = new StageRunner(request.Workspace) { InProcess = InProcess };
        var outcomes = new Dictionary<string, StageOutcome>(StringComparer.Ordinal);
        foreach (var instance in request.Instances)
        {
            var outcome = Blocked(request, instance, outcomes, cancel);
            if (outcome is null)
            {
                board.Running(instance.Name);
                outcome = Guarded(instance, () => runner.Run(instance, request.Force, cancel));
            }
            outcomes[instance.Name] = outcome;
            board.Finished(outcome);
        }
        return outcomes;
    }

    private Dictionary<string, StageOutcome> Concurrent(ExecutionRequest request, ExecutionBoard board, CancellationToken cancel)
    {
        var fragments = new LockFragments(request.Workspace);
        var workspace = request.Workspace;
        // One engine per job slot: a StageRunner's hash state is not shared between threads.
        var idle = new Stack<StageRunner>(Enumerable.Range(0, Jobs).Select(_ => new StageRunner(Sibling(workspace))
        {
            Fragments = fragments,
            LogFile = i => LogPath(workspace, i.Name),
            DefaultEnvironment = ConcurrentEnvironment,
        }));
        var outcomes = new Dictionary<string, StageOutcome>(StringComparer.Ordinal);
        var pending = request.Instances.ToList();
        var priority = Priorities(request);
        var running = new Dictionary<Task<StageOutcome>, (StageInstance Instance, StageRunner Runner)>();
        while (true)
        {
            // In run order, so that "not run" passes down a whole chain at once.
            foreach (var instance in pending.ToList())
            {
                if (Blocked(request, instance, outcomes, cancel) is { } blocked)
                {
                    outcomes[instance.Name] = blocked;
                    board.Finished(blocked);
                    pending.Remove(instance);
                }
            }
            foreach (var instance in pending.Where(i => UpstreamDone(request, i, outcomes)).OrderBy(i => priority[i.Name]).Take(idle.Count).ToList())
            {
                var runner = idle.Pop();
                board.Running(instance.Name, LogPath(workspace, instance.Name));
                var task = Task.Run(() => Guarded(instance, () => runner.Run(instance, request.Force, cancel)));
                running[task] = (instance, runner);
                pending.Remove(instance);
            }
            if (running.Count == 0)
            {
                break;
            }
            var done = Task.WhenAny(running.Keys).GetAwaiter().GetResult();
            var (finished, freed) = running[done];
            running.Remove(done);
            idle.Push(freed);
            fragments.Merge(request.RunOrder);
            outcomes[finished.Name] = done.Result;
            board.Finished(done.Result);
        }
        // Topological order guarantees progress; anything left would be a bug, reported rather than lost.
        foreach (var instance in pending)
        {
            outcomes[instance.Name] = new StageOutcome(instance.Name, OutcomeKind.NotRun, 0, ["not run: its upstream never finished"]);
            board.Finished(outcomes[instance.Name]);
        }
        return outcomes;
    }

    // Among ready instances, those with more instances downstream first (t5pretrain before a finetune: it unblocks five
    // instances, not three), so that every branch keeps moving; then run order.
    private static Dictionary<string, int> Priorities(ExecutionRequest request)
    {
        var descendants = new Dictionary<string, HashSet<string>>(StringComparer.Ordinal);
        foreach (var instance in request.Graph.Instances.Reverse())
        {
            var below = new HashSet<string>(StringComparer.Ordinal);
            foreach (var down in request.Graph.Downstream(instance.Name))
            {
                below.Add(down);
                below.UnionWith(descendants[down]);
            }
            descendants[instance.Name] = below;
        }
        return request.Instances
            .Select((instance, index) => (instance.Name, index, Below: descendants[instance.Name].Count(request.Selected.Contains)))
            .OrderByDescending(p => p.Below).ThenBy(p => p.index)
            .Select((p, rank) => (p.Name, rank))
            .ToDictionary(p => p.Name, p => p.rank, StringComparer.Ordinal);
    }

    /// <summary>A NotRun outcome when an upstream instance of this run failed (or the run was cancelled), else null.</summary>
    internal static StageOutcome? Blocked(ExecutionRequest request, StageInstance instance, IReadOnlyDictionary<string, StageOutcome> outcomes, CancellationToken cancel)
    {
        var failed = request.Graph.Upstream(instance.Name)
            .Where(u => outcomes.TryGetValue(u, out var o) && o.Kind is OutcomeKind.Failed or OutcomeKind.NotRun).ToList();
        if (failed.Count > 0)
        {
            return new StageOutcome(instance.Name, OutcomeKind.NotRun, 0, [$"not run: upstream {string.Join(", ", failed)} did not complete"]);
        }
        return cancel.IsCancellationRequested
            ? new StageOutcome(instance.Name, OutcomeKind.NotRun, 0, ["not run: the run was cancelled first"])
            : null;
    }

    // Upstream instances outside this run's selection count as done (their outputs are what they are).
    private static bool UpstreamDone(ExecutionRequest request, StageInstance instance, IReadOnlyDictionary<string, StageOutcome> outcomes)
    {
        return request.Graph.Upstream(instance.Name).All(u => !request.Selected.Contains(u) || outcomes.ContainsKey(u));
    }

    // An engine error (a cache object missing, a parameters file that no longer parses) fails this instance only.
    private static StageOutcome Guarded(StageInstance instance, Func<StageOutcome> run)
    {
        try
        {
            return run();
        }
        catch (Exception e) when (e is PipelineException or IOException or UnauthorizedAccessException)
        {
            return new StageOutcome(instance.Name, OutcomeKind.Failed, 0, [e.Message]);
        }
    }

    private static Workspace Sibling(Workspace workspace) =>
        new(workspace.Root, Path.GetRelativePath(workspace.Root, workspace.LockPath), workspace.ParamsFileName);
}
