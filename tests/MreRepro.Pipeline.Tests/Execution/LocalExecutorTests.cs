using MreRepro.Pipeline.Dvc;
using MreRepro.Pipeline.Execution;
using MreRepro.Pipeline.Graph;
using MreRepro.Pipeline.Repro;

namespace MreRepro.Pipeline.Tests.Execution;

/// <summary>
/// The local executor on small shell stages: several jobs at once give the dvc.lock one job gives, entry for entry and
/// in the same order; a failure stops its dependants only; a rerun resumes.
/// </summary>
public sealed class LocalExecutorTests
{
    private const int Tiny = 60;

    // Tiny independent instances, half of them writing identical bytes (so several jobs store the same cache object at
    // once), and one that gathers them all.
    private static PipelineGraph ManyTiny(string gatherCmd = "cat out/*.txt > sum.txt") => new(
    [
        new StageTemplate("tiny", "mkdir -p out && sleep 0.05 && echo ${key} | sed 's/k0[0-9]*[02468]$/same/' > out/${key}.txt",
            [], [], [new OutputSpec("out/${key}.txt")])
        {
            Foreach = [.. Enumerable.Range(0, Tiny).Select(i => new ForeachItem($"k{i:D3}"))],
        },
        new StageTemplate("gather", gatherCmd, ["out"], [], [new OutputSpec("sum.txt")]),
    ]);

    private static ExecutionResult Run(TempWorkspace ws, PipelineGraph graph, int jobs, ExecutionBoard? board = null, bool force = false) =>
        new LocalExecutor(jobs).Run(new ExecutionRequest(new Workspace(ws.Root), graph, graph.Instances, force), board ?? new ExecutionBoard(), CancellationToken.None);

    [Fact]
    public void Should_complete_many_tiny_instances_at_once_without_losing_a_lock_entry()
    {
        using var sequential = new TempWorkspace();
        using var concurrent = new TempWorkspace();
        Assert.All(Run(sequential, ManyTiny(), jobs: 1).Outcomes, o => Assert.Equal(OutcomeKind.Ran, o.Kind));

        var board = new ExecutionBoard();
        var result = Run(concurrent, ManyTiny(), jobs: 8, board);

        Assert.All(result.Outcomes, o => Assert.True(o.Kind == OutcomeKind.Ran, $"{o.Name}: {o.Kind} {string.Join("; ", o.Reasons)}"));
        Assert.True(board.MaxRunning > 1, "no two instances ran at the same time");
        Assert.Equal(Tiny + 1, LockFile.Load(Path.Combine(concurrent.Root, "dvc.lock")).StageNames.Count());
        Assert.Equal(sequential.Read("dvc.lock"), concurrent.Read("dvc.lock"));
        Assert.Equal(sequential.Read("sum.txt"), concurrent.Read("sum.txt"));
        Assert.Empty(Directory.EnumerateFiles(Path.Combine(concurrent.Root, ".dvc", "tmp", "lock-fragments"), "*", SearchOption.AllDirectories));
        Assert.Empty(Directory.EnumerateFiles(Path.Combine(concurrent.Root, ".dvc", "cache"), "*.tmp-*", SearchOption.AllDirectories));
        Assert.All(Run(concurrent, ManyTiny(), jobs: 8).Outcomes, o => Assert.Equal(OutcomeKind.Skipped, o.Kind));
    }

    [Fact]
    public void Should_let_concurrent_commands_wait_passively_between_parallel_regions_unless_the_user_says_otherwise()
    {
        using var ws = new TempWorkspace();
        var graph = new PipelineGraph(
        [
            new StageTemplate("policy", "echo \"$OMP_WAIT_POLICY\" > ${key}.txt", [], [], [new OutputSpec("${key}.txt")])
            {
                Foreach = [new ForeachItem("a"), new ForeachItem("b")],
            },
        ]);
        var previous = Environment.GetEnvironmentVariable("OMP_WAIT_POLICY");
        try
        {
            Environment.SetEnvironmentVariable("OMP_WAIT_POLICY", null);
            Assert.All(Run(ws, graph, jobs: 2).Outcomes, o => Assert.Equal(OutcomeKind.Ran, o.Kind));
            Assert.Equal("PASSIVE\n", ws.Read("a.txt"));

            Environment.SetEnvironmentVariable("OMP_WAIT_POLICY", "ACTIVE");
            Assert.All(Run(ws, graph, jobs: 2, force: true).Outcomes, o => Assert.Equal(OutcomeKind.Ran, o.Kind));
            Assert.Equal("ACTIVE\n", ws.Read("b.txt"));
        }
        finally
        {
            Environment.SetEnvironmentVariable("OMP_WAIT_POLICY", previous);
        }
    }

    [Fact]
    public void Should_leave_the_dependants_of_a_failed_instance_unrun_and_resume_on_the_next_run()
    {
        using var ws = new TempWorkspace();
        var graph = new PipelineGraph(
        [
            new StageTemplate("first", "test -f go && echo first > a.txt", [], [], [new OutputSpec("a.txt")]),
            new StageTemplate("second", "cat a.txt > b.txt", ["a.txt"], [], [new OutputSpec("b.txt")]),
            new StageTemplate("third", "cat b.txt > c.txt", ["b.txt"], [], [new OutputSpec("c.txt")]),
            new StageTemplate("other", "echo other > d.txt", [], [], [new OutputSpec("d.txt")]),
        ]);

        var failed = Run(ws, graph, jobs: 2).Outcomes.ToDictionary(o => o.Name);
        Assert.Equal(OutcomeKind.Failed, failed["first"].Kind);
        Assert.Equal(OutcomeKind.NotRun, failed["second"].Kind);
        Assert.Contains("upstream first", failed["second"].Reasons[0]);
        Assert.Equal(OutcomeKind.NotRun, failed["third"].Kind);
        Assert.Equal(OutcomeKind.Ran, failed["other"].Kind);
        Assert.Equal(["other"], LockFile.Load(Path.Combine(ws.Root, "dvc.lock")).StageNames);
        Assert.False(ws.Exists("b.txt"));

        ws.Write("go", "");
        var resumed = Run(ws, graph, jobs: 2).Outcomes.ToDictionary(o => o.Name, o => o.Kind);
        Assert.Equal(OutcomeKind.Ran, resumed["first"]);
        Assert.Equal(OutcomeKind.Ran, resumed["third"]);
        Assert.Equal(OutcomeKind.Skipped, resumed["other"]);
        Assert.Equal(["first", "second", "third", "other"], LockFile.Load(Path.Combine(ws.Root, "dvc.lock")).StageNames);
    }

    [Fact]
    public void Should_stop_every_running_job_and_start_no_other_when_cancelled()
    {
        using var ws = new TempWorkspace();
        var graph = new PipelineGraph(
        [
            new StageTemplate("slow", "sleep 30 && echo ${key} > ${key}.txt", [], [], [new OutputSpec("${key}.txt")])
            {
                Foreach = [new ForeachItem("a"), new ForeachItem("b"), new ForeachItem("c")],
            },
            new StageTemplate("after", "cat a.txt b.txt c.txt > all.txt", ["a.txt", "b.txt", "c.txt"], [], [new OutputSpec("all.txt")]),
        ]);
        using var cancel = new CancellationTokenSource(TimeSpan.FromMilliseconds(500));
        var clock = System.Diagnostics.Stopwatch.StartNew();

        var outcomes = new LocalExecutor(2).Run(new ExecutionRequest(new Workspace(ws.Root), graph, graph.Instances), new ExecutionBoard(), cancel.Token)
            .Outcomes.ToDictionary(o => o.Name);

        Assert.True(clock.Elapsed < TimeSpan.FromSeconds(20), "the running commands were not stopped");
        Assert.Equal(OutcomeKind.Failed, outcomes["slow@a"].Kind);
        Assert.StartsWith("cancelled", outcomes["slow@a"].Reasons[0]);
        Assert.Equal(OutcomeKind.NotRun, outcomes["slow@c"].Kind);   // two jobs: the third never started
        Assert.Equal(OutcomeKind.NotRun, outcomes["after"].Kind);
        Assert.False(File.Exists(Path.Combine(ws.Root, "dvc.lock")));
    }

    [Fact]
    public void Should_write_each_concurrent_command_output_to_its_own_log()
    {
        using var ws = new TempWorkspace();
        var graph = new PipelineGraph(
        [
            new StageTemplate("a", "echo to the log && echo a > a.txt", [], [], [new OutputSpec("a.txt")]),
            new StageTemplate("b", "echo error: nothing to read >&2; exit 3", [], [], [new OutputSpec("b.txt")]),
        ]);
        var outcomes = Run(ws, graph, jobs: 2).Outcomes.ToDictionary(o => o.Name);
        var workspace = new Workspace(ws.Root);
        Assert.Equal("to the log\n", File.ReadAllText(LocalExecutor.LogPath(workspace, "a")));
        Assert.Equal("error: nothing to read", JobLog.Why(LocalExecutor.LogPath(workspace, "b")));
        Assert.Contains("exited with code 3", outcomes["b"].Reasons[0]);
    }

    [Fact]
    public void Should_merge_lock_fragments_that_an_earlier_run_left_before_running()
    {
        using var ws = new TempWorkspace();
        var graph = ManyTiny();
        Run(ws, graph, jobs: 1);
        var expected = ws.Read("dvc.lock");
        // A job of a Slurm run that finished after its coordinator stopped following: its entry is only a fragment.
        var workspace = new Workspace(ws.Root);
        var entry = workspace.LoadLock().Get("tiny@k007")!;
        var lockFile = workspace.LoadLock();
        lockFile.Remove("tiny@k007");
        lockFile.Save();
        new LockFragments(workspace).Write("tiny@k007", entry);

        Assert.All(Run(ws, graph, jobs: 1).Outcomes, o => Assert.Equal(OutcomeKind.Skipped, o.Kind));
        Assert.Equal(expected, ws.Read("dvc.lock"));
        Assert.Empty(new LockFragments(workspace).Pending());
    }
}
