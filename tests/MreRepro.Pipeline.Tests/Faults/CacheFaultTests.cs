using MreRepro.Pipeline.Cache;
using MreRepro.Pipeline.Graph;
using MreRepro.Pipeline.Hashing;
using MreRepro.Pipeline.Repro;

namespace MreRepro.Pipeline.Tests.Faults;

/// <summary>
/// The cache is not trusted: a cache object with one flipped byte (objects are 0444, but root writes them anyway)
/// must never come back as an output; it is moved aside, named, and the stage reruns or stores it again.
/// </summary>
public sealed class CacheFaultTests
{
    private static readonly PipelineGraph Graph = new(
    [
        new StageTemplate("first", "mkdir -p out && cat in.txt > out/a.txt", ["in.txt"], ["p.first"], [new OutputSpec("out")]),
    ]);

    private static TempWorkspace RanOnce()
    {
        var ws = new TempWorkspace();
        ws.Write("in.txt", "input\n");
        ws.Write("params.yaml", "p:\n  first: 1\n");
        Assert.Equal(OutcomeKind.Ran, new StageRunner(new Workspace(ws.Root)).Run(Graph["first"]).Kind);
        return ws;
    }

    // What the issue did: flip one byte of the object behind out/a.txt (root ignores the 0444 mode).
    private static string FlipAByteOfTheOutputObject(TempWorkspace ws)
    {
        var path = new DvcCache(ws.Root).ObjectPath(FileHasher.Md5("input\n"u8));
        var bytes = File.ReadAllBytes(path);
        bytes[0] ^= 1;
        if (!OperatingSystem.IsWindows())
        {
            File.SetUnixFileMode(path, UnixFileMode.UserRead | UnixFileMode.UserWrite);
            File.WriteAllBytes(path, bytes);
            File.SetUnixFileMode(path, UnixFileMode.UserRead | UnixFileMode.GroupRead | UnixFileMode.OtherRead);
        }
        return path;
    }

    [Fact]
    public void Should_rerun_instead_of_restoring_a_corrupt_cache_object_and_say_where_it_went()
    {
        using var ws = RanOnce();
        var objectPath = FlipAByteOfTheOutputObject(ws);
        Directory.Delete(Path.Combine(ws.Root, "out"), recursive: true);

        var outcome = new StageRunner(new Workspace(ws.Root)).Run(Graph["first"]);

        Assert.Equal(OutcomeKind.Ran, outcome.Kind);
        Assert.Equal("input\n", ws.Read("out/a.txt"));
        var note = Assert.Single(outcome.Reasons, r => r.Contains("is corrupt"));
        Assert.Contains(".dvc/tmp/corrupt-objects/", note);
        Assert.Equal(FileHasher.Md5("input\n"u8), FileHasher.Md5(objectPath));
        Assert.Single(Directory.EnumerateFiles(Path.Combine(ws.Root, ".dvc/tmp/corrupt-objects"), "*", SearchOption.AllDirectories));
    }

    [Fact]
    public void Should_replace_a_corrupt_object_when_the_stage_is_forced()
    {
        using var ws = RanOnce();
        var objectPath = FlipAByteOfTheOutputObject(ws);

        var outcome = new StageRunner(new Workspace(ws.Root)).Run(Graph["first"], force: true);

        Assert.Equal(OutcomeKind.Ran, outcome.Kind);
        Assert.Equal(FileHasher.Md5("input\n"u8), FileHasher.Md5(objectPath));
        Assert.Contains(outcome.Reasons, r => r.Contains("is corrupt"));
    }

    [Fact]
    public void Should_list_every_damaged_object_the_lock_references_like_dvc_status_c()
    {
        using var ws = RanOnce();
        Assert.Empty(CacheCheck.Verify(new Workspace(ws.Root), []).Damage);
        var objectPath = FlipAByteOfTheOutputObject(ws);

        var (outputs, damage) = CacheCheck.Verify(new Workspace(ws.Root), []);

        Assert.Equal(1, outputs);
        var found = Assert.Single(damage);
        Assert.Equal(("first", "out", objectPath), (found.Owner, found.Output, found.Damage.ObjectPath));
        Assert.False(File.Exists(objectPath));
        Assert.True(File.Exists(found.Damage.MovedTo));
        // Moved aside, the object now reads as "not in cache", and the matching workspace copy is stored again.
        var runner = new StageRunner(new Workspace(ws.Root));
        Assert.Equal(["out out not in cache"], runner.Status(Graph["first"]).Reasons);
        Assert.Equal(OutcomeKind.Restored, runner.Run(Graph["first"]).Kind);
        Assert.Empty(CacheCheck.Verify(new Workspace(ws.Root), []).Damage);
    }

    [Fact]
    public void Should_cache_data_recorded_in_a_dvc_file_when_it_is_verified_as_dvc_add_left_it()
    {
        using var ws = new TempWorkspace();
        ws.Write("data/x.jsonl", "1\n");
        ws.Write("data/y.jsonl", "2\n");
        var recorded = DataVerifier.Add(new Workspace(ws.Root), "data");
        // A fresh clone: data.dvc is committed, data/ regenerated, the cache empty.
        Directory.Delete(Path.Combine(ws.Root, ".dvc/cache"), recursive: true);

        Assert.Null(DataVerifier.Verify(new Workspace(ws.Root), Path.Combine(ws.Root, "data.dvc")));

        var cache = new DvcCache(ws.Root);
        Assert.True(cache.Contains(recorded.Hash));
        Assert.Empty(cache.Verify(recorded.Hash));
    }

    [Fact]
    public void Should_name_the_data_file_that_differs_from_data_dvc()
    {
        using var ws = new TempWorkspace();
        ws.Write("data/generated/x.jsonl", "1\n");
        ws.Write("data/generated/y.jsonl", "2\n");
        DataVerifier.Add(new Workspace(ws.Root), "data");
        Directory.Delete(Path.Combine(ws.Root, ".dvc/cache"), recursive: true);
        Assert.Null(DataVerifier.Verify(new Workspace(ws.Root), Path.Combine(ws.Root, "data.dvc")));

        ws.Write("data/generated/y.jsonl", "edited\n");
        var difference = DataVerifier.Verify(new Workspace(ws.Root), Path.Combine(ws.Root, "data.dvc"));

        Assert.Equal("data/generated/y.jsonl modified", difference);
    }
}
