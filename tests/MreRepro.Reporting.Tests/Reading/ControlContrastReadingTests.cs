using MreRepro.Reporting.Model;
using MreRepro.Reporting.Reading;

namespace MreRepro.Reporting.Tests.Reading;

/// <summary>The planted-against-control table and reading under Tables 2–4.</summary>
public sealed class ControlContrastReadingTests
{
    private static ControlContrast Contrast(double planted, double control, double lower, double upper) =>
        new("ctrl", planted, control, new ConfidenceInterval(lower, upper, 0.95));

    [Fact]
    public void Should_count_larger_gains_and_where_the_interval_lies()
    {
        var contrasts = new[]
        {
            Contrast(0.03, -0.01, 0.01, 0.07),     // larger, above zero
            Contrast(0.01, 0.00, -0.02, 0.04),     // larger, covers zero
            Contrast(-0.02, 0.01, -0.05, -0.01),   // smaller, below zero
        };

        var sentence = Assert.Single(ControlContrastReading.Describe("text-level macro-F1", contrasts));

        Assert.Contains("the planted gain in text-level macro-F1 is larger in two out of three datasets.", sentence);
        Assert.Contains("The 95% CI of planted gain − control gain (the seed and test-record variances of the two gains added) lies above zero in one, below zero in one and covers zero in one.", sentence);
    }

    [Fact]
    public void Should_say_nothing_without_controls()
    {
        Assert.Empty(ControlContrastReading.Describe("word-level F1", []));
    }

    [Fact]
    public void Should_show_only_planted_rows_with_both_gains_their_difference_and_its_interval_in_points()
    {
        var rows = ControlContrastReading.Rows([("SCNM", Contrast(0.0098, -0.0119, -0.0141, 0.0343) with { Control = "SCNM-ctrl" }), ("SCNM-ctrl", null)]);

        var row = Assert.Single(rows);
        Assert.Equal(new ContrastRowView("SCNM vs SCNM-ctrl", "+0.98", "-1.19", "+2.17", "[-1.41, +3.43]"), row);
    }
}
