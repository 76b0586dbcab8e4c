using MreRepro.Pipeline.Repro;
using MreRepro.Stages.Common;
using MreRepro.Stages.Engine;

namespace MreRepro.Stages.Tests.EndToEnd;

/// <summary>
/// One run of the whole smoke profile through the engine and the real CLI, shared by the end-to-end tests (a run
/// takes most of a minute). Nothing runs when the Release CLI is missing; the tests then skip.
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
        FirstRun = RunAll(_workspace.Root);
    }

    public static bool CliBuilt => File.Exists(RepositoryRoot.CliDll);

    public static string SkipMessage => $"{RepositoryRoot.CliDll} is missing: run ./build.sh --target=Test (it builds the CLI first).";

    internal SmokeWorkspace Workspace => _workspace ?? throw new InvalidOperationException(SkipMessage);

    public string Root => Workspace.Root;

    /// <summary>The outcome of every instance in the first run.</summary>
    public IReadOnlyList<StageOutcome> FirstRun { get; } = [];

    public string Stage(string relative) => Path.Combine(Root, "stages", "smoke", relative);

    public string Report(string relative) => Path.Combine(Root, "reports", "smoke", relative);

    /// <summary>Runs every instance of the smoke profile in graph order, as ./build.sh --profile=smoke does.</summary>
    public static IReadOnlyList<StageOutcome> RunAll(string root)
    {
        var plan = ProfilePipeline.Load(StageContext.Load(root, "smoke"));
        var runner = new StageRunner(plan.Workspace);
        return plan.Graph.Instances.Select(i => runner.Run(i)).ToList();
    }

    public void Dispose() => _workspace?.Dispose();
}
