using MreRepro.Reporting.Reference;
using MreRepro.Reporting.Tests.TestSupport;

namespace MreRepro.Reporting.Tests.Reference;

public sealed class PaperReferenceTests : IDisposable
{
    // A made-up reference file for the loader's own tests; its numbers are not the paper's.
    private const string Valid = """
        paper:
          title: Test paper
          arxiv: "0000.00000"
        unit: percent
        datasets: [SCNM, TCREE]
        claims:
          - {id: kv, table: 4, metric: macro_f1, helped: 1, of: 2, source: Abstract}
        values:
          - {table: 2, dataset: SCNM, condition: text_only, metric: f1, value: 70.00, source: "Table 2, row SCNM, column Text only"}
          - {table: 2, dataset: SCNM, condition: text_tli, metric: f1, value: 72.50, source: "Table 2, row SCNM, column Text+TLI"}
          - {table: 1, dataset: TCREE, condition: split, metric: train_size, value: 1600, source: "Table 1, row TCREE"}
          - {table: 2, dataset: TCREE, condition: text_only, metric: f1, value: null, source: "Table 2, row TCREE", note: not available offline}
        """;

    private readonly TempFolder _folder = new();

    public void Dispose() => _folder.Dispose();

    [Fact]
    public void Should_load_the_committed_reference_file_with_six_datasets_and_a_source_for_every_value()
    {
        var paper = PaperReference.Load(RepositoryPaths.PaperReference);

        Assert.Equal(["SCNM", "SCPOS:RW", "SCPOS:N", "SCPOS:Adj", "SCPOS:N&Adj", "TCREE"], paper.Datasets);
        Assert.Equal(6 * (2 + 2 + 4 + 4), paper.Values.Count);
        Assert.All(paper.Values, v => Assert.StartsWith($"Table {v.Table}, ", v.Source));
        Assert.All(paper.Values.Where(v => v.Value is null), v => Assert.False(string.IsNullOrWhiteSpace(v.Note)));
    }

    [Fact]
    public void Should_read_percentages_as_fractions_and_counts_as_counts()
    {
        var paper = PaperReference.Load(Write(Valid));

        Assert.Equal(0.725, paper.Get(2, "SCNM", "text_tli", "f1")!.Value, 12);
        Assert.Equal(1600, paper.Get(1, "TCREE", "split", "train_size"));
        Assert.Null(paper.Get(2, "TCREE", "text_only", "f1"));
        Assert.Equal("not available offline", paper.Find(2, "TCREE", "text_only", "f1")!.Note);
        Assert.Equal((1, 2), (paper.FindClaim(4, "macro_f1")!.Helped, paper.FindClaim(4, "macro_f1")!.Of));
        Assert.Equal("Test paper (arXiv 0000.00000)", paper.Citation);
    }

    [Theory]
    [InlineData("metric: f1, value: 70.00", "metric: f2, value: 70.00", "values[0].metric 'f2' is not one of f1 for Table 2", 9)]
    [InlineData("dataset: SCNM, condition: text_tli", "dataset: SCNN, condition: text_tli", "values[1].dataset 'SCNN' is not in datasets", 10)]
    [InlineData("value: 72.50", "value: 172.50", "must be a percentage between 0 and 100", 10)]
    [InlineData("value: 1600", "value: 16.5", "must be a non-negative whole number for train_size", 11)]
    [InlineData("value: null, source: \"Table 2, row TCREE\", note: not available offline", "value: null, source: \"Table 2, row TCREE\"", "add a note saying why", 12)]
    [InlineData("condition: text_only, metric: f1, value: null", "condition: text_wli, metric: f1, value: null", "condition 'text_wli' is not one of text_only, text_tli for Table 2", 12)]
    [InlineData("helped: 1, of: 2", "helped: 3, of: 2", "claims[0].helped 3 must be between 0 and of (2)", 7)]
    [InlineData("unit: percent", "unit: fraction", "unit must be 'percent'", 4)]
    [InlineData("  arxiv:", "  doi:", "unknown key 'doi' in", 3)]
    public void Should_name_file_line_and_problem_for_a_bad_entry(string find, string replace, string problem, int line)
    {
        var path = Write(Valid.Replace(find, replace, StringComparison.Ordinal));

        var error = Assert.Throws<PaperReferenceException>(() => PaperReference.Load(path));

        Assert.True(error.Message.StartsWith($"{path}:{line}:", StringComparison.Ordinal), error.Message);
        Assert.Contains(problem, error.Message);
    }

    [Fact]
    public void Should_refuse_a_cell_written_twice()
    {
        var duplicated = Valid + "\n  - {table: 2, dataset: SCNM, condition: text_only, metric: f1, value: 71, source: again}\n";

        var error = Assert.Throws<PaperReferenceException>(() => PaperReference.Load(Write(duplicated)));

        Assert.Contains("values[4] repeats Table 2, SCNM, text_only, f1", error.Message);
    }

    [Theory]
    [InlineData("paper:\n  title: [unclosed\nunit: percent\n")]
    [InlineData("paper:\n  title: a: b\nunit: percent\n")]
    public void Should_report_invalid_yaml_naming_the_file(string text)
    {
        var path = Write(text);

        var error = Assert.Throws<PaperReferenceException>(() => PaperReference.Load(path));

        Assert.StartsWith(path + ":", error.Message);
        Assert.Contains("invalid YAML", error.Message);
    }

    [Fact]
    public void Should_name_a_missing_file()
    {
        var error = Assert.Throws<PaperReferenceException>(() => PaperReference.Load(_folder.PathOf("absent.yaml")));

        Assert.Contains("absent.yaml: paper reference file not found", error.Message);
    }

    [Fact]
    public void Should_name_a_missing_required_key()
    {
        var error = Assert.Throws<PaperReferenceException>(() => PaperReference.Load(Write(Valid.Replace("datasets: [SCNM, TCREE]\n", "", StringComparison.Ordinal))));

        Assert.Contains("missing key 'datasets'", error.Message);
    }

    private string Write(string text)
    {
        var path = _folder.PathOf("paper-reference.yaml");
        File.WriteAllText(path, text);
        return path;
    }
}
