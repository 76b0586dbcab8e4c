// The typed state shared by every task of one ./build.sh run: the plan from `mre plan`, the workspace
// lock, and what each stage instance did.
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

/// <summary>Run-wide state: options, plan, lock, results.</summary>
public sealed class PipelineContext
{
    private FileStream? _lock;

    public PipelineContext(ICakeContext cake, BuildOptions options)
    {
        Cake = cake;
        Options = options;
    }

    public ICakeContext Cake { get; }
    public BuildOptions Options { get; }
    public StagePlan Plan { get; private set; } = new();
    /// <summary>Every task Cake registered (for the Graph target, which a test compares with dvc.yaml).</summary>
    public IReadOnlyList<ICakeTaskInfo> RegisteredTasks { get; set; } = Array.Empty<ICakeTaskInfo>();
    public List<InstanceResult> Results { get; } = new();
    public HashSet<string> RanThisSession { get; } = new(StringComparer.Ordinal);
    public string ResultsDir => System.IO.Path.Combine(Options.RepositoryRoot, ".dvc", "tmp", "results");
    public string ExecutorKind => Options.Executor ?? Plan.Executor.Kind;
    public int Jobs => Options.Jobs ?? Plan.Executor.Jobs;
    /// <summary>
    /// The Default target with several jobs or Slurm: one `mre repro --all` runs the whole plan (the per-instance tasks
    /// stay registered, with the same dependencies, and skip); with one local job each instance is its own Cake task.
    /// </summary>
    public bool HandsOver => Options.Target.Equals("Default", StringComparison.OrdinalIgnoreCase) && (Jobs > 1 || ExecutorKind == "slurm");

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
        AcquireLock();
        var args = new List<string> { "plan", "--profile", Options.Profile, "--json" };
        if (Options.Dataset.Length > 0) { args.Add("--dataset"); args.Add(Options.Dataset); }
        if (Options.Force) { args.Add("--force"); }
        var (code, stdout) = Mre.Capture(this, args);
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
        Mre.Run(this, args);
    }

    private void AcquireLock()
    {
        var dir = System.IO.Path.Combine(Options.RepositoryRoot, ".dvc", "tmp");
        System.IO.Directory.CreateDirectory(dir);
        var path = System.IO.Path.Combine(dir, "mre.lock");
        try
        {
            _lock = new FileStream(path, FileMode.OpenOrCreate, FileAccess.ReadWrite, FileShare.None);
            System.IO.File.WriteAllText(path + ".pid", Environment.ProcessId.ToString());
        }
        catch (IOException)
        {
            var holder = System.IO.File.Exists(path + ".pid") ? System.IO.File.ReadAllText(path + ".pid").Trim() : "?";
            throw new CakeException(
                $"Another pipeline run holds {path} (pid {holder}). Wait for it to finish; two runs in one checkout would race on dvc.lock and the cache.");
        }
    }

    private void Say(string line) => Cake.Information(line.Replace("{", "{{").Replace("}", "}}"));

    /// <summary>Prints what each stage instance did, then releases the lock.</summary>
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
            Say($"  {ran} ran, {skipped} skipped (unchanged), {restored} restored from cache, {failed} failed");
        }
        _lock?.Dispose();
        _lock = null;
    }
}

/// <summary>Starts the built `mre` CLI (build/mre) as a child process.</summary>
public static class Mre
{
    public static int Run(PipelineContext p, IEnumerable<string> args)
    {
        var settings = new ProcessSettings
        {
            Arguments = Quote(args),
            WorkingDirectory = p.Options.RepositoryRoot,
            EnvironmentVariables = p.ChildEnvironment,
        };
        return p.Cake.StartProcess(System.IO.Path.Combine(p.Options.RepositoryRoot, "build", "mre"), settings);
    }

    public static (int Code, string Stdout) Capture(PipelineContext p, IEnumerable<string> args)
    {
        var settings = new ProcessSettings
        {
            Arguments = Quote(args),
            WorkingDirectory = p.Options.RepositoryRoot,
            EnvironmentVariables = p.ChildEnvironment,
            RedirectStandardOutput = true,
        };
        var code = p.Cake.StartProcess(System.IO.Path.Combine(p.Options.RepositoryRoot, "build", "mre"), settings, out var lines);
        return (code, string.Join("\n", lines));
    }

    private static ProcessArgumentBuilder Quote(IEnumerable<string> args)
    {
        var builder = new ProcessArgumentBuilder();
        foreach (var a in args)
        {
            builder.AppendQuoted(a);
        }
        return builder;
    }
}
