using MreRepro.Pipeline.Cache;
using MreRepro.Pipeline.Hashing;

namespace MreRepro.Pipeline.Tests.Cache;

/// <summary>The DVC 3.x cache layout, read-only objects, and checkout.</summary>
public sealed class DvcCacheTests
{
    [Fact]
    public void Should_store_folder_files_and_manifest_read_only_in_the_dvc3_layout()
    {
        using var ws = new TempWorkspace();
        ws.Write("data/a.txt", "hello\n");
        ws.Write("data/sub/b.txt", "hello\r\n");
        var cache = new DvcCache(ws.Root);
        var hash = cache.Save(Path.Combine(ws.Root, "data"));
        var fileObject = Path.Combine(ws.Root, ".dvc/cache/files/md5/b1/946ac92492d2347c6235b4d2611184");
        Assert.Equal("hello\n", File.ReadAllText(fileObject));
        Assert.True(File.Exists(Path.Combine(ws.Root, ".dvc/cache/files/md5/af/5597c29467a96523a70787c319f4db")));
        var dirObject = cache.ObjectPath(hash.Md5);
        Assert.StartsWith(Path.Combine(ws.Root, ".dvc/cache/files/md5", hash.Md5[..2]), dirObject);
        Assert.Equal(DirectoryManifest.Build(Path.Combine(ws.Root, "data")).Serialize(), File.ReadAllBytes(dirObject));
        if (!OperatingSystem.IsWindows())
        {
            Assert.Equal(UnixFileMode.UserRead | UnixFileMode.GroupRead | UnixFileMode.OtherRead, File.GetUnixFileMode(fileObject));
        }
        Assert.Equal(hash, cache.Save(Path.Combine(ws.Root, "data")));
        Assert.Empty(Directory.EnumerateFiles(Path.Combine(ws.Root, ".dvc/cache"), "*.tmp-*", SearchOption.AllDirectories));
    }

    [Fact]
    public void Should_check_out_a_recorded_folder_over_a_modified_one()
    {
        using var ws = new TempWorkspace();
        ws.Write("data/a.txt", "hello\n");
        ws.Write("data/sub/b.txt", "two\n");
        var cache = new DvcCache(ws.Root);
        var hash = cache.Save(Path.Combine(ws.Root, "data"));
        ws.Write("data/a.txt", "edited\n");
        ws.Write("data/extra.txt", "new\n");
        cache.Checkout(Path.Combine(ws.Root, "data"), hash);
        Assert.Equal("hello\n", ws.Read("data/a.txt"));
        Assert.Equal("two\n", ws.Read("data/sub/b.txt"));
        Assert.False(ws.Exists("data/extra.txt"));
        Assert.Equal(hash, PathHasher.Hash(Path.Combine(ws.Root, "data")));
        // Checked-out files are ordinary writable copies, not the read-only cache objects.
        ws.Write("data/a.txt", "writable again\n");
        Assert.Equal("hello\n", File.ReadAllText(new DvcCache(ws.Root).ObjectPath("b1946ac92492d2347c6235b4d2611184")));
    }
}
