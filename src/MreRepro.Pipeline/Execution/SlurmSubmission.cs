using System.Text.Json;
using MreRepro.Files;
using MreRepro.Pipeline.Repro;

namespace MreRepro.Pipeline.Execution;

/// <summary>One stage instance handed to Slurm: its job id, log and result file.</summary>
public sealed record SubmittedJob(string Instance, string JobId, string LogPath, string ResultPath);

/// <summary>
/// The jobs the last Slurm run of a workspace submitted (.dvc/tmp/slurm/submission.json), so that `mre status` can
/// follow them after a run without --wait, and so that no run starts in the workspace while they are queued or
/// running (it would race with them on outputs).
/// </summary>
public sealed record SlurmSubmission(string LockFile, DateTime SubmittedUtc, IReadOnlyList<SubmittedJob> Jobs)
{
    public static string Folder(Workspace workspace) => Path.Combine(workspace.TempDir, "slurm");

    public static string PathFor(Workspace workspace) => Path.Combine(Folder(workspace), "submission.json");

    public static SlurmSubmission? Load(Workspace workspace)
    {
        var path = PathFor(workspace);
        if (!File.Exists(path))
        {
            return null;
        }
        try
        {
            return JsonSerializer.Deserialize<SlurmSubmission>(File.ReadAllText(path));
        }
        catch (JsonException)
        {
            return null;   // a damaged record only loses the follow-up table
        }
    }

    public void Save(Workspace workspace) => AtomicFile.WriteAllText(PathFor(workspace), JsonSerializer.Serialize(this));

    /// <summary>Forgets the submission once none of its jobs can still run (they were followed to the end, or have ended since).</summary>
    public static void Forget(Workspace workspace)
    {
        if (File.Exists(PathFor(workspace)))
        {
            File.Delete(PathFor(workspace));
        }
    }

    /// <summary>The jobs without a result file that Slurm still lists as queued or running.</summary>
    public IReadOnlyList<(SubmittedJob Job, SlurmJobState State)> Active(SlurmClient slurm)
    {
        var open = Jobs.Where(j => !File.Exists(j.ResultPath)).ToList();
        if (open.Count == 0)
        {
            return [];
        }
        var states = slurm.Query(open.Select(j => j.JobId).ToList());
        return open.Where(j => states.TryGetValue(j.JobId, out var s) && s.Active).Select(j => (j, states[j.JobId])).ToList();
    }
}

/// <summary>What every run does first: refuse while Slurm jobs of an earlier submission are still at work, and merge the
/// lock fragments that finished jobs left.</summary>
public static class PendingWork
{
    public static void Settle(Workspace workspace, IReadOnlyList<string> runOrder)
    {
        var submission = SlurmSubmission.Load(workspace);
        if (submission is not null && submission.Jobs.Any(j => !File.Exists(j.ResultPath)))
        {
            if (!SlurmClient.Installed())
            {
                throw new PipelineException($"{Path.GetRelativePath(workspace.Root, SlurmSubmission.PathFor(workspace))} lists Slurm jobs that have not reported, "
                    + "and squeue is not available here to check them: run on the cluster's login node, or delete that file if those jobs are gone.");
            }
            var active = submission.Active(new SlurmClient());
            if (active.Count > 0)
            {
                var ids = string.Join(' ', active.Select(a => a.Job.JobId));
                throw new PipelineException($"{active.Count} Slurm job(s) of an earlier submission are still queued or running (job ids {ids}); "
                    + $"`mre status` follows them; wait for them, or cancel them with `scancel {ids}`, then run again.");
            }
        }
        if (submission is not null)
        {
            SlurmSubmission.Forget(workspace);
        }
        new LockFragments(workspace).Merge(runOrder);
    }
}
