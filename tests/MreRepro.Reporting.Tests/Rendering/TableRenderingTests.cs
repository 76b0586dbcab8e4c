using MreRepro.Reporting.Reference;
using MreRepro.Reporting.Rendering;
using MreRepro.Reporting.Tests.TestSupport;

namespace MreRepro.Reporting.Tests.Rendering;

public sealed class TableRenderingTests
{
    private static readonly PaperReference s_paper = PaperReference.Load(RepositoryPaths.PaperReference);
    private readonly ReportViewBuilder _builder = new(s_paper);
    private readonly TemplateRunner _runner = new(RepositoryPaths.Templates);

    [Fact]
    public void Should_render_table1_with_sizes_paper_columns_and_label_shares()
    {
        var markdown = _runner.Render("table1.sbn-md", new Dictionary<string, object> { ["table"] = _builder.Table1(ReportSamples.Table1()) });

        TableSnapshot.Match(markdown, "Rendering", "Table1");
    }

    [Fact]
    public void Should_render_table2_with_ours_paper_difference_and_gain_interval()
    {
        var markdown = _runner.Render("comparison.sbn-md", new Dictionary<string, object> { ["table"] = _builder.Table2(ReportSamples.Table2()) });

        TableSnapshot.Match(markdown, "Rendering", "Table2");
    }

    [Fact]
    public void Should_render_table3_with_macro_f1_and_accuracy_rows()
    {
        var markdown = _runner.Render("comparison.sbn-md", new Dictionary<string, object> { ["table"] = _builder.Table3(ReportSamples.Table3()) });

        TableSnapshot.Match(markdown, "Rendering", "Table3");
    }

    [Fact]
    public void Should_render_table4_with_seed_spread()
    {
        var markdown = _runner.Render("comparison.sbn-md", new Dictionary<string, object> { ["table"] = _builder.Table4(ReportSamples.Table4()) });

        TableSnapshot.Match(markdown, "Rendering", "Table4");
    }

    [Fact]
    public void Should_render_run_facts_with_cache_hits_and_durations()
    {
        var markdown = _runner.Render("run.sbn-md", new Dictionary<string, object> { ["run"] = _builder.Run(ReportSamples.Run()) });

        TableSnapshot.Match(markdown, "Rendering", "RunFacts");
    }

    [Fact]
    public void Should_keep_every_table_row_on_one_line_with_the_header_column_count()
    {
        var markdown = _runner.Render("comparison.sbn-md", new Dictionary<string, object> { ["table"] = _builder.Table2(ReportSamples.Table2()) });

        // Three tables: the comparison, the planted-against-control rows, the split by text-level evidence; each keeps one column count.
        var tables = markdown.Split("\n\n").Select(b => b.Split('\n').Where(l => l.StartsWith('|')).ToList()).Where(t => t.Count > 0).ToList();
        Assert.Equal([2 + ReportSamples.Table2().Sum(r => r.SetF1 is null ? 1 : 2), 2 + ReportSamples.Table2().Count(r => r.VersusControl is not null),
            2 + ReportSamples.Table2().Count(r => r.ByTextEvidence is not null)], tables.Select(t => t.Count));
        foreach (var tableLines in tables)
        {
            var columns = tableLines.Select(l => l.Replace("\\|", "", StringComparison.Ordinal).Count(c => c == '|')).Distinct().ToList();
            Assert.Single(columns);
        }
    }

    [Fact]
    public void Should_escape_a_pipe_inside_a_dataset_name()
    {
        var markdown = _runner.Render("table1.sbn-md", new Dictionary<string, object> { ["table"] = _builder.Table1(ReportSamples.Table1()) });

        Assert.Contains("SCNM \\| generated (control)", markdown);
    }
}
