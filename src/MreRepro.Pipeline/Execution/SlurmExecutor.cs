using System.Globalization;
using MreRepro.Files;
using MreRepro.Pipeline.Graph;
using MreRepro.Pipeline.Repro;

namespace MreRepro.Pipeline.Execution;

/// <summary>How a Slurm job runs one instance through the engine, and what it asks for.</summary>
/// <param name="Command">The shell command a job runs for an instance, given the result file it must write (e.g.
/// `build/mre repro finetune@SCNM-tli --profile default --as-job --result …`).</param>
/// <param name="Resources">The sbatch request for an instance.</param>
public sealed record SlurmJobSpec(Func<StageInstance, string, string> Command, Func<StageInstance, ResourceRequest> Resources);

/// <summary>
/// Submits every instance that must run as a Slurm batch job (job name = instance name, --chdir the workspace, log
/// .dvc/tmp/slurm/&lt;instance&gt;.log, --dependency=afterok on the jobs of its upstream instances, so a failed job
/// cancels its dependants), then, with wait, follows them with squeue until all have ended, merging each finished
/// job's lock fragment into dvc.lock. Unchanged instances whose upstream does not run are skipped without a job.
/// Cancelling while waiting cancels (scancel) the jobs this run submitted. The workspace must be on a filesystem
/// every node sees.
/// </summary>
public sealed class SlurmExecutor(SlurmClient slurm, SlurmJobSpec spec, bool wait, TimeSpan? pollInterval = null) : IExecutor
{
    private readonly TimeSpan _poll = pollInterval ?? TimeSpan.FromSeconds(2);

    /// <summary>How long a job that Slurm reports ended may take to show its result file (network filesystem caches).</summary>
    public static readonly TimeSpan ResultGrace = TimeSpan.FromSeconds(20);

    public string Description => wait ? "slurm, following the jobs" : "slurm, submit only";

    public static string LogPath(Workspace workspace, string instance) =>
        Path.Combine(SlurmSubmission.Folder(workspace), FileNames.Safe(instance) + ".log");

    public static string ResultPath(Workspace workspace, string instance) =>
        Path.Combine(SlurmSubmission.Folder(workspace), FileNames.Safe(instance) + ".result.json");

    public ExecutionResult Run(ExecutionRequest request, ExecutionBoard board, CancellationToken cancel)
    {
        var workspace = request.Workspace;
        PendingWork.Settle(workspace, request.RunOrder);
        board.Add(request.Instances.Select(i => i.Name));
        var outcomes = new Dictionary<string, StageOutcome>(StringComparer.Ordinal);
        var jobs = Submit(request, board, outcomes, cancel);
        if (!wait || jobs.Count == 0)
        {
            return new ExecutionResult(request.Instances.Where(i => outcomes.ContainsKey(i.Name)).Select(i => outcomes[i.Name]).ToList(), jobs.Values.ToList());
        }
        Follow(request, board, jobs, outcomes, cancel);
        SlurmSubmission.Forget(workspace);
        return new ExecutionResult(request.Instances.Select(i => outcomes[i.Name]).ToList(), []);
    }

    private Dictionary<string, SubmittedJob> Submit(ExecutionRequest request, ExecutionBoard board, Dictionary<string, StageOutcome> outcomes, CancellationToken cancel)
    {
        var workspace = request.Workspace;
        var runner = new StageRunner(workspace);
        var lockFile = workspace.LoadLock();
        var jobs = new Dictionary<string, SubmittedJob>(StringComparer.Ordinal);
        var submission = new SlurmSubmission(Path.GetRelativePath(workspace.Root, workspace.LockPath), DateTime.UtcNow, []);
        try
        {
            foreach (var instance in request.Instances)
            {
                var blocked = LocalExecutor.Blocked(request, instance, outcomes, cancel);
                if (blocked is not null)
                {
                    outcomes[instance.Name] = blocked;
                    board.Finished(blocked);
                    continue;
                }
                var upstreamJobs = request.Graph.Upstream(instance.Name).Where(jobs.ContainsKey).Select(u => jobs[u].JobId).ToList();
                if (!request.Force && upstreamJobs.Count == 0 && !runner.Status(instance, lockFile).Changed)
                {
                    var skipped = new StageOutcome(instance.Name, OutcomeKind.Skipped, 0, ["unchanged"]);
                    outcomes[instance.Name] = skipped;
                    board.Finished(skipped);
                    continue;
                }
                var job = SubmitOne(workspace, instance, upstreamJobs);
                jobs[instance.Name] = job;
                submission = submission with { Jobs = [.. submission.Jobs, job] };
                submission.Save(workspace);
                board.Update(instance.Name, v => v with { State = JobState.Queued, JobId = job.JobId, LogPath = job.LogPath, SchedulerState = "submitted" });
            }
        }
        catch (PipelineException)
        {
            // Half a submission would run without its dependants: take back what was submitted.
            slurm.Cancel(jobs.Values.Select(j => j.JobId).ToList());
            throw;
        }
        return jobs;
    }

    private SubmittedJob SubmitOne(Workspace workspace, StageInstance instance, IReadOnlyList<string> upstreamJobs)
    {
        var log = LogPath(workspace, instance.Name);
        var result = ResultPath(workspace, instance.Name);
        if (File.Exists(result))
        {
            File.Delete(result);
        }
        var script = Path.Combine(SlurmSubmission.Folder(workspace), FileNames.Safe(instance.Name) + ".sh");
        AtomicFile.WriteAllText(script, $"""
            #!/bin/sh
            # Stage instance {instance.Name}, submitted by the mre engine; runs it through the engine (cache, lock fragment).
            cd {Quote(workspace.Root)} || exit 1
            exec {spec.Command(instance, result)}

            """);
        var options = new List<string>
        {
            "--job-name=" + instance.Name,
            "--chdir=" + workspace.Root,
            "--output=" + log,
            "--kill-on-invalid-dep=yes",
        };
        if (upstreamJobs.Count > 0)
        {
            options.Add("--dependency=afterok:" + string.Join(':', upstreamJobs));
        }
        options.AddRange(spec.Resources(instance).SbatchOptions());
        return new SubmittedJob(instance.Name, slurm.Submit(options, script), log, result);
    }

    private void Follow(ExecutionRequest request, ExecutionBoard board, Dictionary<string, SubmittedJob> jobs,
        Dictionary<string, StageOutcome> outcomes, CancellationToken cancel)
    {
        var open = request.Instances.Where(i => jobs.ContainsKey(i.Name)).Select(i => jobs[i.Name]).ToList();
        var endedAt = new Dictionary<string, DateTime>(StringComparer.Ordinal);
        var cancelled = false;
        while (open.Count > 0)
        {
            if (cancel.IsCancellationRequested && !cancelled)
            {
                slurm.Cancel(open.Select(j => j.JobId).ToList());
                cancelled = true;
            }
            var states = slurm.Query(open.Select(j => j.JobId).ToList());
            var settled = new List<StageOutcome>();
            foreach (var job in open.ToList())
            {
                var view = board.Snapshot().First(v => v.Instance == job.Instance);
                var outcome = Settle(request, job, states.GetValueOrDefault(job.JobId), view, endedAt, outcomes, cancelled, board);
                if (outcome is not null)
                {
                    outcomes[job.Instance] = outcome;
                    open.Remove(job);
                    settled.Add(outcome);
                }
            }
            if (settled.Count > 0)
            {
                new LockFragments(request.Workspace).Merge(request.RunOrder);
                settled.ForEach(board.Finished);
            }
            if (open.Count > 0)
            {
                // Ctrl-C wakes the wait; afterwards keep polling until the cancelled jobs have ended.
                if (cancelled)
                {
                    Thread.Sleep(_poll);
                }
                else
                {
                    cancel.WaitHandle.WaitOne(_poll);
                }
            }
        }
    }

    // The outcome of a job that has ended, or null while it is queued or running (the board is updated).
    private static StageOutcome? Settle(ExecutionRequest request, SubmittedJob job, SlurmJobState? state, JobView view,
        Dictionary<string, DateTime> endedAt, IReadOnlyDictionary<string, StageOutcome> outcomes, bool cancelled, ExecutionBoard board)
    {
        if (JobResult.Read(job.ResultPath, job.Instance) is { } result)
        {
            return result.Kind == OutcomeKind.Failed ? WithLog(result, job) : result;
        }
        if (state is { Active: true })
        {
            board.Update(job.Instance, v => state.Pending
                ? v with { State = JobState.Queued, SchedulerState = Describe(state) }
                : v with { State = JobState.Running, SchedulerState = state.State, StartedUtc = v.StartedUtc ?? DateTime.UtcNow });
            return null;
        }
        if (state is { Reason: "DependencyNeverSatisfied" })
        {
            var failed = request.Graph.Upstream(job.Instance)
                .Where(u => outcomes.TryGetValue(u, out var o) && o.Kind is OutcomeKind.Failed or OutcomeKind.NotRun).ToList();
            return new StageOutcome(job.Instance, OutcomeKind.NotRun, 0,
                [$"not run: upstream {(failed.Count > 0 ? string.Join(", ", failed) : "job")} did not complete (Slurm cancelled job {job.JobId}: afterok never satisfied)"]);
        }
        if (cancelled && (state is null || state.State == "CANCELLED"))
        {
            return view.State == JobState.Running
                ? new StageOutcome(job.Instance, OutcomeKind.Failed, 0, [$"cancelled: job {job.JobId} was stopped (scancel); the next run puts the previous outputs back"])
                : new StageOutcome(job.Instance, OutcomeKind.NotRun, 0, [$"not run: job {job.JobId} was cancelled (scancel) before it started"]);
        }
        // Ended (or forgotten) without a result file: give a network filesystem time to show it, then say why.
        if (!endedAt.TryGetValue(job.JobId, out var first))
        {
            endedAt[job.JobId] = first = DateTime.UtcNow;
        }
        if (DateTime.UtcNow - first < ResultGrace)
        {
            return null;
        }
        var how = state is null ? "left the queue" : $"ended {Describe(state)}";
        return WithLog(new StageOutcome(job.Instance, OutcomeKind.Failed, 0, [$"job {job.JobId} {how} without writing its result"]), job);
    }

    private static string Describe(SlurmJobState state) =>
        string.IsNullOrEmpty(state.Reason) || state.Reason == "None" ? state.State : $"{state.State} ({state.Reason})";

    private static StageOutcome WithLog(StageOutcome outcome, SubmittedJob job)
    {
        var why = JobLog.Why(job.LogPath);
        var where = $"job {job.JobId}, log {job.LogPath}";
        return outcome with { Reasons = [.. outcome.Reasons, why is null ? where : $"{why} ({where})"] };
    }

    private static string Quote(string text) => "'" + text.Replace("'", "'\\''", StringComparison.Ordinal) + "'";

    /// <summary>The state of each job of a submission, as `mre status` shows it after a run without --wait.</summary>
    public static IReadOnlyList<JobView> Follow(Workspace workspace, SlurmSubmission submission, SlurmClient slurm)
    {
        var states = slurm.Query(submission.Jobs.Where(j => !File.Exists(j.ResultPath)).Select(j => j.JobId).ToList());
        return submission.Jobs.Select(job =>
        {
            if (JobResult.Read(job.ResultPath, job.Instance) is { } result)
            {
                return new JobView(job.Instance, JobState.Finished, job.JobId, "done", null, job.LogPath,
                    result.Kind == OutcomeKind.Failed ? WithLog(result, job) : result);
            }
            var state = states.GetValueOrDefault(job.JobId);
            return state switch
            {
                { Pending: true } => new JobView(job.Instance, JobState.Queued, job.JobId, Describe(state), null, job.LogPath),
                { Active: true } => new JobView(job.Instance, JobState.Running, job.JobId, state.State, null, job.LogPath),
                { Reason: "DependencyNeverSatisfied" } => new JobView(job.Instance, JobState.Finished, job.JobId, Describe(state), null, job.LogPath,
                    new StageOutcome(job.Instance, OutcomeKind.NotRun, 0, ["not run: an upstream job failed"])),
                _ => new JobView(job.Instance, JobState.Finished, job.JobId, state is null ? "gone" : Describe(state), null, job.LogPath,
                    WithLog(new StageOutcome(job.Instance, OutcomeKind.Failed, 0, [$"job {job.JobId} ended without writing its result"]), job)),
            };
        }).ToList();
    }
}
