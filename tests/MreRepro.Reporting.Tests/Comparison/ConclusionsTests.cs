using MreRepro.Reporting.Comparison;
using MreRepro.Reporting.Formatting;
using MreRepro.Reporting.Model;
using MreRepro.Reporting.Rendering;
using MreRepro.Reporting.Tests.TestSupport;

namespace MreRepro.Reporting.Tests.Comparison;

/// <summary>The run's "k of n" counts written beside the report, and their comparison across two runs.</summary>
public sealed class ConclusionsTests
{
    private static ReportModel Model() =>
        new("t", null, ReportSamples.Run(), ReportSamples.Table1(), ReportSamples.Table2(), ReportSamples.Table3(), ReportSamples.Table4(),
            [new FlowFigureModel("figure5", "Figure 5: WLI → text-level", [], "f.png", "f.svg") { Comparisons = ReportSamples.Comparisons() }]);

    private static Dictionary<string, (int Count, int Of)> Counts() =>
        Conclusions.From(Model()).ToDictionary(c => c.Key, c => (c.Count, c.Of));

    [Fact]
    public void Should_count_gains_and_intervals_per_group_of_rows()
    {
        var counts = Counts();

        // Table 2, main rows: SCPOS:N&Adj lacks a score; of the other five, SCPOS:RW's gain is negative; two have a CI.
        Assert.Equal((4, 5), counts["table2.main.gain_positive"]);
        Assert.Equal((1, 2), counts["table2.main.ci_above_zero"]);
        Assert.Equal((0, 2), counts["table2.main.ci_below_zero"]);
        Assert.Equal((1, 2), counts["table2.main.ci_covers_zero"]);
        // Control rows: a gain of exactly 0 is not above zero; no CI, so no CI counts.
        Assert.Equal((1, 2), counts["table2.control.gain_positive"]);
        Assert.False(counts.ContainsKey("table2.control.ci_above_zero"));
        // Table 3: the last paper dataset loses 3 points; Table 4: the third's CI covers zero, the rest lie above.
        Assert.Equal((5, 6), counts["table3.main.gain_positive"]);
        Assert.Equal((5, 6), counts["table4.main.gain_positive"]);
        Assert.Equal((5, 6), counts["table4.main.ci_above_zero"]);
        Assert.Equal((1, 6), counts["table4.main.ci_covers_zero"]);
    }

    [Fact]
    public void Should_count_planted_against_control_text_evidence_and_flows()
    {
        var counts = Counts();

        Assert.Equal((1, 2), counts["table3.planted_vs_control.larger"]);
        Assert.Equal((1, 2), counts["table3.planted_vs_control.ci_above_zero"]);
        Assert.Equal((1, 2), counts["table3.planted_vs_control.ci_covers_zero"]);
        Assert.Equal((1, 1), counts["table2.planted_vs_control.larger"]);
        Assert.Equal((1, 1), counts["table2.control.text_hides_label.gain_positive"]);
        Assert.Equal((1, 1), counts["table2.control.text_hides_label.ci_above_zero"]);
        Assert.Equal((1, 2), counts["table2.control.text_reveals_label.gain_positive"]);
        Assert.Equal((0, 2), counts["table2.control.text_reveals_label.ci_above_zero"]);
        Assert.Equal((1, 2), counts["figure5.spq.planted_larger"]);
        Assert.Equal((1, 2), counts["figure5.spq.ci_above_zero"]);
        // Two layers before the last in each of two datasets; the forced last layer is not counted.
        Assert.Equal((1, 4), counts["figure5.swp.ci_above_zero"]);
        Assert.Equal((0, 4), counts["figure5.swp.ci_below_zero"]);
        Assert.False(counts.ContainsKey("table4.planted_vs_control.larger"));
    }

    [Fact]
    public void Should_add_up_over_parts_that_split_the_rows()
    {
        // `mre sum-conclusions` adds the reports of parts of one run (disjoint datasets). That is right only while every
        // count is a number of rows, pairs or dataset-layers: a count of another kind (a mean over datasets, a "most")
        // would break this.
        ReportModel Part(Func<int, bool> keep)
        {
            var whole = Model();
            var figure = whole.Figures[0];
            return whole with
            {
                Table2 = whole.Table2.Where((_, i) => keep(i)).ToList(),
                Table3 = whole.Table3.Where((_, i) => keep(i)).ToList(),
                Table4 = whole.Table4.Where((_, i) => keep(i)).ToList(),
                Figures = [figure with { Comparisons = figure.Comparisons.Where((_, i) => keep(i)).ToList() }],
            };
        }
        static Dictionary<string, (int Count, int Of)> Sum(params ReportModel[] parts) =>
            parts.SelectMany(Conclusions.From).GroupBy(c => c.Key).ToDictionary(g => g.Key, g => (g.Sum(c => c.Count), g.Sum(c => c.Of)));

        foreach (var split in new Func<int, bool>[] { i => i % 2 == 0, i => i < 3, i => i == 6 })
        {
            var sum = Sum(Part(split), Part(i => !split(i)));

            Assert.Equal(Counts().OrderBy(p => p.Key), sum.OrderBy(p => p.Key));
        }
    }

    [Fact]
    public void Should_give_the_counts_the_report_sentences_state()
    {
        var model = Model();
        var counts = Counts();
        var view = new ReportViewBuilder(MreRepro.Reporting.Reference.PaperReference.Empty).Table4(model.Table4);

        var sentence = Assert.Single(view.Reading);
        var (helped, of) = counts["table4.main.gain_positive"];
        Assert.Contains($"in {NumberWords.OutOf(helped, of)} datasets", sentence);
        Assert.Contains($"lies above zero in {NumberWords.OutOf(counts["table4.main.ci_above_zero"].Count, of)}", sentence);
        Assert.Contains($"covers zero in {NumberWords.Of(counts["table4.main.ci_covers_zero"].Count)}.", sentence);
    }

    [Fact]
    public void Should_read_back_what_it_writes()
    {
        using var folder = new TempFolder();
        var path = Path.Combine(folder.Path, Conclusions.FileName);
        var counts = Conclusions.From(Model());

        Conclusions.Write(counts, path);

        Assert.Equal(counts, Conclusions.Read(path));
        Assert.Contains("\"key\": \"table3.main.gain_positive\"", File.ReadAllText(path));
        Assert.Contains("Table 3 (text-level macro-F1, Text+WLI − Text only), main rows: gain above zero", File.ReadAllText(path));
    }

    [Fact]
    public void Should_name_the_file_when_it_is_missing_or_not_a_conclusions_file()
    {
        using var folder = new TempFolder();
        var path = Path.Combine(folder.Path, "report.md");

        var missing = Assert.Throws<ReportInputException>(() => Conclusions.Read(path));
        File.WriteAllText(path, "# a report\n");
        var wrong = Assert.Throws<ReportInputException>(() => Conclusions.Read(path));
        File.WriteAllText(path, "{\"format\": 2, \"counts\": []}");
        var newer = Assert.Throws<ReportInputException>(() => Conclusions.Read(path));

        Assert.StartsWith($"{path}: conclusions file not found", missing.Message);
        Assert.StartsWith($"{path}: not a conclusions file (line 1:", wrong.Message);
        Assert.StartsWith($"{path}: not a conclusions file of format 1", newer.Message);
    }

    [Fact]
    public void Should_agree_within_the_tolerance_on_the_same_n_and_flag_the_rest()
    {
        ConclusionCount Count(string key, int count, int of) => new(key, key, count, of);
        var first = new[] { Count("a", 5, 6), Count("b", 3, 6), Count("c", 4, 6), Count("d", 6, 6) };
        var second = new[] { Count("a", 4, 6), Count("b", 5, 6), Count("c", 4, 5), Count("e", 1, 6) };

        var rows = ConclusionDifference.Compare(first, second, tolerance: 1);

        Assert.Equal(["a", "b", "c", "d", "e"], rows.Select(r => r.Key));
        Assert.Equal([true, false, false, false, false], rows.Select(r => r.Agrees));
        Assert.True(ConclusionDifference.Compare(first, second, tolerance: 2)[1].Agrees);
        Assert.Throws<ArgumentOutOfRangeException>(() => ConclusionDifference.Compare(first, second, tolerance: -1));
    }
}
