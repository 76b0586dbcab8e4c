using MreRepro.Reporting.Model;
using MreRepro.Reporting.Reference;
using MreRepro.Reporting.Rendering;
using MreRepro.Reporting.Tests.TestSupport;

namespace MreRepro.Reporting.Tests.Rendering;

public sealed class ReportViewBuilderTests : IDisposable
{
    // Made-up paper numbers to exercise the comparison path; they are not the paper's.
    private const string Reference = """
        paper: {title: Test paper}
        unit: percent
        datasets: [SCNM, TCREE]
        values:
          - {table: 2, dataset: SCNM, condition: text_only, metric: f1, value: 70.00, source: "Table 2, row SCNM, column Text only"}
          - {table: 2, dataset: SCNM, condition: text_tli, metric: f1, value: 72.50, source: "Table 2, row SCNM, column Text+TLI"}
          - {table: 2, dataset: TCREE, condition: text_only, metric: f1, value: 40.00, source: "Table 2, row TCREE, column Text only"}
          - {table: 2, dataset: TCREE, condition: text_tli, metric: f1, value: 39.00, source: "Table 2, row TCREE, column Text+TLI"}
        """;

    private readonly TempFolder _folder = new();

    public void Dispose() => _folder.Dispose();

    [Fact]
    public void Should_put_ours_the_paper_and_their_difference_in_each_cell()
    {
        var builder = new ReportViewBuilder(Load());
        var rows = new[] { new WordLevelRow("SCNM", "SCNM", new MetricPair(Score.FromSeeds([0.7012, 0.7100, 0.6950]), Score.Single(0.73))) };

        var row = Assert.Single(builder.Table2(rows).Rows);

        Assert.Equal(("70.21 ± 0.75", "70.00", "+0.21"), (row.Without.Ours, row.Without.Paper, row.Without.Diff));
        Assert.Equal("70.21 ± 0.75 (paper 70.00; Δ +0.21)", row.Without.Text);
        Assert.Equal("73.00 (paper 72.50; Δ +0.50)", row.With.Text);
        Assert.Equal("+2.50", row.GainPaper);
    }

    [Fact]
    public void Should_count_the_paper_from_its_values_when_all_are_known()
    {
        var builder = new ReportViewBuilder(Load());
        var rows = new[]
        {
            new WordLevelRow("SCNM", "SCNM", new MetricPair(Score.Single(0.7), Score.Single(0.75))),
            new WordLevelRow("TCREE", "TCREE", new MetricPair(Score.Single(0.4), Score.Single(0.45))),
        };

        var reading = Assert.Single(builder.Table2(rows).Reading);

        Assert.Contains("in two out of two datasets (paper: one out of two)", reading);
    }

    [Fact]
    public void Should_show_no_paper_columns_for_control_rows()
    {
        var builder = new ReportViewBuilder(Load());
        var rows = new[] { new WordLevelRow("SCNM (control)", null, new MetricPair(Score.Single(0.6), Score.Single(0.6)), "control") };

        var row = Assert.Single(builder.Table2(rows).Rows);

        Assert.Equal("60.00", row.Without.Text);
        Assert.Equal("—", row.GainPaper);
    }

    private PaperReference Load()
    {
        var path = _folder.PathOf("paper-reference.yaml");
        File.WriteAllText(path, Reference);
        return PaperReference.Load(path);
    }
}
