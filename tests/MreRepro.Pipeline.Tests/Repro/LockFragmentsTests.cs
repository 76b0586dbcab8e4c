using MreRepro.Pipeline.Dvc;
using MreRepro.Pipeline.Hashing;
using MreRepro.Pipeline.Repro;

namespace MreRepro.Pipeline.Tests.Repro;

/// <summary>Lock fragments: merged in run order whatever order jobs finished in, once, and harmlessly twice.</summary>
public sealed class LockFragmentsTests
{
    private static LockEntry Entry(string output) =>
        new($"make {output}", [], new Dictionary<string, YamlMap>(), [new LockedPath(output, new HashInfo(new string('a', 32), 1, null))]);

    [Fact]
    public void Should_merge_fragments_into_the_lock_in_run_order_whatever_order_they_finished_in()
    {
        using var ws = new TempWorkspace();
        var workspace = new Workspace(ws.Root);
        var fragments = new LockFragments(workspace);
        string[] order = ["split", "train@a", "train@b", "report"];
        fragments.Write("report", Entry("r.txt"));
        fragments.Write("train@b", Entry("b.txt"));
        Assert.Equal(["report", "train@b"], fragments.Merge(order));
        fragments.Write("train@a", Entry("a.txt"));
        fragments.Write("split", Entry("s.txt"));
        fragments.Merge(order);

        Assert.Equal(order, workspace.LoadLock().StageNames);
        Assert.Equal("make a.txt", workspace.LoadLock().Get("train@a")!.Cmd);
        Assert.Empty(fragments.Pending());
    }

    [Fact]
    public void Should_keep_the_place_of_an_entry_it_replaces_and_of_stages_outside_the_run()
    {
        using var ws = new TempWorkspace();
        var workspace = new Workspace(ws.Root);
        var lockFile = workspace.LoadLock();
        lockFile.Set("old-stage", Entry("old.txt"));
        lockFile.Set("train@b", Entry("b.txt"));
        lockFile.Save();
        var fragments = new LockFragments(workspace);
        fragments.Write("train@b", Entry("b2.txt"));
        fragments.Write("train@a", Entry("a.txt"));
        fragments.Merge(["train@a", "train@b"]);

        Assert.Equal(["old-stage", "train@a", "train@b"], workspace.LoadLock().StageNames);
        Assert.Equal("make b2.txt", workspace.LoadLock().Get("train@b")!.Cmd);
    }

    [Fact]
    public void Should_keep_each_profile_lock_fragments_apart()
    {
        using var ws = new TempWorkspace();
        var main = new LockFragments(new Workspace(ws.Root));
        var smoke = new LockFragments(new Workspace(ws.Root, "stages/smoke/dvc.lock"));
        smoke.Write("split@SCNM", Entry("s.txt"));
        Assert.Empty(main.Pending());
        Assert.Empty(main.Merge(["split@SCNM"]));
        Assert.Equal(["split@SCNM"], smoke.Merge(["split@SCNM"]));
        Assert.Equal(["split@SCNM"], LockFile.Load(Path.Combine(ws.Root, "stages/smoke/dvc.lock")).StageNames);
        Assert.False(File.Exists(Path.Combine(ws.Root, "dvc.lock")));
    }

    [Fact]
    public void Should_name_a_damaged_fragment_and_what_to_do()
    {
        using var ws = new TempWorkspace();
        var fragments = new LockFragments(new Workspace(ws.Root));
        Directory.CreateDirectory(fragments.Folder);
        File.WriteAllText(fragments.PathFor("train@a"), "- not: a fragment\n");
        var error = Assert.Throws<PipelineException>(() => fragments.Merge(["train@a"]));
        Assert.Contains("train@a.yaml: not a lock fragment", error.Message);
        Assert.Contains("delete it", error.Message);
    }
}
