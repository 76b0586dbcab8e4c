using System.Text;
using MreRepro.Pipeline.Hashing;

namespace MreRepro.Pipeline.Tests.Hashing;

/// <summary>DVC's hashing rules against the vectors of spec/pipeline.md §1(b) and the .dir rules.</summary>
public sealed class HashingTests
{
    [Fact]
    public void Should_hash_files_as_plain_md5_of_the_raw_bytes()
    {
        using var ws = new TempWorkspace();
        Assert.Equal("b1946ac92492d2347c6235b4d2611184", FileHasher.Md5(ws.Write("a.txt", "hello\n")));
        Assert.Equal("af5597c29467a96523a70787c319f4db", FileHasher.Md5(ws.Write("b.txt", "hello\r\n")));
    }

    [Fact]
    public void Should_give_crlf_and_lf_text_the_same_legacy_dos2unix_hash()
    {
        using var ws = new TempWorkspace();
        Assert.Equal("b1946ac92492d2347c6235b4d2611184", FileHasher.Dos2UnixMd5(ws.Write("a.txt", "hello\n")));
        Assert.Equal("b1946ac92492d2347c6235b4d2611184", FileHasher.Dos2UnixMd5(ws.Write("b.txt", "hello\r\n")));
    }

    [Fact]
    public void Should_treat_blocks_with_nul_or_many_high_bytes_as_binary()
    {
        Assert.True(FileHasher.IsTextBlock([]));
        Assert.False(FileHasher.IsTextBlock([(byte)'a', 0, (byte)'b']));
        Assert.False(FileHasher.IsTextBlock([200, 201, 202, (byte)'a']));
        Assert.True(FileHasher.IsTextBlock(Encoding.ASCII.GetBytes("plain text\r\n")));
    }

    [Fact]
    public void Should_reproduce_the_dir_hash_shown_in_dvc_documentation()
    {
        var manifest = new DirectoryManifest([
            new ManifestEntry("index.jpeg", "402e97968614f583ece3b35555971f64", 1),
            new ManifestEntry("cat.jpeg", "de7371b0119f4f75f9de703c7c3bac16", 2),
        ]);
        Assert.Equal(
            "[{\"md5\": \"de7371b0119f4f75f9de703c7c3bac16\", \"relpath\": \"cat.jpeg\"}, {\"md5\": \"402e97968614f583ece3b35555971f64\", \"relpath\": \"index.jpeg\"}]",
            Encoding.UTF8.GetString(manifest.Serialize()));
        Assert.Equal(new HashInfo("6fdb5336fce0dbfd669f83065f107551.dir", 3, 2), manifest.Hash());
    }

    [Fact]
    public void Should_hash_an_empty_directory_as_the_empty_list()
    {
        using var ws = new TempWorkspace();
        Directory.CreateDirectory(Path.Combine(ws.Root, "empty", "nested-empty"));
        Assert.Equal(new HashInfo("d751713988987e9331980363e24189ce.dir", 0, 0), PathHasher.Hash(Path.Combine(ws.Root, "empty")));
    }

    [Fact]
    public void Should_escape_non_ascii_paths_like_python_json_dumps()
    {
        Assert.Equal("\"caf\\u00e9/\\u007f/\\ud83d\\ude00\"", PythonJson.Quote("café/\u007f/😀"));
        Assert.Equal("\"a\\\"b\\\\c\\n\"", PythonJson.Quote("a\"b\\c\n"));
    }

    [Fact]
    public void Should_walk_nested_files_with_forward_slashes_in_code_point_order()
    {
        using var ws = new TempWorkspace();
        ws.Write("d/b.txt", "b");
        ws.Write("d/a/z.txt", "z");
        ws.Write("d/日本.txt", "j");
        var manifest = DirectoryManifest.Build(Path.Combine(ws.Root, "d"));
        Assert.Equal(["a/z.txt", "b.txt", "日本.txt"], manifest.Entries.Select(e => e.RelativePath));
        Assert.Equal(3, manifest.Hash().NFiles);
        Assert.Equal(3, manifest.Hash().Size);
    }

    [Fact]
    public void Should_reuse_a_remembered_hash_until_the_file_changes()
    {
        using var ws = new TempWorkspace();
        var file = ws.Write("x.txt", "one");
        var state = HashState.Open(ws.Root);
        Assert.Equal(FileHasher.Md5(file), state.Md5(file));
        state.Save();
        File.WriteAllText(file, "two!");
        Assert.Equal(FileHasher.Md5(file), HashState.Open(ws.Root).Md5(file));
    }

    [Fact]
    public void Should_not_reread_a_file_whose_size_mtime_and_inode_are_unchanged()
    {
        using var ws = new TempWorkspace();
        var file = ws.Write("x.txt", "one");
        var state = HashState.Open(ws.Root);
        var remembered = state.Md5(file);
        state.Save();
        var mtime = File.GetLastWriteTimeUtc(file);
        // Same size, same mtime, same inode: the state answers without reading (as DVC's state db does).
        using (var stream = new FileStream(file, FileMode.Open, FileAccess.Write))
        {
            stream.Write("two"u8);
        }
        File.SetLastWriteTimeUtc(file, mtime);
        Assert.Equal(remembered, HashState.Open(ws.Root).Md5(file));
    }

    [SkippableFact]
    public void Should_rehash_a_file_replaced_by_another_with_equal_size_and_mtime()
    {
        Skip.IfNot(OperatingSystem.IsLinux(), "inode numbers are read on Linux only");
        using var ws = new TempWorkspace();
        var file = ws.Write("x.txt", "one");
        var state = HashState.Open(ws.Root);
        state.Md5(file);
        state.Save();
        var mtime = File.GetLastWriteTimeUtc(file);
        var other = ws.Write("y.txt", "two");
        File.SetLastWriteTimeUtc(other, mtime);
        File.Move(other, file, overwrite: true);
        Assert.Equal(FileHasher.Md5(file), HashState.Open(ws.Root).Md5(file));
    }

    [Fact]
    public void Should_sort_paths_above_the_bmp_in_python_code_point_order()
    {
        // Expected hash from Python: json.dumps(sorted by relpath, sort_keys=True) of these two entries.
        var manifest = new DirectoryManifest(
        [
            new ManifestEntry("\U0001F600.txt", "b1946ac92492d2347c6235b4d2611184", 6),
            new ManifestEntry("\uFFFD.txt", "b1946ac92492d2347c6235b4d2611184", 6),
        ]);
        Assert.Equal(["\uFFFD.txt", "\U0001F600.txt"], manifest.Entries.Select(e => e.RelativePath));
        Assert.Equal("be7d9c42b893b435e1ff1ad4b27f48c7.dir", manifest.Hash().Md5);
    }
}
