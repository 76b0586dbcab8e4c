using MreRepro.Pipeline.Dvc;
using MreRepro.Pipeline.Graph;
using MreRepro.Pipeline.Repro;

namespace MreRepro.Pipeline.Tests.Faults;

/// <summary>A damaged dvc.lock stops the run with one line naming the file and line, never a stack trace or a silent rerun.</summary>
public sealed class LockFileFaultTests
{
    private static readonly PipelineGraph Graph = new(
    [
        new StageTemplate("first", "mkdir -p out && cat in.txt > out/a.txt", ["in.txt"], ["p.first"], [new OutputSpec("out")]),
        new StageTemplate("second", "cat out/a.txt > b.txt", ["out"], ["p.second"], [new OutputSpec("b.txt")]),
        new StageTemplate("other", "echo other > c.txt", [], ["p.other"], [new OutputSpec("c.txt")]),
    ]);

    private static TempWorkspace RanAll()
    {
        var ws = new TempWorkspace();
        ws.Write("in.txt", "input\n");
        ws.Write("params.yaml", "p:\n  first: 1\n  second: {lr: 0.1}\n  other: x\n");
        var runner = new StageRunner(new Workspace(ws.Root));
        Assert.All(Graph.Instances, i => Assert.Equal(OutcomeKind.Ran, runner.Run(i).Kind));
        return ws;
    }

    private static void CheckAll(TempWorkspace ws)
    {
        var workspace = new Workspace(ws.Root);
        var runner = new StageRunner(workspace);
        var lockFile = workspace.LoadLock();
        foreach (var instance in Graph.Instances)
        {
            runner.Status(instance, lockFile);
        }
    }

    [Theory]
    [InlineData("    cmd: ", "    cmd: [")]
    [InlineData("      md5: ", "      md5: [")]
    [InlineData("    deps:\n", "    deps: {\n")]
    public void Should_name_the_file_and_line_of_an_unclosed_bracket(string from, string to)
    {
        using var ws = RanAll();
        var text = ws.Read("dvc.lock");
        var index = text.IndexOf(from, StringComparison.Ordinal);
        ws.Write("dvc.lock", text[..index] + to + text[(index + from.Length)..]);
        var line = text[..index].Count(c => c == '\n') + 1;

        var error = Assert.Throws<PipelineException>(() => CheckAll(ws));

        Assert.StartsWith($"{Path.Combine(ws.Root, "dvc.lock")}:{line}:", error.Message);
        Assert.Contains("never closed", error.Message);
        Assert.DoesNotContain("\n", error.Message);
    }

    [Fact]
    public void Should_refuse_a_lock_cut_short_anywhere_but_between_two_entries()
    {
        using var ws = RanAll();
        var text = ws.Read("dvc.lock");
        var lockPath = Path.Combine(ws.Root, "dvc.lock");
        // Cutting just before a later stage's key leaves a complete, valid lock with fewer entries.
        var boundaries = Graph.Instances.Skip(1).Select(i => text.IndexOf($"\n  {i.Name}:\n", StringComparison.Ordinal) + 1).ToHashSet();
        var accepted = new List<int>();
        for (var cut = 1; cut < text.Length; cut++)
        {
            File.WriteAllText(lockPath, text[..cut]);
            try
            {
                CheckAll(ws);
                accepted.Add(cut);
            }
            catch (PipelineException error)
            {
                Assert.StartsWith(lockPath, error.Message);
                Assert.DoesNotContain("\n", error.Message);
            }
        }
        Assert.Equal(boundaries.Order(), accepted);
    }

    [Fact]
    public void Should_refuse_an_empty_lock()
    {
        using var ws = RanAll();
        ws.Write("dvc.lock", "");
        var error = Assert.Throws<PipelineException>(() => CheckAll(ws));
        Assert.Contains("dvc.lock: the file is empty", error.Message);
    }
}
