// The typed state shared by every task of one ./build.sh run: the plan from `mre plan`, the workspace
// lock, the `mre` child running now (to pass SIGINT/SIGTERM on to it), and what each stage instance did.
using System.Diagnostics;
using System.Runtime.InteropServices;
using System.Text.Json;

/// <summary>One stage instance as `mre plan --json` describes it.</summary>
public sealed class PlannedInstance
{
    public string Name { get; set; } = "";
    public string Stage { get; set; } = "";
    public string Dataset { get; set; } = "";
    public string Description { get; set; } = "";
    public List<string> Upstream { get; set; } = new();
    public bool Changed { get; set; }
    public List<string> Reasons { get; set; } = new();
}

/// <summary>The executor params.yaml gives the profile (kind local or slurm, jobs), as `mre plan --json` resolves it.</summary>
public sealed class PlanExecutor
{
    public string Kind { get; set; } = "local";
    public int Jobs { get; set; } = 1;
}

/// <summary>The stage graph of one profile, with the change status of every instance.</summary>
public sealed class StagePlan
{
    public string Profile { get; set; } = "";
    public PlanExecutor Executor { get; set; } = new();
    public List<PlannedInstance> Instances { get; set; } = new();
}

/// <summary>What happened to one stage instance in this run.</summary>
public sealed record InstanceResult(string Name, string Outcome, double Seconds, string Detail);

/// <summary>Run-wide state: options, plan, lock, the running child, results.</summary>
public sealed class PipelineContext
{
    private readonly object _gate = new();
    private readonly PosixSignalRegistration[] _signals;
    private WorkspaceLock? _lock;
    private Process? _child;

    public PipelineContext(ICakeContext cake, BuildOptions options)
    {
        Cake = cake;
        Options = options;
        // A signal must never end Cake while an `mre` child (and its stage command) still runs.
        _signals = new[] { PosixSignal.SIGINT, PosixSignal.SIGTERM }.Select(s => PosixSignalRegistration.Create(s, OnSignal)).ToArray();
    }

    public ICakeContext Cake { get; }
    public BuildOptions Options { get; }
    public StagePlan Plan { get; private set; } = new();
    /// <summary>Every task Cake registered (for the Graph target, which a test compares with dvc.yaml).</summary>
    public IReadOnlyList<ICakeTaskInfo> RegisteredTasks { get; set; } = Array.Empty<ICakeTaskInfo>();
    /// <summary>What each stage instance did in this run (only this run: never read back from an older one).</summary>
    public List<InstanceResult> Results { get; } = new();
    public HashSet<string> RanThisSession { get; } = new(StringComparer.Ordinal);
    public string ResultsDir => System.IO.Path.Combine(Options.RepositoryRoot, ".dvc", "tmp", "results");
    /// <summary>The first SIGINT or SIGTERM received, if any.</summary>
    public PosixSignal? Interrupted { get; private set; }
    /// <summary>The stage instance running when the signal came.</summary>
    public string? InterruptedDuring { get; set; }
    public string ExecutorKind => Options.Executor ?? Plan.Executor.Kind;
    public int Jobs => Options.Jobs ?? Plan.Executor.Jobs;
    /// <summary>
    /// The Default target: one `mre repro --all` runs the whole plan (the per-instance tasks stay registered, with the
    /// same dependencies, and skip), so the engine starts once instead of once per instance (about 2 s each: .NET,
    /// LibTorch, the plan). A single-instance target (`--target=finetune@SCNM-tli-42`) runs as its own Cake task.
    /// </summary>
    public bool HandsOver => Options.Target.Equals("Default", StringComparison.OrdinalIgnoreCase);

    /// <summary>Environment for child processes: they must not try to take the lock this run holds.</summary>
    public IDictionary<string, string> ChildEnvironment => new Dictionary<string, string>
    {
        ["MRE_WORKSPACE_LOCK_HELD"] = _lock is null ? "0" : "1",
        ["DOTNET_NOLOGO"] = "1",
    };

    public PipelineContext Open() => this;

    /// <summary>Takes the workspace lock, then asks the CLI for the plan of this profile.</summary>
    public void LoadPlan()
    {
        _lock = WorkspaceLock.Acquire(Options.RepositoryRoot);
        var args = new List<string> { "plan", "--profile", Options.Profile, "--json" };
        if (Options.Dataset.Length > 0) { args.Add("--dataset"); args.Add(Options.Dataset); }
        if (Options.Force) { args.Add("--force"); }
        var (code, stdout) = RunMre(args, capture: true);
        ExitIfInterrupted();
        if (code != 0)
        {
            // mre prints its error on stdout, which was captured: pass it on.
            throw new CakeException($"`mre {string.Join(' ', args)}` failed with exit code {code}:\n{stdout.Trim()}");
        }
        Plan = JsonSerializer.Deserialize<StagePlan>(stdout, new JsonSerializerOptions { PropertyNameCaseInsensitive = true })
            ?? throw new CakeException("`mre plan` printed no plan.");
    }

    /// <summary>Dry run: the same listing `mre status` prints, then stop.</summary>
    public void PrintPlan()
    {
        var args = new List<string> { "status", "--profile", Options.Profile };
        if (Options.Dataset.Length > 0) { args.Add("--dataset"); args.Add(Options.Dataset); }
        if (Options.Force) { args.Add("--force"); }
        RunMre(args, capture: false);
    }

    /// <summary>
    /// Runs build/mre and waits for it. A signal received meanwhile is passed on to it (it stops its stage command and
    /// puts the previous outputs back), and this run keeps the lock until it has exited.
    /// </summary>
    public (int Code, string Stdout) RunMre(IEnumerable<string> args, bool capture)
    {
        var start = new ProcessStartInfo(System.IO.Path.Combine(Options.RepositoryRoot, "build", "mre"))
        {
            WorkingDirectory = Options.RepositoryRoot,
            UseShellExecute = false,
            RedirectStandardOutput = capture,
        };
        foreach (var a in args) { start.ArgumentList.Add(a); }
        foreach (var (key, value) in ChildEnvironment) { start.Environment[key] = value; }
        Process child;
        lock (_gate)
        {
            if (Interrupted is not null)
            {
                return (ExitCode, "");
            }
            child = Process.Start(start) ?? throw new CakeException($"could not start {start.FileName}");
            _child = child;
        }
        var stdout = capture ? child.StandardOutput.ReadToEnd() : "";
        child.WaitForExit();
        lock (_gate)
        {
            _child = null;
        }
        var code = child.ExitCode;
        child.Dispose();
        return (code, stdout);
    }

    private int ExitCode => Interrupted == PosixSignal.SIGTERM ? 143 : 130;

    // Only a pipeline run (it holds the lock) stops cleanly; Build, Test and Help end as any process would.
    private void OnSignal(PosixSignalContext signal)
    {
        lock (_gate)
        {
            if (_lock is null)
            {
                return;
            }
            signal.Cancel = true;
            Interrupted ??= signal.Signal;
            if (_child is { } child && !child.HasExited)
            {
                Native.kill(child.Id, signal.Signal == PosixSignal.SIGTERM ? Native.SIGTERM : Native.SIGINT);
            }
        }
    }

    /// <summary>After a signal, during planning: release the lock, say so, exit 130/143.</summary>
    public void ExitIfInterrupted()
    {
        if (Interrupted is not null)
        {
            Close();
        }
    }

    /// <summary>Stops the run when a signal came (StageTask calls it before and after each instance).</summary>
    public void ThrowIfInterrupted()
    {
        if (Interrupted is not null)
        {
            throw new CakeException($"interrupted by {SignalName}");
        }
    }

    private string SignalName => Interrupted == PosixSignal.SIGTERM ? "SIGTERM" : "SIGINT";

    private void Say(string line) => Cake.Information(line.Replace("{", "{{").Replace("}", "}}"));

    /// <summary>Prints what each stage instance did, then releases the lock; after a signal, says what to do and exits 130/143.</summary>
    public void Close()
    {
        if (Results.Count > 0)
        {
            // Lines are pre-formatted: Cake would colour format arguments.
            Say("");
            Say($"Stage instances ({Options.Profile} profile):");
            Say($"  {"instance",-34} {"outcome",-20} {"seconds",9}  why");
            foreach (var r in Results)
            {
                Say($"  {r.Name,-34} {r.Outcome,-20} {r.Seconds,9:F1}  {r.Detail}");
            }
            var ran = Results.Count(r => r.Outcome == "ran");
            var skipped = Results.Count(r => r.Outcome.StartsWith("skipped"));
            var restored = Results.Count(r => r.Outcome == "restored");
            var failed = Results.Count(r => r.Outcome == "failed");
            var interrupted = Results.Count(r => r.Outcome == "interrupted");
            Say($"  {ran} ran, {skipped} skipped (unchanged), {restored} restored from cache, {failed} failed{(interrupted > 0 ? $", {interrupted} interrupted" : "")}");
        }
        _lock?.Dispose();
        _lock = null;
        if (Interrupted is null)
        {
            return;
        }
        var during = InterruptedDuring is null
            ? "before any stage instance started"
            : $"during {InterruptedDuring}: its command was stopped and its previous outputs and dvc.lock entry are as they were";
        var again = string.Join(" ", Environment.GetCommandLineArgs().SkipWhile(a => !a.EndsWith("build.cake")).Skip(1));
        Cake.Error($"Interrupted by {SignalName} {during}; the workspace lock is released.".Replace("{", "{{").Replace("}", "}}"));
        Cake.Error($"Resume with `./build.sh {again}`: finished instances are skipped, training resumes from its last checkpoint.".Replace("{", "{{").Replace("}", "}}"));
        foreach (var registration in _signals) { registration.Dispose(); }
        Environment.Exit(ExitCode);
    }
}

/// <summary>
/// Cake's copy of the workspace lock protocol of src/MreRepro.Pipeline/Repro/WorkspaceLock.cs (the CLI is not built
/// yet when this script compiles, so it cannot be referenced; keep the two in step): an exclusive flock on
/// .dvc/tmp/mre.lock, the holder's pid in .dvc/tmp/mre.lock.pid, the descriptor inherited by every process the holder
/// starts (so the lock outlives a killed holder for as long as its children run), MRE_WORKSPACE_LOCK_HELD=1 for them.
/// </summary>
public sealed class WorkspaceLock : IDisposable
{
    private readonly FileStream _stream;

    private WorkspaceLock(FileStream stream) => _stream = stream;

    public static WorkspaceLock Acquire(string root)
    {
        var path = System.IO.Path.Combine(root, ".dvc", "tmp", "mre.lock");
        System.IO.Directory.CreateDirectory(System.IO.Path.GetDirectoryName(path)!);
        try
        {
            var stream = new FileStream(path, FileMode.OpenOrCreate, FileAccess.ReadWrite, FileShare.None);
            Native.fcntl((int)stream.SafeFileHandle.DangerousGetHandle(), Native.F_SETFD, 0);
            System.IO.File.WriteAllText(path + ".pid", Environment.ProcessId.ToString());
            return new WorkspaceLock(stream);
        }
        catch (IOException)
        {
            throw new CakeException(
                $"Another pipeline run holds {path} ({Holder(path)}). Wait for it to finish; two runs in one checkout would race on dvc.lock and the cache.");
        }
    }

    public void Dispose() => _stream.Dispose();

    private static string Holder(string path)
    {
        var pid = System.IO.File.Exists(path + ".pid") ? System.IO.File.ReadAllText(path + ".pid").Trim() : "?";
        if (System.IO.Directory.Exists($"/proc/{pid}") || !System.IO.Directory.Exists("/proc"))
        {
            return $"pid {pid}";
        }
        var holders = System.IO.Directory.EnumerateDirectories("/proc")
            .Select(d => System.IO.Path.GetFileName(d))
            .Where(p => p.All(char.IsAsciiDigit) && HoldsFile(p, path))
            .ToList();
        return holders.Count == 0 ? $"pid {pid}, which has exited"
            : $"pid {pid} has exited, but processes it started still run and hold it: {string.Join(", ", holders)}";
    }

    private static bool HoldsFile(string pid, string path)
    {
        try
        {
            return System.IO.Directory.EnumerateFileSystemEntries($"/proc/{pid}/fd").Any(fd => new FileInfo(fd).LinkTarget == path);
        }
        catch (Exception e) when (e is IOException || e is UnauthorizedAccessException)
        {
            return false;
        }
    }
}

/// <summary>The two libc calls the lock and the signal forwarding need.</summary>
public static class Native
{
    public const int F_SETFD = 2;
    public const int SIGINT = 2;
    public const int SIGTERM = 15;

    [DllImport("libc", SetLastError = true)]
    public static extern int fcntl(int fd, int cmd, int arg);

    [DllImport("libc", SetLastError = true)]
    public static extern int kill(int pid, int signal);
}

/// <summary>Starts the built `mre` CLI (build/mre) as a child process.</summary>
public static class Mre
{
    public static int Run(PipelineContext p, IEnumerable<string> args) => p.RunMre(args, capture: false).Code;

    public static (int Code, string Stdout) Capture(PipelineContext p, IEnumerable<string> args) => p.RunMre(args, capture: true);
}
