using MreRepro.Files;

namespace MreRepro.Files.Tests;

/// <summary>A crash while writing leaves the previous file whole and no temporary file behind.</summary>
public sealed class AtomicFileTests
{
    private static string NewFolder() => Directory.CreateTempSubdirectory("mre-atomic-").FullName;

    [Fact]
    public void Should_write_utf8_without_bom_and_lf_line_ends_creating_the_folder()
    {
        var path = Path.Combine(NewFolder(), "a", "b", "labels.txt");
        AtomicFile.WriteAllLines(path, ["社会", "自然"]);
        Assert.Equal("社会\n自然\n"u8.ToArray(), File.ReadAllBytes(path));
        Assert.Single(Directory.GetFiles(Path.GetDirectoryName(path)!));
    }

    [Fact]
    public void Should_keep_the_previous_file_and_remove_the_temporary_one_when_writing_fails()
    {
        var path = Path.Combine(NewFolder(), "metrics.json");
        AtomicFile.WriteAllText(path, "{\"f1\": 0.5}\n");
        var error = Assert.Throws<IOException>(() => AtomicFile.Write(path, temp =>
        {
            File.WriteAllText(temp, "{\"f1\": 0.");
            throw new IOException("disk full");
        }));
        Assert.Equal("disk full", error.Message);
        Assert.Equal("{\"f1\": 0.5}\n", File.ReadAllText(path));
        Assert.Single(Directory.GetFiles(Path.GetDirectoryName(path)!));
    }

    [Fact]
    public void Should_let_many_threads_write_the_same_file_at_once_without_failing_or_leaving_temporary_files()
    {
        // Two jobs storing the same cache object: every writer succeeds and the file is whole.
        var path = Path.Combine(NewFolder(), "object");
        var content = new string('x', 200_000);
        Parallel.For(0, 16, new ParallelOptions { MaxDegreeOfParallelism = 16 }, _ => AtomicFile.WriteAllText(path, content));
        Assert.Equal(content, File.ReadAllText(path));
        Assert.Single(Directory.GetFiles(Path.GetDirectoryName(path)!));
    }

    [Fact]
    public void Should_replace_an_existing_file_with_the_bytes_written_by_a_library()
    {
        var path = Path.Combine(NewFolder(), "model.safetensors");
        AtomicFile.WriteAllBytes(path, [1, 2, 3]);
        AtomicFile.Write(path, temp => File.WriteAllBytes(temp, [4, 5]));
        Assert.Equal([4, 5], File.ReadAllBytes(path));
    }
}
