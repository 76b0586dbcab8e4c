using System.Globalization;

namespace MreRepro.Reporting.Formatting;

/// <summary>Every number in the report is formatted here: scores as percentages with two decimals, like the paper's tables.</summary>
/// <remarks>
/// Scores are fractions in the model (0.85125) and shown as percentage points ("85.13"). Rounding goes through decimal
/// (the double's shortest 15-digit value) with MidpointRounding.AwayFromZero, so 0.12345 shows as "12.35" as a reader
/// checking by hand expects, not as banker's rounding or the binary expansion would have it. InvariantCulture throughout.
/// </remarks>
public static class ReportFormat
{
    /// <summary>Our value is missing (stage not run, or no result).</summary>
    public const string Missing = "—";

    /// <summary>The paper's value could not be obtained.</summary>
    public const string NotAvailable = "n/a";

    private const int ScoreDecimals = 2;

    /// <summary>"85.13" for 0.85125; Missing for null.</summary>
    public static string Percent(double? fraction, string missing = Missing) =>
        fraction is { } value ? Fixed(value * 100.0, ScoreDecimals) : missing;

    /// <summary>"+1.23" / "-0.40" / "+0.00" percentage points for a difference of fractions; a rounded zero never shows as "-0.00".</summary>
    public static string SignedPercent(double? fraction, string missing = Missing) =>
        fraction is { } value ? Signed(value * 100.0, ScoreDecimals) : missing;

    /// <summary>"85.13 ± 0.42" over several seeds, "85.13" for one.</summary>
    public static string MeanSpread(double? mean, double? spread, string missing = Missing)
    {
        if (mean is null)
        {
            return missing;
        }

        return spread is { } sd ? $"{Percent(mean)} ± {Percent(sd)}" : Percent(mean);
    }

    /// <summary>"[+0.80, +3.40]" for an interval of a difference; Missing when either bound is absent.</summary>
    public static string Interval(double? lower, double? upper, string missing = Missing) =>
        lower is null || upper is null ? missing : $"[{SignedPercent(lower)}, {SignedPercent(upper)}]";

    /// <summary>"95%" for a confidence level of 0.95.</summary>
    public static string Level(double level) => Fixed(level * 100.0, 0) + "%";

    /// <summary>"5,343"; Missing for null.</summary>
    public static string Count(int? count, string missing = Missing) =>
        count is { } value ? value.ToString("N0", CultureInfo.InvariantCulture) : missing;

    /// <summary>"20.1%" share of a total with one decimal.</summary>
    public static string Share(int count, int total) =>
        total <= 0 ? Missing : Fixed(100.0 * count / total, 1) + "%";

    /// <summary>"12.3 s", "3 min 05 s", "1 h 02 min 05 s"; Missing for null.</summary>
    public static string Duration(double? seconds)
    {
        if (seconds is not { } value)
        {
            return Missing;
        }

        if (value < 60)
        {
            return Fixed(value, 1) + " s";
        }

        var whole = (long)Math.Round((decimal)value, 0, MidpointRounding.AwayFromZero);
        var hours = whole / 3600;
        var minutes = whole % 3600 / 60;
        var secs = whole % 60;
        return hours > 0
            ? string.Create(CultureInfo.InvariantCulture, $"{hours} h {minutes:00} min {secs:00} s")
            : string.Create(CultureInfo.InvariantCulture, $"{minutes} min {secs:00} s");
    }

    /// <summary>A parameter or configuration value: shortest round-trip form for floating point ("1e-05", as Python and YAML write it), lowercase booleans.</summary>
    public static string Value(object? value) => value switch
    {
        null => Missing,
        string text => text,
        bool flag => flag ? "true" : "false",
        double number => number.ToString("R", CultureInfo.InvariantCulture).Replace('E', 'e'),
        float number => number.ToString("R", CultureInfo.InvariantCulture).Replace('E', 'e'),
        IFormattable formattable => formattable.ToString(null, CultureInfo.InvariantCulture),
        System.Collections.IEnumerable items => "[" + string.Join(", ", items.Cast<object?>().Select(Value)) + "]",
        _ => value.ToString() ?? Missing,
    };

    /// <summary>Fixed decimals with away-from-zero rounding; "-0.00" becomes "0.00".</summary>
    public static string Fixed(double value, int decimals)
    {
        if (double.IsNaN(value) || double.IsInfinity(value))
        {
            return Missing;
        }

        if (Math.Abs(value) > 1e15)
        {
            return value.ToString("F" + decimals.ToString(CultureInfo.InvariantCulture), CultureInfo.InvariantCulture);
        }

        var rounded = Math.Round((decimal)value, decimals, MidpointRounding.AwayFromZero);
        if (rounded == 0m)
        {
            rounded = 0m;
        }

        return rounded.ToString("F" + decimals.ToString(CultureInfo.InvariantCulture), CultureInfo.InvariantCulture);
    }

    private static string Signed(double value, int decimals)
    {
        var text = Fixed(value, decimals);
        return text.StartsWith('-') || text == Missing ? text : "+" + text;
    }
}
