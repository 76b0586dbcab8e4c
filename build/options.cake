// Command-line options of build.cake, parsed once. Cake's own runner options (--exclusive, --verbosity,
// --tree, --description, --dryrun) are handled by Cake itself.

/// <summary>The options a researcher passes to ./build.sh.</summary>
public sealed class BuildOptions
{
    public BuildOptions(ICakeContext context)
    {
        // `--profile` with no value must not quietly fall back to the default profile.
        foreach (var (name, example) in ValueOptions)
        {
            if (context.HasArgument(name) && string.IsNullOrWhiteSpace(context.Argument(name, "")))
            {
                throw new CakeException($"--{name} needs a value, e.g. --{name}={example} (./build.sh --target=Help lists the options).");
            }
        }
        Target = context.Argument("target", "Default");
        Profile = context.Argument("profile", "default");
        Dataset = context.Argument("dataset", "");
        Force = context.HasArgument("force") && context.Argument("force", "true") != "false";
        DryRun = context.HasArgument("dry-run") && context.Argument("dry-run", "true") != "false";
        Configuration = context.Argument("configuration", "Release");
        Exclusive = context.HasArgument("exclusive") || context.HasArgument("e");
        NoBuild = context.HasArgument("no-build") && context.Argument("no-build", "true") != "false";
        TestFilter = context.Argument("filter", "");
        UpdateSnapshots = context.HasArgument("update-snapshots") && context.Argument("update-snapshots", "true") != "false";
        RepositoryRoot = context.MakeAbsolute(context.Directory("./")).FullPath;
        GraphOut = context.Argument("graph-out", "artifacts/cake-graph.json");
        Jobs = context.HasArgument("jobs") ? context.Argument<int>("jobs") : null;
        Executor = context.HasArgument("executor") ? context.Argument<string>("executor") : null;
        Wait = !context.HasArgument("wait") || context.Argument("wait", "true") != "false";
        if (Executor is not null and not "local" and not "slurm")
        {
            throw new CakeException($"--executor must be local or slurm (got '{Executor}').");
        }
        if (Jobs is < 1)
        {
            throw new CakeException($"--jobs must be at least 1 (got {Jobs}).");
        }
    }

    /// <summary>Options that take a value, with an example of one.</summary>
    public static readonly (string Name, string Example)[] ValueOptions =
    {
        ("target", "finetune@SCNM-tli-42"), ("profile", "smoke"), ("dataset", "SCNM"), ("configuration", "Release"),
        ("filter", "FullyQualifiedName~Faults"), ("graph-out", "artifacts/cake-graph.json"),
    };

    /// <summary>Task to run: Default (whole pipeline), Test, Build, a stage (finetune) or an instance (finetune@SCNM-tli-42).</summary>
    public string Target { get; }
    /// <summary>Parameter profile: smoke, default or paper (sections of params.yaml).</summary>
    public string Profile { get; }
    /// <summary>Restrict per-dataset stage instances to this dataset.</summary>
    public string Dataset { get; }
    /// <summary>Rerun the selected stages even when unchanged.</summary>
    public bool Force { get; }
    /// <summary>Only list what would run and why.</summary>
    public bool DryRun { get; }
    public string Configuration { get; }
    public bool Exclusive { get; }
    /// <summary>Use the CLI already built under artifacts/ (no fingerprint check, no dotnet build).</summary>
    public bool NoBuild { get; }
    /// <summary>Optional dotnet test --filter expression for the Test target.</summary>
    public string TestFilter { get; }
    /// <summary>With --target=Test: rewrite the snapshots the tests compare against instead of failing on a difference.</summary>
    public bool UpdateSnapshots { get; }
    public string RepositoryRoot { get; }
    /// <summary>With --target=Graph: where to write the registered task graph as JSON.</summary>
    public string GraphOut { get; }
    /// <summary>Instances run at once (null: params.yaml's &lt;profile&gt;.executor.jobs, else cores / model.threads).</summary>
    public int? Jobs { get; }
    /// <summary>local or slurm (null: params.yaml's &lt;profile&gt;.executor.kind, else local).</summary>
    public string? Executor { get; }
    /// <summary>With the slurm executor: follow the jobs to the end (default), or only submit them (--wait=false).</summary>
    public bool Wait { get; }

    /// <summary>Targets that only build, test or explain need no stage graph (and must work before any data exists).</summary>
    public bool NeedsStageGraph =>
        !new[] { "Help", "Build", "Test", "DvcYaml", "Bench" }.Contains(Target, StringComparer.OrdinalIgnoreCase);
}
