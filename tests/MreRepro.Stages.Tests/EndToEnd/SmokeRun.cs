using MreRepro.Pipeline.Repro;
using MreRepro.Stages.Common;
using MreRepro.Stages.Engine;

namespace MreRepro.Stages.Tests.EndToEnd;

/// <summary>
/// One run of the whole smoke profile as a user starts it (`build/mre repro --all --jobs 1`: the engine runs the stage
/// verbs in its own process), shared by every end-to-end test: the pipeline tests read its outputs, the executor tests
/// compare their runs with its dvc.lock and tables. Nothing runs when the Release CLI is missing; the tests then skip.
/// </summary>
public sealed class SmokeRun : IDisposable
{
    private readonly SmokeWorkspace? _workspace;

    public SmokeRun()
    {
        if (!CliBuilt)
        {
            return;
        }
        _workspace = new SmokeWorkspace();
        var result = Path.Combine(_workspace.Root, "first-run.json");
        FirstRunOutput = Mre.Run(_workspace.Root, "repro", "--all", "--profile", "smoke", "--jobs", "1", "--result", result).Output;
        if (File.Exists(result))
        {
            FirstRun = Mre.Outcomes(result).Select(o => new StageOutcome(o.Key, o.Value.Kind, 0, [o.Value.Detail])).ToList();
        }
        if (File.Exists(Path.Combine(Root, SmokeLock.LockPath)) && File.Exists(Report("report.md")))
        {
            Lock = File.ReadAllText(Path.Combine(Root, SmokeLock.LockPath));
            Tables = SmokeLock.ReportTables(Root);
        }
    }

    public static bool CliBuilt => File.Exists(RepositoryRoot.CliDll);

    public static string SkipMessage => $"{RepositoryRoot.CliDll} is missing: run ./build.sh --target=Test (it builds the CLI first).";

    internal SmokeWorkspace Workspace => _workspace ?? throw new InvalidOperationException(SkipMessage);

    public string Root => Workspace.Root;

    /// <summary>The outcome of every instance in the first run (empty when it wrote none: see <see cref="FirstRunOutput"/>).</summary>
    public IReadOnlyList<StageOutcome> FirstRun { get; } = [];

    /// <summary>What the first run printed, for failure messages.</summary>
    public string FirstRunOutput { get; } = "";

    /// <summary>stages/smoke/dvc.lock right after the first run (later tests change parameters and back).</summary>
    public string Lock { get; } = "";

    /// <summary>The first run's report tables (everything before the run facts, which hold timings).</summary>
    public string Tables { get; } = "";

    public string Stage(string relative) => Path.Combine(Root, "stages", "smoke", relative);

    public string Report(string relative) => Path.Combine(Root, "reports", "smoke", relative);

    /// <summary>Runs every instance of the smoke profile in graph order through the engine in this process.</summary>
    public static IReadOnlyList<StageOutcome> RunAll(string root)
    {
        var plan = ProfilePipeline.Load(StageContext.Load(root, "smoke"));
        var runner = new StageRunner(plan.Workspace);
        return plan.Graph.Instances.Select(i => runner.Run(i)).ToList();
    }

    public void Dispose() => _workspace?.Dispose();
}

/// <summary>
/// Every end-to-end test shares one first run and runs one at a time: on two cores, two smoke runs side by side take
/// as long as two in a row, and the rerun test changes the shared workspace's parameters.
/// </summary>
[CollectionDefinition(Name)]
public sealed class SmokeCollection : ICollectionFixture<SmokeRun>
{
    public const string Name = "smoke profile";
}
