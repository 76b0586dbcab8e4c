using MreRepro.Stages.Common;
using MreRepro.Stages.Data;

namespace MreRepro.Stages.Tests.Data;

/// <summary>data/ belongs to the generator: a user's file there is reported by name and never deleted.</summary>
public sealed class DefaultCorpusTests : IDisposable
{
    private readonly string _root = Directory.CreateTempSubdirectory("mre-corpus-").FullName;

    public void Dispose() => Directory.Delete(_root, recursive: true);

    [Fact]
    public void Should_keep_real_data_put_in_data_and_name_it_instead_of_advising_a_regeneration_that_deletes_it()
    {
        File.Copy(Path.Combine(RepositoryRoot.Path, "data.dvc"), Path.Combine(_root, "data.dvc"));
        Directory.CreateDirectory(Path.Combine(_root, ".dvc"));
        Assert.Equal("data/ matches data.dvc", DefaultCorpus.Ensure(_root));
        var real = Path.Combine(_root, "data", "real", "SCNM.jsonl");
        Directory.CreateDirectory(Path.GetDirectoryName(real)!);
        File.WriteAllText(real, "mine");

        var check = Assert.Throws<StageException>(() => DefaultCorpus.Ensure(_root));
        var generate = Assert.Throws<StageException>(() => DefaultCorpus.Generate(_root, count: 10));

        Assert.Contains("it holds data/real that the generator does not write", check.Message);
        Assert.Contains("Nothing was deleted", check.Message);
        Assert.DoesNotContain("data generate", check.Message);
        Assert.Contains("data/ holds data/real that the generator did not write", generate.Message);
        Assert.Equal("mine", File.ReadAllText(real));
        Assert.Equal(12, Directory.EnumerateFiles(Path.Combine(_root, "data"), "*.jsonl", SearchOption.AllDirectories).Count(f => !f.StartsWith(Path.GetDirectoryName(real)!, StringComparison.Ordinal)));
    }

    [Fact]
    public void Should_regenerate_only_its_own_files()
    {
        DefaultCorpus.Generate(_root, count: 10);
        File.Delete(Path.Combine(_root, "data", "control", "TCREE.jsonl"));

        DefaultCorpus.Generate(_root, count: 10);

        Assert.Equal(DefaultCorpus.OwnedFiles.Order(StringComparer.Ordinal),
            Directory.EnumerateFiles(Path.Combine(_root, "data"), "*", SearchOption.AllDirectories)
                .Select(f => Path.GetRelativePath(Path.Combine(_root, "data"), f).Replace(Path.DirectorySeparatorChar, '/')).Order(StringComparer.Ordinal));
        Assert.Empty(DefaultCorpus.ForeignEntries(_root));
    }

    [Fact]
    public void Should_read_the_paper_profile_datasets_outside_the_generated_folder()
    {
        var paper = MreRepro.Stages.Parameters.ParametersFile.Load(Path.Combine(RepositoryRoot.Path, "params.yaml"), "paper");

        Assert.All(paper.Datasets.Values, d => Assert.StartsWith(DefaultCorpus.RealDataFolder + "/", d.File));
        Assert.All(paper.Datasets.Values, d => Assert.False(d.SkipInvalid));
    }
}
