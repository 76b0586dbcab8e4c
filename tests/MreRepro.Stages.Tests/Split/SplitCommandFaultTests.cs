using System.Text.Json;

namespace MreRepro.Stages.Tests.Split;

/// <summary>
/// `mre split --input … --out …` as a user runs it: it never deletes what it did not write, and every bad path or option
/// ends in one line naming the path or option, exit 1, no stack trace.
/// </summary>
public sealed class SplitCommandFaultTests : IDisposable
{
    private const string Matsutomo = "松友美佐紀は、日本のバドミントン選手。";
    private readonly string _work = Directory.CreateTempSubdirectory("mre-splitfaults-").FullName;

    public SplitCommandFaultTests()
    {
        var lines = Enumerable.Range(1, 6).Select(i => $"{{\"input\": \"{i}番目の{Matsutomo}/NER\", \"output\": \"学問/NER/:人名;松友美佐紀\"}}");
        File.WriteAllText(Path.Combine(_work, "my.jsonl"), string.Join("\n", lines) + "\n");
    }

    public void Dispose() => Directory.Delete(_work, recursive: true);

    [SkippableFact]
    public void Should_refuse_an_out_folder_holding_the_input_and_keep_it()
    {
        Skip.IfNot(MreProcess.Available, MreProcess.Missing);
        Directory.CreateDirectory(Path.Combine(_work, "data"));
        File.Move(Path.Combine(_work, "my.jsonl"), Path.Combine(_work, "data", "my.jsonl"));

        var result = Split("--input", "data/my.jsonl", "--out", "data");

        AssertUserError(result, "error: data: the folder is not empty and is not the output of an earlier split (it holds 'my.jsonl')");
        Assert.Contains("delete this one yourself to overwrite it on purpose", result.Stderr);
        Assert.Equal(["my.jsonl"], Directory.EnumerateFileSystemEntries(Path.Combine(_work, "data")).Select(Path.GetFileName));
    }

    [SkippableFact]
    public void Should_refuse_the_current_folder()
    {
        Skip.IfNot(MreProcess.Available, MreProcess.Missing);

        var result = Split("--input", "my.jsonl", "--out", ".");

        AssertUserError(result, "error: .: the folder is not empty and is not the output of an earlier split");
        Assert.True(File.Exists(Path.Combine(_work, "my.jsonl")));
    }

    [SkippableFact]
    public void Should_replace_an_earlier_split_and_leave_unrelated_tmp_and_old_siblings_alone()
    {
        Skip.IfNot(MreProcess.Available, MreProcess.Missing);
        var mine = new[] { "out.tmp-123", "out.old-456", "out.tmp-notes" };
        foreach (var name in mine)
        {
            Directory.CreateDirectory(Path.Combine(_work, name));
            File.WriteAllText(Path.Combine(_work, name, "keep.txt"), name);
        }

        var first = Split("--input", "my.jsonl", "--out", "out/", "--train", "2", "--test", "2");
        var second = Split("--input", "my.jsonl", "--out", "out", "--train", "3", "--test", "1", "--seed", "4294967295");

        Assert.True(first.ExitCode == 0, first.ToString());
        Assert.True(second.ExitCode == 0, second.ToString());
        Assert.All(mine, name => Assert.Equal(name, File.ReadAllText(Path.Combine(_work, name, "keep.txt"))));
        Assert.Equal(mine.Append("my.jsonl").Append("out").Order(StringComparer.Ordinal), Directory.EnumerateFileSystemEntries(_work).Select(Path.GetFileName).Order(StringComparer.Ordinal));
        using var split = JsonDocument.Parse(File.ReadAllText(Path.Combine(_work, "out", "split.json")));
        Assert.Equal(4294967295L, split.RootElement.GetProperty("seed").GetInt64());
        Assert.Equal(3, split.RootElement.GetProperty("train").GetArrayLength());
    }

    [SkippableTheory]
    [InlineData("--train", "abc", "error: --train: 'abc' is not a whole number of samples")]
    [InlineData("--test", "-1", "error: --test: '-1' is not a whole number of samples")]
    [InlineData("--seed", "abc", "error: --seed: 'abc' is not a seed; pandas and numpy take whole numbers from 0 to 4294967295.")]
    [InlineData("--seed", "4294967296", "error: --seed: '4294967296' is not a seed")]
    public void Should_name_the_option_with_a_bad_number(string option, string value, string message)
    {
        Skip.IfNot(MreProcess.Available, MreProcess.Missing);

        var result = Split("--input", "my.jsonl", "--out", "out", option, value);

        AssertUserError(result, message);
        Assert.False(Directory.Exists(Path.Combine(_work, "out")));
    }

    [SkippableFact]
    public void Should_say_when_out_is_a_file_or_under_a_file()
    {
        Skip.IfNot(MreProcess.Available, MreProcess.Missing);
        File.WriteAllText(Path.Combine(_work, "notes.txt"), "mine");

        AssertUserError(Split("--input", "my.jsonl", "--out", "notes.txt"), "error: notes.txt: is a file; the outputs go into a folder");
        AssertUserError(Split("--input", "my.jsonl", "--out", "notes.txt/out"), $"error: notes.txt/out: {Path.Combine(_work, "notes.txt")} is a file, not a folder");
        Assert.Equal("mine", File.ReadAllText(Path.Combine(_work, "notes.txt")));
    }

    [SkippableFact]
    public void Should_say_when_the_folder_cannot_be_written()
    {
        Skip.IfNot(MreProcess.Available, MreProcess.Missing);
        var locked = Directory.CreateDirectory(Path.Combine(_work, "locked")).FullName;
        // Root ignores permission bits; an immutable folder refuses even root.
        var chattr = MreProcess.Run(_work, "chattr", ["+i", locked]);
        Skip.If(chattr.ExitCode != 0, "chattr +i is not available here: " + chattr.Stderr);
        try
        {
            var result = Split("--input", "my.jsonl", "--out", "locked/out");

            AssertUserError(result, $"error: locked/out: cannot write in {locked} (");
            Assert.DoesNotContain(".mre-tmp-", result.Stderr);
        }
        finally
        {
            MreProcess.Run(_work, "chattr", ["-i", locked]);
        }
    }

    [SkippableFact]
    public void Should_say_when_the_file_system_is_read_only_without_naming_a_temporary_path()
    {
        Skip.IfNot(MreProcess.Available, MreProcess.Missing);
        var readOnly = Directory.CreateDirectory(Path.Combine(_work, "ro")).FullName;
        var mre = Path.Combine(RepositoryRoot.Path, "build", "mre");
        // A private mount namespace: the read-only bind mount is seen by this command only.
        var result = MreProcess.Run(_work, "unshare",
            ["-m", "sh", "-c", $"mount --bind -o ro '{readOnly}' '{readOnly}' || exit 99; exec '{mre}' split --input my.jsonl --out ro/out --train 2 --test 2"]);
        Skip.If(result.ExitCode == 99 || result.Stderr.Contains("unshare:", StringComparison.Ordinal), "no private read-only mount here: " + result.Stderr);

        AssertUserError(result, $"error: ro/out: cannot write in {readOnly} (Read-only file system); choose a writable folder.");
        Assert.DoesNotContain(".mre-tmp-", result.Stderr);
    }

    private MreProcess.Result Split(params string[] args) => MreProcess.Run(_work, ["split", "--train", "2", "--test", "2", .. args]);

    private static void AssertUserError(MreProcess.Result result, string start)
    {
        Assert.True(result.ExitCode == 1, result.ToString());
        Assert.StartsWith(start, result.Stderr);
        Assert.Single(result.Stderr.TrimEnd('\n').Split('\n'));
        Assert.DoesNotContain("   at ", result.Stderr + result.Stdout);
    }
}
