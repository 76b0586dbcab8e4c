using MreRepro.Reporting.Model;
using MreRepro.Reporting.Reading;

namespace MreRepro.Reporting.Tests.Reading;

public sealed class InformationReadingTests
{
    private const string Finding = "adding the text-level label helped word-level extraction";

    [Fact]
    public void Should_count_datasets_where_the_information_helped_and_quote_the_paper()
    {
        var rows = Enumerable.Range(0, 6).Select(i => new GainComparison($"d{i}", null, 0.5, i == 0 ? 0.4 : 0.6, null, null)).ToList();

        var sentences = InformationReading.Describe(Finding, rows, (3, 6));

        Assert.Equal(["Adding the text-level label helped word-level extraction in five out of six datasets (paper: three out of six)."], sentences);
    }

    [Fact]
    public void Should_not_count_a_tie_as_help()
    {
        var rows = new[] { new GainComparison("a", null, 0.5, 0.5, null, null) };

        var sentence = Assert.Single(InformationReading.Describe(Finding, rows, null));

        Assert.Contains("zero out of one datasets (paper: not available offline)", sentence);
    }

    [Fact]
    public void Should_report_the_control_rows_in_their_own_sentence_and_intervals_above_zero()
    {
        var rows = new[]
        {
            new GainComparison("SCNM", null, 0.5, 0.6, 0.02, 0.15),
            new GainComparison("TCREE", null, 0.5, 0.55, -0.01, 0.1),
            new GainComparison("SCNM (control)", "control", 0.5, 0.49, -0.03, 0.02),
        };

        var sentences = InformationReading.Describe(Finding, rows, null);

        Assert.Equal(2, sentences.Count);
        Assert.Contains("The confidence interval of the gain lies above zero in one out of two.", sentences[0]);
        Assert.StartsWith("In the control rows, adding the text-level label", sentences[1]);
        Assert.Contains("zero out of one datasets", sentences[1]);
    }

    [Fact]
    public void Should_say_how_many_datasets_lack_one_of_the_two_results()
    {
        var rows = new[] { new GainComparison("a", null, 0.5, 0.6, null, null), new GainComparison("b", null, 0.5, null, null, null) };

        var sentence = Assert.Single(InformationReading.Describe(Finding, rows, null));

        Assert.Contains("one out of one datasets", sentence);
        Assert.EndsWith("One dataset has no result for one of the two inputs.", sentence);
    }

    [Fact]
    public void Should_prefer_counts_from_paper_values_over_a_prose_claim()
    {
        var claim = new MreRepro.Reporting.Reference.PaperClaim("c", 4, "macro_f1", 5, 6, "abstract");

        Assert.Equal((1, 2), InformationReading.PaperCount([(0.5, 0.6), (0.5, 0.4)], claim));
        Assert.Equal((5, 6), InformationReading.PaperCount([(0.5, null)], claim));
        Assert.Null(InformationReading.PaperCount([(0.5, null)], null));
    }

    [Fact]
    public void Should_count_datasets_whose_last_layer_is_dominated_by_s_pq()
    {
        var panels = new[]
        {
            new FlowPanel("a", [0, 1], [0.5, 0.2], [0.1, 0.6], [0.4, 0.2]),
            new FlowPanel("b", [0, 1], [0.5, 0.5], [0.1, 0.2], [0.4, 0.3]),
        };

        Assert.Equal("In the last layer, S_pq is the largest of the three proportions in one out of two datasets.", InformationReading.DescribeLastLayer(panels));
    }
}
