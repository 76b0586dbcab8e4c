// Command-line options of build.cake, parsed once. Cake's own runner options (--exclusive, --verbosity,
// --tree, --description, --dryrun) are handled by Cake itself.

/// <summary>The options a researcher passes to ./build.sh.</summary>
public sealed class BuildOptions
{
    public BuildOptions(ICakeContext context)
    {
        Target = context.Argument("target", "Default");
        Profile = context.Argument("profile", "default");
        Dataset = context.Argument("dataset", "");
        Force = context.HasArgument("force") && context.Argument("force", "true") != "false";
        DryRun = context.HasArgument("dry-run") && context.Argument("dry-run", "true") != "false";
        Configuration = context.Argument("configuration", "Release");
        Exclusive = context.HasArgument("exclusive") || context.HasArgument("e");
        TestFilter = context.Argument("filter", "");
        UpdateSnapshots = context.HasArgument("update-snapshots") && context.Argument("update-snapshots", "true") != "false";
        RepositoryRoot = context.MakeAbsolute(context.Directory("./")).FullPath;
        GraphOut = context.Argument("graph-out", "artifacts/cake-graph.json");
    }

    /// <summary>Task to run: Default (whole pipeline), Test, Build, a stage (finetune) or an instance (finetune@SCNM-tli).</summary>
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
    /// <summary>Optional dotnet test --filter expression for the Test target.</summary>
    public string TestFilter { get; }
    /// <summary>With --target=Test: rewrite the snapshots the tests compare against instead of failing on a difference.</summary>
    public bool UpdateSnapshots { get; }
    public string RepositoryRoot { get; }
    /// <summary>With --target=Graph: where to write the registered task graph as JSON.</summary>
    public string GraphOut { get; }

    /// <summary>Targets that only build, test or explain need no stage graph (and must work before any data exists).</summary>
    public bool NeedsStageGraph =>
        !new[] { "Help", "Build", "Test", "DvcYaml", "Bench" }.Contains(Target, StringComparer.OrdinalIgnoreCase);
}
