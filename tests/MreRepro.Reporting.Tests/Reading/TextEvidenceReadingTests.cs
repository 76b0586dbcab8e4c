using MreRepro.Reporting.Model;
using MreRepro.Reporting.Reading;

namespace MreRepro.Reporting.Tests.Reading;

/// <summary>Table 2's gain where the text reveals its text-level label and where it hides it.</summary>
public sealed class TextEvidenceReadingTests
{
    private static GainEstimate Gain(double gain, double lower, double upper) => new(gain, new ConfidenceInterval(lower, upper, 0.95));

    private static WordLevelRow Row(string dataset, string? group, EvidenceSplit? split) =>
        new(dataset, null, new MetricPair(Score.Single(0.5), Score.Single(0.5)), group) { ByTextEvidence = split };

    [Fact]
    public void Should_count_gains_in_each_part_separately_for_planted_and_control_rows()
    {
        var rows = new[]
        {
            Row("SCNM", null, new EvidenceSplit(850, 150, Gain(-0.02, -0.04, -0.01), Gain(0.06, 0.02, 0.10))),
            Row("TCREE", null, new EvidenceSplit(900, 100, Gain(0.01, -0.01, 0.03), Gain(0.03, -0.01, 0.07))),
            Row("SCNM-ctrl", "control", new EvidenceSplit(600, 400, Gain(0.00, -0.02, 0.02), Gain(-0.01, -0.04, 0.02))),
            Row("no text-level answers", null, null),
        };

        var sentences = TextEvidenceReading.Describe(rows);

        Assert.Equal(2, sentences.Count);
        Assert.Equal("Where the text alone hides the text-level label (the Text-only text-level model of the same seed answered wrong: 12.5% of answers), "
            + "Text+TLI raised word-level F1 in two out of two datasets (CI above zero in one, below zero in zero); "
            + "where the text reveals it, in one out of two datasets (CI above zero in zero, below zero in one).", sentences[0]);
        Assert.StartsWith("In the control rows, where the text alone hides the text-level label (the Text-only text-level model of the same seed answered wrong: 40.0% of answers), Text+TLI raised word-level F1 in zero out of one", sentences[1]);
    }

    [Fact]
    public void Should_show_answers_shares_and_gains_in_points_and_a_dash_for_an_empty_part()
    {
        var rows = TextEvidenceReading.Rows([Row("SCNM", null, new EvidenceSplit(2288, 412, Gain(-0.0269, -0.0443, -0.0114), null)), Row("x", null, null)]);

        var row = Assert.Single(rows);
        Assert.Equal(new EvidenceRowView("SCNM", "2,288 (84.7%)", "-2.69 [-4.43, -1.14]", "412 (15.3%)", "—"), row);
    }
}
