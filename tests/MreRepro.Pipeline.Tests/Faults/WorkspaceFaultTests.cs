using MreRepro.Pipeline.Graph;
using MreRepro.Pipeline.Repro;

namespace MreRepro.Pipeline.Tests.Faults;

/// <summary>A full disk and a read-only checkout.</summary>
public sealed class WorkspaceFaultTests
{
    private static PipelineGraph Graph(string cmd = "mkdir -p out && cat in.txt > out/a.txt") => new(
    [
        new StageTemplate("first", cmd, ["in.txt"], ["p.first"], [new OutputSpec("out")]),
    ]);

    private static void Prepare(string root)
    {
        File.WriteAllText(Path.Combine(root, "in.txt"), "input\n");
        File.WriteAllText(Path.Combine(root, "params.yaml"), "p:\n  first: 1\n");
    }

    [SkippableFact]
    public void Should_fail_cleanly_when_the_disk_fills_while_outputs_are_stored()
    {
        using var disk = SmallDisk.Mount(256 * 1024);
        Skip.If(disk is null, "needs root and tmpfs to make a small disk (mount -t tmpfs)");
        var root = disk!.Root;
        Prepare(root);
        Assert.Equal(OutcomeKind.Ran, new StageRunner(new Workspace(root)).Run(Graph()["first"]).Kind);
        var lockBefore = File.ReadAllText(Path.Combine(root, "dvc.lock"));
        // 150 KiB fits the disk once, but not twice: the copy into the cache runs out of space.
        var big = Graph("mkdir -p out && head -c 153600 /dev/zero > out/a.txt")["first"];

        var outcome = new StageRunner(new Workspace(root)).Run(big);

        Assert.Equal(OutcomeKind.Failed, outcome.Kind);
        Assert.StartsWith("disk full while storing the outputs", outcome.Reasons[0]);
        Assert.Contains("previous outputs and dvc.lock left as they were", outcome.Reasons[0]);
        Assert.Equal("input\n", File.ReadAllText(Path.Combine(root, "out/a.txt")));
        Assert.Equal(lockBefore, File.ReadAllText(Path.Combine(root, "dvc.lock")));
        Assert.Empty(Directory.EnumerateFiles(root, "*.tmp-*", SearchOption.AllDirectories));
        Assert.False(Directory.Exists(Path.Combine(root, ".dvc/tmp/backup/first")));
    }

    [SkippableFact]
    public void Should_check_data_and_report_status_of_a_read_only_checkout()
    {
        using var ws = new TempWorkspace();
        Prepare(ws.Root);
        ws.Write("data/x.jsonl", "1\n");
        DataVerifier.Add(new Workspace(ws.Root), "data");
        Assert.Equal(OutcomeKind.Ran, new StageRunner(new Workspace(ws.Root)).Run(Graph()["first"]).Kind);
        using var view = ReadOnlyView.Of(ws.Root);
        Skip.If(view is null, "needs root (a read-only bind mount) or a non-root user (chmod) to make a read-only checkout");
        // Seen through another path, every file is new to the hash state, which then cannot be saved: what
        // `mre status` does (check data/ against data.dvc, then each instance) must still work.
        var workspace = new Workspace(view!.Root);

        Assert.Null(DataVerifier.Verify(workspace, Path.Combine(view.Root, "data.dvc")));
        var status = new StageRunner(workspace).Status(Graph()["first"]);

        Assert.False(status.Changed, string.Join("; ", status.Reasons));
    }
}
