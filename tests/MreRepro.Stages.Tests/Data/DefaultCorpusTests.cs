using MreRepro.Domain.Corpus;
using MreRepro.Domain.Formats;
using MreRepro.Domain.Records;
using MreRepro.Domain.Sampling;
using MreRepro.Models.T5.Verbalizers;
using MreRepro.Stages.Common;
using MreRepro.Stages.Data;

namespace MreRepro.Stages.Tests.Data;

/// <summary>The generated corpus follows params.yaml (each dataset's kind and strength, label words with content); data/
/// belongs to the generator: a user's file there is reported by name and never deleted.</summary>
public sealed class DefaultCorpusTests : IDisposable
{
    private readonly string _root = Directory.CreateTempSubdirectory("mre-corpus-").FullName;

    public void Dispose() => Directory.Delete(_root, recursive: true);

    [Fact]
    public void Should_read_every_generated_file_and_its_strength_from_the_repository_params()
    {
        var files = DefaultCorpus.Files(RepositoryRoot.Path).ToDictionary(f => f.Path);
        Assert.Equal(0.8, files["generated/SCNM.jsonl"].Strength);
        Assert.Equal(0.0, files["control/TCREE.jsonl"].Strength);
        Assert.Equal(DatasetKind.Tcree, files["control/TCREE.jsonl"].Kind);
        Assert.Equal([0.25, 0.5, 0.75, 1.0], files.Values.Where(f => f.Path.StartsWith("sweep/SCNM-", StringComparison.Ordinal)).Select(f => f.Strength));
        Assert.Equal(20, files.Count);
    }

    [Fact]
    public void Should_generate_each_file_at_the_strength_params_declares()
    {
        WriteParams("""
            one:
              datasets:
                A:
                  file: data/x/SCNM.jsonl
                  paper: SCNM
                  strength: 0.3
            two:
              datasets:
                B:
                  file: data/y/TCREE.jsonl
                  paper: TCREE
                  strength: 0.0
                Real:
                  file: real/SCNM.jsonl
                  paper: SCNM
            """);
        DefaultCorpus.Generate(_root, count: 50, seed: 7);
        Assert.Equal(CanonicalJsonl.ToBytes(CorpusGenerator.Generate(DatasetKind.Scnm, 50, 7, 0.3)), File.ReadAllBytes(Path.Combine(_root, "data", "x", "SCNM.jsonl")));
        Assert.Equal(CanonicalJsonl.ToBytes(CorpusGenerator.Generate(DatasetKind.Tcree, 50, 7, 0.0)), File.ReadAllBytes(Path.Combine(_root, "data", "y", "TCREE.jsonl")));
        Assert.Equal(2, Directory.GetFiles(Path.Combine(_root, "data"), "*", SearchOption.AllDirectories).Length);
    }

    [Fact]
    public void Should_refuse_one_file_declared_at_two_strengths_naming_both()
    {
        WriteParams("""
            one:
              datasets:
                A:
                  file: data/x/SCNM.jsonl
                  paper: SCNM
                  strength: 0.3
            two:
              datasets:
                B:
                  file: data/x/SCNM.jsonl
                  paper: SCNM
                  strength: 0.5
            """);
        var error = Assert.Throws<StageException>(() => DefaultCorpus.Files(_root));
        Assert.Contains("two.datasets.B", error.Message);
        Assert.Contains("one.datasets.A", error.Message);
    }

    [Fact]
    public void Should_refuse_a_generated_dataset_outside_data_or_of_an_unknown_kind()
    {
        WriteParams("""
            one:
              datasets:
                A:
                  file: elsewhere/SCNM.jsonl
                  paper: SCNM
                  strength: 0.3
            """);
        Assert.Contains("one.datasets.A", Assert.Throws<StageException>(() => DefaultCorpus.Files(_root)).Message);
        WriteParams("""
            one:
              datasets:
                A:
                  file: data/SCNM.jsonl
                  paper: NER
                  strength: 0.3
            """);
        Assert.Contains("'NER'", Assert.Throws<StageException>(() => DefaultCorpus.Files(_root)).Message);
    }

    public static TheoryData<DatasetKind> Kinds => new(DatasetNames.All);

    [Theory]
    [MemberData(nameof(Kinds))]
    public void Should_leave_kpt_label_words_of_its_own_to_every_class_only_when_strength_is_positive(DatasetKind kind)
    {
        // The default profile's draw (its split from params.yaml; the verbalizer reads the whole train part), top 100 words per class, OpenPrompt's deletion.
        var planted = SurvivingLabelWords(kind, 0.8);
        var control = SurvivingLabelWords(kind, 0.0);
        Assert.All(planted, words => Assert.True(words >= 12, $"{kind} s = 0.8: {string.Join(", ", planted)} words kept per class"));
        Assert.True(control.Sum() <= control.Count, $"{kind} s = 0: {string.Join(", ", control)} words kept per class");
    }

    private static List<int> SurvivingLabelWords(DatasetKind kind, double strength)
    {
        var records = CorpusGenerator.Generate(kind, DefaultCorpus.Count, DefaultCorpus.Seed, strength);
        var split = StageContext.Load(RepositoryRoot.Path, "default").Parameters.Split;
        var train = SplitSampler.Split(records.Count, split.Train, split.Test, split.Seed).TrainRows.Select(i => records[i]).ToList();
        var classes = LabelInventory.For(kind).TextLabels;
        var lists = LabelWordSelector.Select(classes, train.Select(r => (r.TextLabel, (IReadOnlyList<string>)r.Pairs.Select(p => p.Word).ToList())), 100);
        return KnowledgeableVerbalizer.DeleteCommonWords(lists).Select(l => l.Count - 1).ToList();
    }

    private void WriteParams(string yaml) => File.WriteAllText(Path.Combine(_root, "params.yaml"), yaml);

    [Fact]
    public void Should_keep_real_data_put_in_data_and_name_it_instead_of_advising_a_regeneration_that_deletes_it()
    {
        File.Copy(Path.Combine(RepositoryRoot.Path, "data.dvc"), Path.Combine(_root, "data.dvc"));
        File.Copy(Path.Combine(RepositoryRoot.Path, "params.yaml"), Path.Combine(_root, "params.yaml"));
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
        Assert.Equal(DefaultCorpus.Files(_root).Count, Directory.EnumerateFiles(Path.Combine(_root, "data"), "*.jsonl", SearchOption.AllDirectories).Count(f => !f.StartsWith(Path.GetDirectoryName(real)!, StringComparison.Ordinal)));
    }

    [Fact]
    public void Should_regenerate_only_its_own_files()
    {
        File.Copy(Path.Combine(RepositoryRoot.Path, "params.yaml"), Path.Combine(_root, "params.yaml"));
        DefaultCorpus.Generate(_root, count: 10);
        File.Delete(Path.Combine(_root, "data", "control", "TCREE.jsonl"));

        DefaultCorpus.Generate(_root, count: 10);

        Assert.Equal(DefaultCorpus.OwnedFiles(_root).Order(StringComparer.Ordinal),
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
