using MreRepro.Pipeline.Graph;
using MreRepro.Pipeline.Repro;

namespace MreRepro.Pipeline.Tests.Repro;

/// <summary>The run cache: inputs that return to a value already computed restore outputs instead of rerunning.</summary>
public sealed class RunCacheTests
{
    // The command counts its own executions in runs.log (not an output), so a restore is visible as no new line.
    private static PipelineGraph Graph() => new(
    [
        new StageTemplate("train", "mkdir -p out && cat in.txt > out/model.txt && echo ran >> runs.log", ["in.txt"], ["p.lr"], [new OutputSpec("out")]),
    ]);

    private static TempWorkspace NewWorkspace()
    {
        var ws = new TempWorkspace();
        ws.Write("in.txt", "weights\n");
        ws.Write("params.yaml", "p:\n  lr: 0.1\n");
        return ws;
    }

    private static StageOutcome Run(TempWorkspace ws, bool force = false) => new StageRunner(new Workspace(ws.Root)).Run(Graph()["train"], force);

    private static int Executions(TempWorkspace ws) => ws.Exists("runs.log") ? ws.Read("runs.log").Split('\n', StringSplitOptions.RemoveEmptyEntries).Length : 0;

    [Fact]
    public void Should_restore_instead_of_rerunning_when_a_parameter_returns_to_a_computed_value()
    {
        using var ws = NewWorkspace();
        Assert.Equal(OutcomeKind.Ran, Run(ws).Kind);
        var lockAtFirstValue = ws.Read("dvc.lock");
        ws.Write("params.yaml", "p:\n  lr: 0.2\n");
        Assert.Equal(OutcomeKind.Ran, Run(ws).Kind);
        ws.Write("params.yaml", "p:\n  lr: 0.1\n");

        var status = new StageRunner(new Workspace(ws.Root)).Status(Graph()["train"]);
        var outcome = Run(ws);

        Assert.Contains(status.Reasons, r => r.Contains("run cache", StringComparison.Ordinal));
        Assert.Equal(OutcomeKind.Restored, outcome.Kind);
        Assert.Contains("run cache", outcome.Reasons[0]);
        Assert.Equal(2, Executions(ws));
        Assert.Equal("weights\n", ws.Read("out/model.txt"));
        Assert.Equal(lockAtFirstValue, ws.Read("dvc.lock"));
        Assert.Equal(OutcomeKind.Skipped, Run(ws).Kind);
    }

    [Fact]
    public void Should_restore_the_outputs_recorded_for_the_inputs_not_the_latest_ones()
    {
        using var ws = NewWorkspace();
        Run(ws);
        ws.Write("in.txt", "other weights\n");
        Run(ws);
        ws.Write("in.txt", "weights\n");

        Assert.Equal(OutcomeKind.Restored, Run(ws).Kind);
        Assert.Equal("weights\n", ws.Read("out/model.txt"));
        Assert.Equal(2, Executions(ws));
    }

    [Fact]
    public void Should_rerun_when_forced_or_when_a_recorded_output_left_the_cache()
    {
        using var ws = NewWorkspace();
        Run(ws);
        ws.Write("params.yaml", "p:\n  lr: 0.2\n");
        Run(ws);
        ws.Write("params.yaml", "p:\n  lr: 0.1\n");
        Assert.Equal(OutcomeKind.Ran, Run(ws, force: true).Kind);
        Assert.Equal(3, Executions(ws));

        ws.Write("params.yaml", "p:\n  lr: 0.2\n");
        var objects = Path.Combine(ws.Root, ".dvc", "cache", "files", "md5");
        foreach (var file in Directory.EnumerateFiles(objects, "*", SearchOption.AllDirectories))
        {
            if (!OperatingSystem.IsWindows())
            {
                File.SetUnixFileMode(file, UnixFileMode.UserRead | UnixFileMode.UserWrite);   // cache objects are read-only
            }
            File.Delete(file);
        }

        Assert.Equal(OutcomeKind.Ran, Run(ws).Kind);
        Assert.Equal(4, Executions(ws));
    }

    [Fact]
    public void Should_store_runs_in_dvc_layout_under_the_inputs_key()
    {
        using var ws = NewWorkspace();
        Run(ws);

        var runs = Path.Combine(ws.Root, ".dvc", "cache", "runs");
        var entry = Assert.Single(Directory.EnumerateFiles(runs, "*", SearchOption.AllDirectories));
        var relative = Path.GetRelativePath(runs, entry).Split(Path.DirectorySeparatorChar);
        Assert.Equal(3, relative.Length);
        Assert.Equal(2, relative[0].Length);
        Assert.Equal(30, relative[1].Length);
        Assert.Contains("cmd: mkdir -p out", File.ReadAllText(entry));
        Assert.Contains("outs:", File.ReadAllText(entry));
    }
}
