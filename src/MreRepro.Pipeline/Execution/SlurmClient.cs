using System.Diagnostics;

namespace MreRepro.Pipeline.Execution;

/// <summary>A Slurm job as squeue (or sacct) reports it: JOBID, STATE (PENDING, RUNNING, COMPLETED, FAILED…) and REASON.</summary>
public sealed record SlurmJobState(string JobId, string State, string Reason)
{
    private static readonly HashSet<string> ActiveStates =
        ["PENDING", "CONFIGURING", "RUNNING", "COMPLETING", "SUSPENDED", "REQUEUED", "REQUEUE_FED", "REQUEUE_HOLD", "RESIZING", "STOPPED", "SIGNALING", "STAGE_OUT"];

    /// <summary>Queued or running: not ended yet.</summary>
    public bool Active => ActiveStates.Contains(State);

    public bool Pending => State is "PENDING" or "CONFIGURING" or "REQUEUED" or "REQUEUE_HOLD";
}

/// <summary>Slurm's client commands (sbatch, squeue, sacct, scancel), run as processes.</summary>
public sealed class SlurmClient
{
    /// <summary>Whether sbatch is on PATH.</summary>
    public static bool Installed() =>
        (Environment.GetEnvironmentVariable("PATH") ?? "").Split(':', StringSplitOptions.RemoveEmptyEntries)
            .Any(dir => File.Exists(Path.Combine(dir, "sbatch")));

    public static SlurmClient Require()
    {
        if (!Installed())
        {
            throw new PipelineException("--executor slurm needs Slurm's commands (sbatch, squeue, scancel) on PATH: run on the cluster's login node, "
                + "or start a one-node cluster on this machine with build/slurm-local.sh start (root, Debian's slurm packages).");
        }
        return new SlurmClient();
    }

    /// <summary>Submits a batch script; returns the job id.</summary>
    public string Submit(IEnumerable<string> options, string script)
    {
        var (code, stdout, stderr) = Run("sbatch", ["--parsable", .. options, script]);
        var id = stdout.Trim().Split(';')[0];
        if (code != 0 || id.Length == 0 || !id.All(char.IsAsciiDigit))
        {
            throw new PipelineException($"sbatch refused {Path.GetFileName(script)}: {FirstLine(stderr, stdout)}");
        }
        return id;
    }

    /// <summary>
    /// The state of each job Slurm still knows (finished jobs stay known for MinJobAge, 300 s by default; then sacct
    /// is asked, where accounting is on). Jobs it knows nothing of are absent from the answer.
    /// </summary>
    public IReadOnlyDictionary<string, SlurmJobState> Query(IReadOnlyCollection<string> jobIds)
    {
        var states = new Dictionary<string, SlurmJobState>(StringComparer.Ordinal);
        if (jobIds.Count == 0)
        {
            return states;
        }
        var (code, stdout, stderr) = Run("squeue", ["--noheader", "--states=all", "--jobs=" + string.Join(',', jobIds), "--format=%i|%T|%r"]);
        if (code != 0 && !stderr.Contains("Invalid job id", StringComparison.OrdinalIgnoreCase))
        {
            throw new PipelineException($"squeue failed: {FirstLine(stderr, stdout)}");
        }
        foreach (var parts in Rows(stdout))
        {
            states[parts[0]] = new SlurmJobState(parts[0], parts[1], parts.Length > 2 ? parts[2] : "");
        }
        var missing = jobIds.Where(id => !states.ContainsKey(id)).ToList();
        if (missing.Count > 0)
        {
            var (sacctCode, sacctOut, _) = Run("sacct", ["--noheader", "--parsable2", "--allocations", "--jobs=" + string.Join(',', missing), "--format=JobID,State,Reason"]);
            if (sacctCode == 0)
            {
                foreach (var parts in Rows(sacctOut).Where(p => missing.Contains(p[0])))
                {
                    // sacct writes "CANCELLED by 0"; the first word is the state.
                    states[parts[0]] = new SlurmJobState(parts[0], parts[1].Split(' ')[0], parts.Length > 2 ? parts[2] : "");
                }
            }
        }
        return states;
    }

    public void Cancel(IReadOnlyCollection<string> jobIds)
    {
        if (jobIds.Count > 0)
        {
            Run("scancel", [.. jobIds]);
        }
    }

    private static IEnumerable<string[]> Rows(string text) =>
        text.Split('\n', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries)
            .Select(l => l.Split('|')).Where(p => p.Length >= 2);

    private static string FirstLine(string stderr, string stdout) =>
        (stderr.Trim().Length > 0 ? stderr : stdout).Trim().Split('\n')[0];

    private static (int Code, string Stdout, string Stderr) Run(string command, IReadOnlyList<string> args)
    {
        var start = new ProcessStartInfo(command) { RedirectStandardOutput = true, RedirectStandardError = true, UseShellExecute = false };
        foreach (var a in args)
        {
            start.ArgumentList.Add(a);
        }
        try
        {
            using var process = Process.Start(start) ?? throw new PipelineException($"could not start {command}");
            var stderr = process.StandardError.ReadToEndAsync();
            var stdout = process.StandardOutput.ReadToEnd();
            process.WaitForExit();
            return (process.ExitCode, stdout, stderr.GetAwaiter().GetResult());
        }
        catch (System.ComponentModel.Win32Exception e)
        {
            throw new PipelineException($"{command} could not be started ({e.Message}); is Slurm's client installed (slurm-client)?");
        }
    }
}
