using MreRepro.Reporting.Model;
using MreRepro.Reporting.Reading;

namespace MreRepro.Reporting.Tests.Reading;

public sealed class FlowReadingTests
{
    private static FlowPanel Panel(string name, int seeds) =>
        new(name, [0, 1, 2], [0.5, 0.3, 0.0], [0.1, 0.3, 0.9], [0.4, 0.4, 0.1]) { Seeds = seeds };

    private static FlowComparison Comparison(string paper, double spqDifference, double lower, double swpLower) => new(
        paper, paper, paper + "-ctrl", 3, 3,
        new Estimate(0.4 + spqDifference, 0.4, lower, lower + 0.1, 0.95),
        [new Estimate(0.3, 0.2, swpLower, swpLower + 0.1, 0.95), new Estimate(0.2, 0.2, -0.05, 0.05, 0.95), new Estimate(0, 0, 0, 0, 0.95)],
        0);

    private static FlowFigureModel Figure(params FlowComparison[] comparisons) =>
        new("figure4", "Figure 4", [Panel("SCNM", 3), Panel("SCNM-ctrl", 3)], "f.png", "f.svg") { Comparisons = comparisons };

    [Fact]
    public void Should_count_planted_above_control_from_the_means_and_intervals()
    {
        var lines = FlowReading.Describe(Figure(Comparison("A", 0.1, 0.02, 0.01), Comparison("B", 0.05, -0.01, -0.2), Comparison("C", -0.02, -0.1, -0.3)));

        Assert.Contains(lines, l => l.Contains("larger with planted strength than in its control in two out of three datasets; the 95% CI of the difference (seed and saliency-sample variances of both added) lies above zero in one.", StringComparison.Ordinal));
        Assert.Contains(lines, l => l.Contains("the CI lies above zero in one out of six dataset-layers, below zero in two", StringComparison.Ordinal));
    }

    [Fact]
    public void Should_say_how_many_seeds_and_layers_and_what_the_band_is()
    {
        var line = FlowReading.Describe(Figure(Comparison("A", 0.1, 0.02, 0.01)))[0];

        Assert.Equal("Each line is the mean over three fine-tuning seeds of the spec A6 proportions; the shaded band spans their minimum to maximum over seeds. Three layers (0 to 2).", line);
    }

    [Fact]
    public void Should_state_that_the_last_layer_s_wp_is_forced_rather_than_count_it_as_a_finding()
    {
        var lines = FlowReading.Describe(Figure(Comparison("A", 0.1, 0.02, 0.01)));

        Assert.StartsWith("Forced by construction, not counted as findings: in the last layer only the target row reaches the loss, so S_wp is exactly 0 there (largest value measured here: 0.000000)", lines[^1]);
        Assert.DoesNotContain(lines, l => l.Contains("S_pq is the largest", StringComparison.Ordinal));
    }

    [Fact]
    public void Should_mark_the_last_layer_as_forced_in_the_layer_by_layer_row()
    {
        var row = Assert.Single(FlowReading.Rows(Figure(Comparison("A", 0.1, 0.02, 0.01))));

        Assert.Equal("A vs A-ctrl", row.Datasets);
        Assert.Equal("+0.100 [+0.020, +0.120]", row.SpqDifference);
        Assert.Equal("0: +0.100 [+0.010, +0.110]; 1: +0.000 [-0.050, +0.050]; 2: 0 (forced)", row.SwpByLayer);
    }
}
