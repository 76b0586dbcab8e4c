using MreRepro.Pipeline.Repro;

namespace MreRepro.Pipeline.Execution;

/// <summary>Where an instance stands in a run.</summary>
public enum JobState
{
    /// <summary>Waiting for its upstream instances (local), or not handed to the scheduler yet.</summary>
    Waiting,
    /// <summary>Submitted to Slurm and not started (pending: its dependencies, or resources).</summary>
    Queued,
    Running,
    /// <summary>Settled: see <see cref="JobView.Outcome"/>.</summary>
    Finished,
}

/// <summary>One instance of a run as a display shows it.</summary>
public sealed record JobView(string Instance, JobState State, string? JobId = null, string? SchedulerState = null,
    DateTime? StartedUtc = null, string? LogPath = null, StageOutcome? Outcome = null);

/// <summary>
/// The live state of every instance of a run, written by an executor's threads and read by a display (a Spectre
/// live table, or one line per change where the console is not interactive). Thread-safe.
/// </summary>
public sealed class ExecutionBoard
{
    private readonly object _gate = new();
    private readonly List<string> _order = [];
    private readonly Dictionary<string, JobView> _jobs = new(StringComparer.Ordinal);
    private int _running;

    /// <summary>Called after every change, on the thread that made it.</summary>
    public event Action<JobView>? Changed;

    /// <summary>The most instances that ran at the same moment during this run.</summary>
    public int MaxRunning { get; private set; }

    public void Add(IEnumerable<string> instances)
    {
        lock (_gate)
        {
            foreach (var name in instances.Where(n => !_jobs.ContainsKey(n)))
            {
                _order.Add(name);
                _jobs[name] = new JobView(name, JobState.Waiting);
            }
        }
    }

    public void Update(string instance, Func<JobView, JobView> change)
    {
        JobView next;
        lock (_gate)
        {
            var previous = _jobs.TryGetValue(instance, out var known) ? known : new JobView(instance, JobState.Waiting);
            if (!_jobs.ContainsKey(instance))
            {
                _order.Add(instance);
            }
            next = change(previous);
            if (next.State == JobState.Running && previous.State != JobState.Running)
            {
                _running++;
                MaxRunning = Math.Max(MaxRunning, _running);
            }
            else if (next.State != JobState.Running && previous.State == JobState.Running)
            {
                _running--;
            }
            _jobs[instance] = next;
        }
        Changed?.Invoke(next);
    }

    public void Running(string instance, string? logPath = null, string? jobId = null, string? schedulerState = null) =>
        Update(instance, j => j with
        {
            State = JobState.Running, StartedUtc = j.StartedUtc ?? DateTime.UtcNow, LogPath = logPath ?? j.LogPath,
            JobId = jobId ?? j.JobId, SchedulerState = schedulerState ?? j.SchedulerState,
        });

    public void Finished(StageOutcome outcome) =>
        Update(outcome.Name, j => j with { State = JobState.Finished, Outcome = outcome });

    public IReadOnlyList<JobView> Snapshot()
    {
        lock (_gate)
        {
            return _order.Select(n => _jobs[n]).ToList();
        }
    }
}
