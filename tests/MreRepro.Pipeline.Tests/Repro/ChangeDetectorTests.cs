using MreRepro.Pipeline.Dvc;
using MreRepro.Pipeline.Graph;
using MreRepro.Pipeline.Repro;

namespace MreRepro.Pipeline.Tests.Repro;

/// <summary>Reasons a stage counts as changed, read against hand-written dvc.lock entries.</summary>
public sealed class ChangeDetectorTests
{
    private static readonly StageInstance Stage = new PipelineGraph(
        [new StageTemplate("s", "cat in.txt > out.txt", ["in.txt"], ["train.lr", "train.on"], [new OutputSpec("out.txt", Cache: false)])])["s"];

    private static StageStatus Check(TempWorkspace ws, string lockText)
    {
        ws.Write("dvc.lock", lockText);
        var workspace = new Workspace(ws.Root);
        return new ChangeDetector(workspace).Check(Stage, workspace.LoadLock().Get("s"));
    }

    private static TempWorkspace NewWorkspace()
    {
        var ws = new TempWorkspace();
        ws.Write("in.txt", "hello\r\n");
        ws.Write("out.txt", "hello\n");
        ws.Write("params.yaml", "train:\n  lr: 1.0\n  on: true\n");
        return ws;
    }

    private const string Header = "schema: '2.0'\nstages:\n  s:\n    cmd: cat in.txt > out.txt\n    deps:\n    - path: in.txt\n";

    private const string Rest =
        "    params:\n      params.yaml:\n        train.lr: 1\n        train.on: true\n" +
        "    outs:\n    - path: out.txt\n      hash: md5\n      md5: b1946ac92492d2347c6235b4d2611184\n      size: 6\n";

    [Fact]
    public void Should_accept_a_legacy_dos2unix_entry_for_an_unchanged_crlf_file()
    {
        using var ws = NewWorkspace();
        // A DVC 2.x entry (no `hash:` key) records md5-dos2unix, which for "hello\r\n" is md5("hello\n").
        var status = Check(ws, Header + "      md5: b1946ac92492d2347c6235b4d2611184\n      size: 7\n" + Rest);
        Assert.False(status.Changed, string.Join("; ", status.Reasons));
    }

    [Fact]
    public void Should_see_the_same_crlf_file_as_modified_under_a_plain_md5_entry()
    {
        using var ws = NewWorkspace();
        var status = Check(ws, Header + "      hash: md5\n      md5: b1946ac92492d2347c6235b4d2611184\n      size: 7\n" + Rest);
        Assert.Equal(["dep in.txt modified"], status.Reasons);
    }

    [Fact]
    public void Should_report_a_changed_and_a_missing_parameter()
    {
        using var ws = NewWorkspace();
        ws.Write("params.yaml", "train:\n  lr: 2.0e-05\n  on: true\n  extra: 3\n");
        var status = Check(ws, Header + "      hash: md5\n      md5: af5597c29467a96523a70787c319f4db\n      size: 7\n" + Rest);
        Assert.Equal(["params: train.lr 1 -> 2.0e-05"], status.Reasons);
        ws.Write("params.yaml", "train:\n  lr: 1\n");
        status = Check(ws, Header + "      hash: md5\n      md5: af5597c29467a96523a70787c319f4db\n      size: 7\n" + Rest);
        Assert.Equal(["params: train.on missing from params.yaml"], status.Reasons);
        var outcome = new StageRunner(new Workspace(ws.Root)).Run(Stage);
        Assert.Equal(OutcomeKind.Failed, outcome.Kind);
        Assert.Contains("'train.on'", outcome.Reasons[0]);
    }

    [Fact]
    public void Should_report_an_uncached_output_that_was_deleted()
    {
        using var ws = NewWorkspace();
        File.Delete(Path.Combine(ws.Root, "out.txt"));
        var status = Check(ws, Header + "      hash: md5\n      md5: af5597c29467a96523a70787c319f4db\n      size: 7\n" + Rest);
        Assert.Equal(["out out.txt missing"], status.Reasons);
        Assert.False(status.Restorable);
    }

    [Fact]
    public void Should_always_rerun_a_stage_with_no_deps_and_no_outs()
    {
        using var ws = NewWorkspace();
        var callback = new PipelineGraph([new StageTemplate("ping", "echo ping", [], [], [])])["ping"];
        var runner = new StageRunner(new Workspace(ws.Root));
        Assert.Equal(OutcomeKind.Ran, runner.Run(callback).Kind);
        Assert.Equal(["always changed (no deps and no outs)"], runner.Status(callback).Reasons);
    }
}
