using MreRepro.Reporting.Formatting;

namespace MreRepro.Reporting.Tests.Formatting;

public sealed class ReportFormatTests
{
    [Theory]
    [InlineData(0.85125, "85.13")]
    [InlineData(0.12345, "12.35")]
    [InlineData(0.5, "50.00")]
    [InlineData(1.0, "100.00")]
    [InlineData(0.0, "0.00")]
    public void Should_show_scores_as_percentages_with_two_decimals_rounding_half_away_from_zero(double fraction, string expected)
    {
        Assert.Equal(expected, ReportFormat.Percent(fraction));
    }

    [Fact]
    public void Should_not_use_the_current_culture_decimal_comma()
    {
        var previous = System.Globalization.CultureInfo.CurrentCulture;
        System.Globalization.CultureInfo.CurrentCulture = new System.Globalization.CultureInfo("de-DE");
        try
        {
            Assert.Equal("85.13", ReportFormat.Percent(0.85125));
            Assert.Equal("5,343", ReportFormat.Count(5343));
        }
        finally
        {
            System.Globalization.CultureInfo.CurrentCulture = previous;
        }
    }

    [Theory]
    [InlineData(0.0123, "+1.23")]
    [InlineData(-0.004, "-0.40")]
    [InlineData(-0.00001, "+0.00")]
    [InlineData(0.0, "+0.00")]
    [InlineData(-0.00005, "-0.01")]
    public void Should_sign_differences_and_never_print_minus_zero(double fraction, string expected)
    {
        Assert.Equal(expected, ReportFormat.SignedPercent(fraction));
    }

    [Fact]
    public void Should_show_missing_values_with_a_dash_and_unavailable_paper_values_as_na()
    {
        Assert.Equal("—", ReportFormat.Percent(null));
        Assert.Equal("n/a", ReportFormat.Percent(null, ReportFormat.NotAvailable));
        Assert.Equal("—", ReportFormat.MeanSpread(null, 0.1));
        Assert.Equal("—", ReportFormat.Interval(0.01, null));
        Assert.Equal("—", ReportFormat.Count(null));
    }

    [Fact]
    public void Should_write_mean_plus_minus_spread_and_a_signed_interval()
    {
        Assert.Equal("70.21 ± 0.75", ReportFormat.MeanSpread(0.70207, 0.0075));
        Assert.Equal("70.21", ReportFormat.MeanSpread(0.70207, null));
        Assert.Equal("[-2.00, +1.50]", ReportFormat.Interval(-0.02, 0.015));
        Assert.Equal("95%", ReportFormat.Level(0.95));
    }

    [Theory]
    [InlineData(1.234, "1.2 s")]
    [InlineData(185.0, "3 min 05 s")]
    [InlineData(3725.5, "1 h 02 min 06 s")]
    public void Should_write_durations_in_seconds_minutes_and_hours(double seconds, string expected)
    {
        Assert.Equal(expected, ReportFormat.Duration(seconds));
    }

    [Fact]
    public void Should_write_parameter_values_as_yaml_and_python_would()
    {
        Assert.Equal("1e-05", ReportFormat.Value(1e-5));
        Assert.Equal("0.0002", ReportFormat.Value(2e-4));
        Assert.Equal("false", ReportFormat.Value(false));
        Assert.Equal("[42, 43]", ReportFormat.Value(new[] { 42, 43 }));
        Assert.Equal("—", ReportFormat.Value(null));
    }

    [Fact]
    public void Should_show_label_shares_with_one_decimal()
    {
        Assert.Equal("33.3%", ReportFormat.Share(1, 3));
        Assert.Equal("—", ReportFormat.Share(1, 0));
    }
}
