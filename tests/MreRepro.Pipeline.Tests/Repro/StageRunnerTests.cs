using MreRepro.Pipeline.Dvc;
using MreRepro.Pipeline.Graph;
using MreRepro.Pipeline.Repro;

namespace MreRepro.Pipeline.Tests.Repro;

/// <summary>The engine end to end on small shell stages: what reruns, what is skipped, and failure safety.</summary>
public sealed class StageRunnerTests
{
    private static PipelineGraph Graph(string cmdA = "mkdir -p out && cat in.txt > out/a.txt") => new(
    [
        new StageTemplate("first", cmdA, ["in.txt"], ["p.first"], [new OutputSpec("out")]),
        new StageTemplate("second", "cat out/a.txt > b.txt && echo second >> b.txt", ["out"], ["p.second"], [new OutputSpec("b.txt")]),
        new StageTemplate("other", "echo other > c.txt", [], ["p.other"], [new OutputSpec("c.txt")]),
    ]);

    private static TempWorkspace NewWorkspace()
    {
        var ws = new TempWorkspace();
        ws.Write("in.txt", "input\n");
        ws.Write("params.yaml", "p:\n  first: 1\n  second: {lr: 0.1}\n  other: x\n");
        return ws;
    }

    private static Dictionary<string, OutcomeKind> RunAll(TempWorkspace ws, PipelineGraph graph)
    {
        var runner = new StageRunner(new Workspace(ws.Root));
        return graph.Instances.ToDictionary(i => i.Name, i => runner.Run(i).Kind);
    }

    [Fact]
    public void Should_run_everything_once_then_skip_everything()
    {
        using var ws = NewWorkspace();
        Assert.All(RunAll(ws, Graph()).Values, k => Assert.Equal(OutcomeKind.Ran, k));
        Assert.Equal("input\nsecond\n", ws.Read("b.txt"));
        Assert.All(RunAll(ws, Graph()).Values, k => Assert.Equal(OutcomeKind.Skipped, k));
        Assert.Contains("schema: '2.0'", ws.Read("dvc.lock"));
    }

    [Fact]
    public void Should_rerun_exactly_the_stage_whose_parameter_changed()
    {
        using var ws = NewWorkspace();
        RunAll(ws, Graph());
        ws.Write("params.yaml", "p:\n  first: 1\n  second: {lr: 0.2}\n  other: x\n");
        var runner = new StageRunner(new Workspace(ws.Root));
        var status = runner.Status(Graph()["second"]);
        Assert.Equal(["params: p.second.lr 0.1 -> 0.2"], status.Reasons);
        var outcomes = RunAll(ws, Graph());
        Assert.Equal(OutcomeKind.Skipped, outcomes["first"]);
        Assert.Equal(OutcomeKind.Ran, outcomes["second"]);
        Assert.Equal(OutcomeKind.Skipped, outcomes["other"]);
    }

    [Fact]
    public void Should_rerun_a_stage_and_its_downstream_when_an_input_file_changes()
    {
        using var ws = NewWorkspace();
        RunAll(ws, Graph());
        ws.Write("in.txt", "changed\n");
        var outcomes = RunAll(ws, Graph());
        Assert.Equal(OutcomeKind.Ran, outcomes["first"]);
        Assert.Equal(OutcomeKind.Ran, outcomes["second"]);
        Assert.Equal(OutcomeKind.Skipped, outcomes["other"]);
        Assert.Equal("changed\nsecond\n", ws.Read("b.txt"));
    }

    [Fact]
    public void Should_say_why_a_changed_command_reruns()
    {
        using var ws = NewWorkspace();
        RunAll(ws, Graph());
        var status = new StageRunner(new Workspace(ws.Root)).Status(Graph("mkdir -p out && cat in.txt in.txt > out/a.txt")["first"]);
        Assert.Equal(["cmd changed"], status.Reasons);
    }

    [Theory]
    [InlineData("mkdir -p out && echo partial > out/a.txt && exit 1")]
    [InlineData("mkdir -p out && echo partial > out/a.txt && kill -9 $$")]
    public void Should_keep_previous_outputs_and_lock_when_a_stage_fails_or_is_killed(string failingCmd)
    {
        using var ws = NewWorkspace();
        RunAll(ws, Graph());
        var lockBefore = ws.Read("dvc.lock");
        ws.Write("in.txt", "new input\n");
        var outcome = new StageRunner(new Workspace(ws.Root)).Run(Graph(failingCmd)["first"]);
        Assert.Equal(OutcomeKind.Failed, outcome.Kind);
        Assert.Contains("previous outputs", outcome.Reasons[0]);
        Assert.Equal("input\n", ws.Read("out/a.txt"));
        Assert.Equal(lockBefore, ws.Read("dvc.lock"));
    }

    [Fact]
    public void Should_kill_a_cancelled_stage_and_keep_previous_outputs_and_lock()
    {
        using var ws = NewWorkspace();
        RunAll(ws, Graph());
        var lockBefore = ws.Read("dvc.lock");
        ws.Write("in.txt", "new input\n");
        using var cancel = new CancellationTokenSource(TimeSpan.FromMilliseconds(300));
        var clock = System.Diagnostics.Stopwatch.StartNew();
        var outcome = new StageRunner(new Workspace(ws.Root))
            .Run(Graph("mkdir -p out && echo partial > out/a.txt && sleep 20 && echo late > out/a.txt")["first"], cancel: cancel.Token);
        Assert.Equal(OutcomeKind.Failed, outcome.Kind);
        Assert.True(clock.Elapsed < TimeSpan.FromSeconds(10), "the command's process tree was not killed");
        Assert.StartsWith("cancelled", outcome.Reasons[0]);
        Assert.Equal("input\n", ws.Read("out/a.txt"));
        Assert.Equal(lockBefore, ws.Read("dvc.lock"));
    }

    [Fact]
    public void Should_put_back_outputs_left_aside_by_an_engine_that_died_mid_run()
    {
        using var ws = NewWorkspace();
        RunAll(ws, Graph());
        // What a killed engine leaves: the old output moved aside, a partial new one in place.
        var backup = Path.Combine(ws.Root, ".dvc/tmp/backup/first");
        Directory.CreateDirectory(backup);
        Directory.Move(Path.Combine(ws.Root, "out"), Path.Combine(backup, "0"));
        File.WriteAllText(Path.Combine(backup, "complete"), "");
        ws.Write("out/a.txt", "partial");
        Assert.StartsWith("interrupted run", new StageRunner(new Workspace(ws.Root)).Status(Graph()["first"]).Reasons[0]);
        var outcome = new StageRunner(new Workspace(ws.Root)).Run(Graph()["first"]);
        Assert.Equal(OutcomeKind.Skipped, outcome.Kind);
        Assert.Equal("input\n", ws.Read("out/a.txt"));
    }

    [Fact]
    public void Should_restore_deleted_outputs_from_the_cache_instead_of_rerunning()
    {
        using var ws = NewWorkspace();
        RunAll(ws, Graph());
        Directory.Delete(Path.Combine(ws.Root, "out"), recursive: true);
        var outcome = new StageRunner(new Workspace(ws.Root)).Run(Graph()["first"]);
        Assert.Equal(OutcomeKind.Restored, outcome.Kind);
        Assert.Equal("input\n", ws.Read("out/a.txt"));
    }

    [Fact]
    public void Should_recache_outputs_missing_from_the_cache_without_rerunning()
    {
        using var ws = NewWorkspace();
        RunAll(ws, Graph());
        Directory.Delete(Path.Combine(ws.Root, ".dvc/cache"), recursive: true);
        var runner = new StageRunner(new Workspace(ws.Root));
        Assert.Equal(["out out not in cache"], runner.Status(Graph()["first"]).Reasons);
        Assert.Equal(OutcomeKind.Restored, runner.Run(Graph()["first"]).Kind);
        Assert.False(new StageRunner(new Workspace(ws.Root)).Status(Graph()["first"]).Changed);
    }

    [Fact]
    public void Should_say_a_stage_never_ran_and_name_a_modified_dependency()
    {
        using var ws = NewWorkspace();
        var runner = new StageRunner(new Workspace(ws.Root));
        Assert.Equal(["never ran (no dvc.lock entry)"], runner.Status(Graph()["first"]).Reasons);
        RunAll(ws, Graph());
        ws.Write("in.txt", "edited\n");
        Assert.Equal(["dep in.txt modified"], new StageRunner(new Workspace(ws.Root)).Status(Graph()["first"]).Reasons);
    }

    [Fact]
    public async Task Should_let_a_waiting_run_in_once_the_holder_releases_the_lock()
    {
        using var ws = NewWorkspace();
        var first = WorkspaceLock.Acquire(ws.Root);
        var release = Task.Run(async () =>
        {
            await Task.Delay(300);
            first.Dispose();
        });
        using var second = WorkspaceLock.Acquire(ws.Root, TimeSpan.FromSeconds(5));
        await release;
        Assert.Throws<PipelineException>(() => WorkspaceLock.Acquire(ws.Root));
    }

    [Fact]
    public void Should_fail_naming_an_output_the_command_did_not_create()
    {
        using var ws = NewWorkspace();
        var outcome = new StageRunner(new Workspace(ws.Root)).Run(Graph("true")["first"]);
        Assert.Equal(OutcomeKind.Failed, outcome.Kind);
        Assert.Contains("did not create out", outcome.Reasons[0]);
        Assert.False(File.Exists(Path.Combine(ws.Root, "dvc.lock")));
    }

    [Fact]
    public void Should_refuse_a_second_concurrent_run_naming_the_holder()
    {
        using var ws = NewWorkspace();
        using var first = WorkspaceLock.Acquire(ws.Root);
        var error = Assert.Throws<PipelineException>(() => WorkspaceLock.Acquire(ws.Root));
        Assert.Contains($"pid {Environment.ProcessId}", error.Message);
    }

    [Fact]
    public void Should_record_data_like_dvc_add_and_name_what_changed()
    {
        using var ws = NewWorkspace();
        ws.Write("data/x.jsonl", "1\n");
        ws.Write("data/y.jsonl", "2\n");
        var workspace = new Workspace(ws.Root);
        DataVerifier.Add(workspace, "data");
        Assert.Contains("nfiles: 2\n  hash: md5\n  path: data\n", ws.Read("data.dvc"));
        Assert.Equal("/data\n", ws.Read(".gitignore"));
        Assert.Null(DataVerifier.Verify(workspace, Path.Combine(ws.Root, "data.dvc")));
        ws.Write("data/y.jsonl", "3\n");
        var difference = DataVerifier.Verify(new Workspace(ws.Root), Path.Combine(ws.Root, "data.dvc"));
        Assert.Equal("data/y.jsonl modified", difference);
    }

    [Fact]
    public void Should_export_an_md5_of_the_instance_inputs_that_changes_with_them()
    {
        using var ws = NewWorkspace();
        var graph = Graph("mkdir -p out && cat in.txt > out/a.txt && printf %s \"$MRE_STAGE_INPUTS_MD5\" > out/inputs.txt");
        string Key()
        {
            new StageRunner(new Workspace(ws.Root)).Run(graph["first"], force: true);
            return ws.Read("out/inputs.txt");
        }

        var first = Key();
        Assert.Matches("^[0-9a-f]{32}$", first);
        Assert.Equal(first, Key());
        ws.Write("params.yaml", "p:\n  first: 2\n  second: {lr: 0.1}\n  other: x\n");
        var changedParam = Key();
        Assert.NotEqual(first, changedParam);
        ws.Write("in.txt", "other input\n");
        Assert.NotEqual(changedParam, Key());
    }
}
