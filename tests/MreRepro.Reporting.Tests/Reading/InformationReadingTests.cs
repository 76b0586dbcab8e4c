using MreRepro.Reporting.Model;
using MreRepro.Reporting.Reading;

namespace MreRepro.Reporting.Tests.Reading;

public sealed class InformationReadingTests
{
    private const string Finding = "adding the text-level label helped word-level extraction";
    private static readonly PaperCount s_noPaper = new(null, null);

    [Fact]
    public void Should_count_datasets_where_the_information_helped_and_quote_the_paper()
    {
        var rows = Enumerable.Range(0, 6).Select(i => new GainComparison($"d{i}", null, 0.5, i == 0 ? 0.4 : 0.6, null, null)).ToList();

        var sentences = InformationReading.Describe(Finding, rows, new PaperCount((3, 6), null));

        Assert.Equal(["Adding the text-level label helped word-level extraction in five out of six datasets (paper: three out of six)."], sentences);
    }

    [Fact]
    public void Should_not_count_a_tie_as_help()
    {
        var rows = new[] { new GainComparison("a", null, 0.5, 0.5, null, null) };

        var sentence = Assert.Single(InformationReading.Describe(Finding, rows, s_noPaper));

        Assert.Contains("zero out of one datasets (paper: not available)", sentence);
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

        var sentences = InformationReading.Describe(Finding, rows, s_noPaper);

        Assert.Equal(2, sentences.Count);
        Assert.Contains("The confidence interval of the gain lies above zero in one out of two, below zero in zero and covers zero in one.", sentences[0]);
        Assert.StartsWith("In the control rows, adding the text-level label", sentences[1]);
        Assert.Contains("zero out of one datasets", sentences[1]);
    }

    [Fact]
    public void Should_say_how_many_datasets_lack_one_of_the_two_results()
    {
        var rows = new[] { new GainComparison("a", null, 0.5, 0.6, null, null), new GainComparison("b", null, 0.5, null, null, null) };

        var sentence = Assert.Single(InformationReading.Describe(Finding, rows, s_noPaper));

        Assert.Contains("one out of one datasets", sentence);
        Assert.EndsWith("One dataset has no result for one of the two inputs.", sentence);
    }

    [Fact]
    public void Should_count_the_printed_table_only_when_every_dataset_has_both_values()
    {
        var claim = new MreRepro.Reporting.Reference.PaperClaim("c", 4, "macro_f1", 5, 6, "abstract");

        Assert.Equal((1, 2), InformationReading.PaperCount([(0.5, 0.6), (0.5, 0.4)], claim).Table);
        Assert.Null(InformationReading.PaperCount([(0.5, null)], claim).Table);
        Assert.Equal("paper, in its prose: five out of six", InformationReading.PaperCount([(0.5, null)], claim).Describe());
        Assert.Equal("paper: not available", InformationReading.PaperCount([(0.5, null)], null).Describe());
    }

    [Fact]
    public void Should_state_both_counts_and_the_note_when_the_paper_table_and_prose_disagree()
    {
        // The paper's Table 4 as printed: KV ahead in one of six, while its abstract says five of six.
        var claim = new MreRepro.Reporting.Reference.PaperClaim("kv", 4, "macro_f1", 5, 6, "abstract", "Row labels may be swapped.");
        var printed = new (double?, double?)[] { (0.7391, 0.7326), (0.7311, 0.7724), (0.529, 0.302), (0.8174, 0.6723), (0.8831, 0.7371), (0.8567, 0.7371) };

        var text = InformationReading.PaperCount(printed, claim).Describe();

        Assert.Equal("paper: one out of six in its table as printed, but five out of six in its prose; Row labels may be swapped", text);
    }

    [Fact]
    public void Should_quote_one_count_when_the_table_and_prose_agree()
    {
        var claim = new MreRepro.Reporting.Reference.PaperClaim("tli", 2, "f1", 1, 2, "6.1");

        Assert.Equal("paper: one out of two", InformationReading.PaperCount([(0.5, 0.6), (0.5, 0.4)], claim).Describe());
    }
}
