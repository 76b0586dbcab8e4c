using MreRepro.Pipeline.Execution;
using MreRepro.Pipeline.Graph;
using MreRepro.Pipeline.Repro;

namespace MreRepro.Pipeline.Tests.Execution;

/// <summary>
/// Stage commands run inside the engine's process: outcome, outputs and dvc.lock as for a process, including when
/// the command fails, throws or is stopped; commands the host does not take still run in a process.
/// </summary>
public sealed class InProcessCommandsTests
{
    /// <summary>Takes `inproc NAME`: runs the registered C# action for NAME (in the workspace) instead of a process.</summary>
    private sealed class Host(string root, Dictionary<string, Func<string, int>> commands) : IInProcessCommands
    {
        public IReadOnlyList<string>? Parse(string cmd, string workingDirectory) =>
            cmd.StartsWith("inproc ", StringComparison.Ordinal) && workingDirectory == root ? [cmd["inproc ".Length..]] : null;

        public int Run(IReadOnlyList<string> arguments) => commands[arguments[0]](root);
    }

    private static PipelineGraph Graph(string cmd) => new(
    [
        new StageTemplate("first", cmd, ["in.txt"], [], [new OutputSpec("out")]),
        new StageTemplate("second", "cat out/a.txt > b.txt", ["out"], [], [new OutputSpec("b.txt")]),
    ]);

    private static TempWorkspace NewWorkspace()
    {
        var ws = new TempWorkspace();
        ws.Write("in.txt", "input\n");
        return ws;
    }

    // Writes a.txt into a temporary folder and swaps it in through the stop guard, as StageOutput does.
    private static int Produce(string root, string text)
    {
        var temp = Path.Combine(root, "out.tmp-" + Guid.NewGuid().ToString("N"));
        Directory.CreateDirectory(temp);
        File.WriteAllText(Path.Combine(temp, "a.txt"), text);
        return InProcessStop.Guard(() =>
        {
            Directory.Move(temp, Path.Combine(root, "out"));
            return 0;
        });
    }

    private static Dictionary<string, OutcomeKind> RunAll(TempWorkspace ws, PipelineGraph graph, IInProcessCommands? host)
    {
        var runner = new StageRunner(new Workspace(ws.Root)) { InProcess = host };
        return graph.Instances.ToDictionary(i => i.Name, i => runner.Run(i).Kind);
    }

    [Fact]
    public void Should_run_a_command_it_takes_in_this_process_and_record_it_as_a_process_run()
    {
        using var ws = NewWorkspace();
        int? pid = null;
        string? inputs = null;
        var host = new Host(ws.Root, new()
        {
            ["make"] = root =>
            {
                pid = Environment.ProcessId;
                inputs = Environment.GetEnvironmentVariable(StageRunner.InputsVariable);
                return Produce(root, File.ReadAllText(Path.Combine(root, "in.txt")));
            },
        });

        var outcomes = RunAll(ws, Graph("inproc make"), host);

        Assert.All(outcomes.Values, k => Assert.Equal(OutcomeKind.Ran, k));
        Assert.Equal(Environment.ProcessId, pid);
        Assert.Matches("^[0-9a-f]{32}$", inputs);
        Assert.Null(Environment.GetEnvironmentVariable(StageRunner.InputsVariable));
        Assert.Equal("input\n", ws.Read("b.txt"));
        Assert.Contains("cmd: inproc make", ws.Read("dvc.lock"));
        Assert.All(RunAll(ws, Graph("inproc make"), host).Values, k => Assert.Equal(OutcomeKind.Skipped, k));
    }

    [Fact]
    public void Should_write_the_same_lock_in_process_as_the_same_command_in_a_process()
    {
        using var inProcess = NewWorkspace();
        using var process = NewWorkspace();
        // The lock records the command, so both graphs name the same command; only the host differs.
        const string cmd = "mkdir -p out && cat in.txt > out/a.txt";
        var host = new Host(inProcess.Root, new() { ["mkdir -p out && cat in.txt > out/a.txt"] = root => Produce(root, "input\n") });
        var taking = new HostTakingAll(host);

        RunAll(inProcess, Graph(cmd), taking);
        RunAll(process, Graph(cmd), null);

        Assert.Equal(1, taking.Taken);
        Assert.Equal(process.Read("dvc.lock"), inProcess.Read("dvc.lock"));
    }

    private sealed class HostTakingAll(Host inner) : IInProcessCommands
    {
        public int Taken { get; private set; }

        public IReadOnlyList<string>? Parse(string cmd, string workingDirectory) =>
            cmd.StartsWith("mkdir", StringComparison.Ordinal) ? inner.Parse("inproc " + cmd, workingDirectory) : null;

        public int Run(IReadOnlyList<string> arguments)
        {
            Taken++;
            return inner.Run(arguments);
        }
    }

    [Theory]
    [InlineData("fail")]
    [InlineData("throw")]
    public void Should_keep_previous_outputs_and_lock_when_an_in_process_command_fails_or_throws(string how)
    {
        using var ws = NewWorkspace();
        var host = new Host(ws.Root, new()
        {
            ["make"] = root => Produce(root, "input\n"),
            ["fail"] = root =>
            {
                Directory.CreateDirectory(Path.Combine(root, "out"));
                File.WriteAllText(Path.Combine(root, "out", "a.txt"), "partial");
                return 1;
            },
            ["throw"] = root =>
            {
                Directory.CreateDirectory(Path.Combine(root, "out"));
                File.WriteAllText(Path.Combine(root, "out", "a.txt"), "partial");
                throw new InvalidOperationException("stage bug");
            },
        });
        RunAll(ws, Graph("inproc make"), host);
        var lockBefore = ws.Read("dvc.lock");
        ws.Write("in.txt", "new input\n");

        var outcome = new StageRunner(new Workspace(ws.Root)) { InProcess = host }.Run(Graph("inproc " + how)["first"], force: true);

        Assert.Equal(OutcomeKind.Failed, outcome.Kind);
        Assert.Equal($"command exited with code {(how == "fail" ? 1 : 134)}; previous outputs and dvc.lock left as they were", outcome.Reasons[0]);
        Assert.Equal("input\n", ws.Read("out/a.txt"));
        Assert.Equal(lockBefore, ws.Read("dvc.lock"));
    }

    [Fact]
    public void Should_stop_an_in_process_command_so_that_it_cannot_swap_its_outputs_in_afterwards()
    {
        using var ws = NewWorkspace();
        using var stopped = new ManualResetEventSlim();
        using var refused = new ManualResetEventSlim();
        var host = new Host(ws.Root, new()
        {
            ["make"] = root => Produce(root, "input\n"),
            ["slow"] = root =>
            {
                // Still running when the engine has stopped it and put the previous outputs back; then it tries to commit.
                stopped.Wait(TimeSpan.FromSeconds(30));
                try
                {
                    return Produce(root, "late\n");
                }
                catch (OperationCanceledException)
                {
                    refused.Set();
                    throw;
                }
            },
        });
        RunAll(ws, Graph("inproc make"), host);
        var lockBefore = ws.Read("dvc.lock");
        ws.Write("in.txt", "new input\n");
        using var cancel = new CancellationTokenSource(TimeSpan.FromMilliseconds(300));

        var outcome = new StageRunner(new Workspace(ws.Root)) { InProcess = host }.Run(Graph("inproc slow")["first"], cancel: cancel.Token);
        stopped.Set();

        Assert.Equal(OutcomeKind.Failed, outcome.Kind);
        Assert.StartsWith("cancelled", outcome.Reasons[0]);
        Assert.True(refused.Wait(TimeSpan.FromSeconds(30)), "the stopped command swapped its outputs in");
        Assert.Equal("input\n", ws.Read("out/a.txt"));
        Assert.Equal(lockBefore, ws.Read("dvc.lock"));
    }

    [Fact]
    public void Should_run_every_command_in_a_process_with_concurrent_jobs()
    {
        using var ws = NewWorkspace();
        const string cmd = "mkdir -p out && cat in.txt > out/a.txt";
        var taking = new HostTakingAll(new Host(ws.Root, new() { [cmd] = root => Produce(root, "in process\n") }));
        var graph = Graph(cmd);

        var result = new LocalExecutor(2) { InProcess = taking }
            .Run(new ExecutionRequest(new Workspace(ws.Root), graph, graph.Instances), new ExecutionBoard(), CancellationToken.None);

        Assert.All(result.Outcomes, o => Assert.Equal(OutcomeKind.Ran, o.Kind));
        Assert.Equal(0, taking.Taken);
        Assert.Equal("input\n", ws.Read("b.txt"));
    }
}
