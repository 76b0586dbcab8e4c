using System.Text.Json;

namespace MreRepro.Stages.Tests.Split;

/// <summary>
/// The bad-input corpus (BadInput/&lt;format&gt;/*, expectations in BadInput/cases.json): each file, split through the real
/// `mre split` command, must stop with exit 1 and one stderr line naming the file (and line) and the problem, and leave no output.
/// </summary>
public sealed class BadInputCorpusTests
{
    private static readonly string s_folder = Path.Combine(RepositoryRoot.Path, "tests", "MreRepro.Stages.Tests", "Split", "BadInput");

    public static TheoryData<string> Cases()
    {
        var data = new TheoryData<string>();
        foreach (var entry in Load())
        {
            data.Add(entry.File);
        }

        return data;
    }

    [SkippableTheory]
    [MemberData(nameof(Cases))]
    public void Should_stop_with_its_message_exit_1_and_no_output(string file)
    {
        Skip.IfNot(MreProcess.Available, MreProcess.Missing);
        var entry = Load().Single(e => e.File == file);
        var input = Path.Combine(s_folder, entry.File);
        var work = Directory.CreateTempSubdirectory("mre-badinput-").FullName;
        try
        {
            var result = MreProcess.Run(work, ["split", "--input", input, "--out", "out", "--train", "1", "--test", "1", .. entry.Args]);

            Assert.True(result.ExitCode == 1, result.ToString());
            var where = entry.Line is int line ? $"{input}:{line}: " : $"{input}: ";
            Assert.Equal($"error: {where}", result.Stderr[..Math.Min(result.Stderr.Length, where.Length + 7)]);
            Assert.Contains(entry.Message, result.Stderr);
            Assert.Single(result.Stderr.TrimEnd('\n').Split('\n'));
            Assert.DoesNotContain("   at ", result.Stderr + result.Stdout);
            Assert.Empty(Directory.EnumerateFileSystemEntries(work));
        }
        finally
        {
            Directory.Delete(work, recursive: true);
        }
    }

    [Fact]
    public void Should_have_a_case_for_every_file_of_the_corpus()
    {
        var listed = Load().Select(e => e.File).Order(StringComparer.Ordinal);
        var present = Directory.EnumerateFiles(s_folder, "*", SearchOption.AllDirectories)
            .Select(f => Path.GetRelativePath(s_folder, f).Replace(Path.DirectorySeparatorChar, '/'))
            .Where(f => f != "cases.json")
            .Order(StringComparer.Ordinal);

        Assert.Equal(present, listed);
        Assert.All(["mmm", "slg", "canonical", "stockmark"], format => Assert.Contains(Load(), e => e.File.StartsWith(format + "/", StringComparison.Ordinal)));
    }

    private static IReadOnlyList<Case> Load() =>
        JsonSerializer.Deserialize<List<Case>>(File.ReadAllText(Path.Combine(s_folder, "cases.json")), new JsonSerializerOptions { PropertyNameCaseInsensitive = true })!;

    private sealed record Case(string File, int? Line, string Message, string[] Args);
}
