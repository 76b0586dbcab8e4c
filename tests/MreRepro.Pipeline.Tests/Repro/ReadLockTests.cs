using MreRepro.Pipeline.Dvc;
using MreRepro.Pipeline.Graph;
using MreRepro.Pipeline.Repro;

namespace MreRepro.Pipeline.Tests.Repro;

/// <summary>
/// <see cref="Workspace.ReadLock"/>: one parse of dvc.lock shared by every check until its text changes, whatever its
/// size and time stamp say, and a shared copy that refuses changes.
/// </summary>
public sealed class ReadLockTests
{
    private static readonly PipelineGraph Graph = new(
    [
        new StageTemplate("first", "mkdir -p out && cat in.txt > out/a.txt", ["in.txt"], ["p.first"], [new OutputSpec("out")]),
        new StageTemplate("second", "cat out/a.txt > b.txt", ["out"], ["p.second"], [new OutputSpec("b.txt")]),
    ]);

    private static TempWorkspace Ran(string first = "first")
    {
        var ws = new TempWorkspace();
        ws.Write("in.txt", "input\n");
        ws.Write("params.yaml", $"p:\n  first: {first}\n  second: 2\n");
        var runner = new StageRunner(new Workspace(ws.Root));
        Assert.All(Graph.Instances, i => Assert.Equal(OutcomeKind.Ran, runner.Run(i).Kind));
        return ws;
    }

    [Fact]
    public void Should_parse_once_while_the_text_is_unchanged_and_again_after_a_stage_records()
    {
        using var ws = Ran();
        var workspace = new Workspace(ws.Root);
        var runner = new StageRunner(workspace);

        var before = workspace.ReadLock();
        Assert.All(Graph.Instances, i => Assert.Equal(OutcomeKind.Skipped, runner.Run(i).Kind));
        Assert.Same(before, workspace.ReadLock());

        ws.Write("in.txt", "changed\n");
        Assert.Equal(OutcomeKind.Ran, runner.Run(Graph.Instances[0]).Kind);
        var after = workspace.ReadLock();

        Assert.NotSame(before, after);
        Assert.NotEqual(before.Get("first")!.Deps[0].Hash.Md5, after.Get("first")!.Deps[0].Hash.Md5);
        Assert.Equal(workspace.LoadLock().Get("first")!.Deps[0].Hash.Md5, after.Get("first")!.Deps[0].Hash.Md5);
    }

    [Fact]
    public void Should_parse_again_when_the_text_changes_with_the_same_length_and_time_stamp()
    {
        using var ws = Ran("aaaaa");
        var workspace = new Workspace(ws.Root);
        var path = Path.Combine(ws.Root, "dvc.lock");
        var stamp = File.GetLastWriteTimeUtc(path);
        var before = workspace.ReadLock();
        var text = ws.Read("dvc.lock");

        ws.Write("dvc.lock", text.Replace("first: aaaaa", "first: bbbbb", StringComparison.Ordinal));
        File.SetLastWriteTimeUtc(path, stamp);
        Assert.Equal(text.Length, new FileInfo(path).Length);

        var after = workspace.ReadLock();
        Assert.NotSame(before, after);
        Assert.Equal("bbbbb", after.Get("first")!.Params["params.yaml"]["p.first"]);
        Assert.True(new StageRunner(workspace).Status(Graph.Instances[0]).Changed);
    }

    [Fact]
    public void Should_refuse_changes_to_the_shared_copy_and_leave_the_file_as_it_was()
    {
        using var ws = Ran();
        var workspace = new Workspace(ws.Root);
        var text = ws.Read("dvc.lock");
        var shared = workspace.ReadLock();
        var entry = shared.Get("first")!;

        Assert.Throws<InvalidOperationException>(() => shared.Set("first", entry));
        Assert.Throws<InvalidOperationException>(() => shared.Set("third", entry, ["first", "second", "third"]));
        Assert.Throws<InvalidOperationException>(() => shared.Remove("first"));
        Assert.Throws<InvalidOperationException>(() => shared.Save());
        Assert.Equal(text, ws.Read("dvc.lock"));

        var own = workspace.LoadLock();
        Assert.True(own.Remove("second"));
        own.Save();
        Assert.Null(workspace.ReadLock().Get("second"));
    }

    [Fact]
    public void Should_read_no_lock_as_empty()
    {
        using var ws = new TempWorkspace();

        var lockFile = new Workspace(ws.Root).ReadLock();

        Assert.Empty(lockFile.StageNames);
        Assert.False(File.Exists(Path.Combine(ws.Root, "dvc.lock")));
    }
}
