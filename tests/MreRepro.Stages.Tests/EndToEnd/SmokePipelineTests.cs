using MreRepro.Pipeline.Repro;
using MreRepro.Stages.Common;
using MreRepro.Stages.Engine;
using Snapshooter;
using Snapshooter.Xunit;

namespace MreRepro.Stages.Tests.EndToEnd;

/// <summary>
/// The whole smoke profile through the engine and the real CLI: every stage runs once, a second run skips all of
/// them, one parameter change reruns exactly its dependants, and the report's tables are snapshot-tested (the
/// pipeline is deterministic on CPU, so any change of a number shows up in review).
/// </summary>
public sealed class SmokePipelineTests
{
    [SkippableFact]
    public void Should_run_all_skip_all_rerun_exactly_the_dependants_and_keep_the_tables()
    {
        Skip.IfNot(File.Exists(RepositoryRoot.CliDll), $"{RepositoryRoot.CliDll} is missing: run ./build.sh --target=Test (it builds the CLI first).");
        using var ws = new SmokeWorkspace();

        var first = RunAll(ws.Root);
        Assert.All(first, o => Assert.True(o.Kind == OutcomeKind.Ran, $"{o.Name}: {o.Kind} {string.Join("; ", o.Reasons)}"));
        Assert.Contains(first, o => o.Name == "report");

        Assert.All(RunAll(ws.Root), o => Assert.Equal(OutcomeKind.Skipped, o.Kind));

        ws.ReplaceInParams("  saliency:\n    samples: 8\n", "  saliency:\n    samples: 6\n");
        var third = RunAll(ws.Root);
        var reran = third.Where(o => o.Kind == OutcomeKind.Ran).Select(o => o.Name).Order().ToList();
        Assert.Equal(["report", "saliency@SCNM-ctrl-tli", "saliency@SCNM-ctrl-wli", "saliency@SCNM-tli", "saliency@SCNM-wli"], reran);

        var report = File.ReadAllText(Path.Combine(ws.Root, "reports", "smoke", "report.md"));
        var tables = report[..report.IndexOf("\n## Run", StringComparison.Ordinal)];
        Snapshot.Match(tables, new SnapshotFullName("SmokeTables.snap", Path.Combine(TestFolder(), "Expectations")));
        Assert.True(File.Exists(Path.Combine(ws.Root, "reports", "smoke", "figures", "figure4.png")));
    }

    private static IReadOnlyList<StageOutcome> RunAll(string root)
    {
        var plan = StagePlan.Load(StageContext.Load(root, "smoke"));
        var runner = new StageRunner(plan.Workspace);
        return plan.Graph.Instances.Select(i => runner.Run(i)).ToList();
    }

    private static string TestFolder([System.Runtime.CompilerServices.CallerFilePath] string? file = null) =>
        file is not null && File.Exists(file) ? Path.GetDirectoryName(file)! : Path.Combine(RepositoryRoot.Path, "tests", "MreRepro.Stages.Tests", "EndToEnd");
}
