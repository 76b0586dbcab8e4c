using MreRepro.Reporting.Formatting;
using MreRepro.Reporting.Model;

namespace MreRepro.Reporting.Reading;

/// <summary>
/// What the dose-response figure shows, per measure and paper dataset: the value at the lowest strength (and whether
/// its interval covers 0 for a gain), the value at the highest, and at how many steps between strengths it rose.
/// The method is supported where both gains and flows rise with strength and the gains sit at 0 without it.
/// </summary>
public static class DoseResponseReading
{
    public static IReadOnlyList<string> Describe(DoseResponse figure)
    {
        ArgumentNullException.ThrowIfNull(figure);
        var lines = new List<string>();
        foreach (var measure in DoseResponse.Measures)
        {
            foreach (var (series, points) in figure.Panel(measure))
            {
                var known = points.Where(p => p.Value is not null).ToList();
                if (known.Count < 2)
                {
                    continue;
                }
                var isGain = measure is DoseResponse.WordLevelGain or DoseResponse.TextLevelGain;
                string Value(DosePoint p) => isGain ? ReportFormat.SignedPercent(p.Value) : ReportFormat.Fixed(p.Value!.Value, 3);
                var first = known[0];
                var last = known[^1];
                var rises = known.Zip(known.Skip(1)).Count(step => step.Second.Value > step.First.Value);
                var atZero = isGain && first.Lower is double lo && first.Upper is double hi
                    ? (lo <= 0 && hi >= 0 ? " (its interval covers 0)" : " (its interval excludes 0)")
                    : string.Empty;
                lines.Add($"{measure}, {series}: {Value(first)} at s = {Strength(first.Strength)}{atZero}, {Value(last)} at s = {Strength(last.Strength)}; it rose at {rises} of {known.Count - 1} steps.");
            }
        }
        return lines;
    }

    private static string Strength(double s) => s.ToString("0.##", System.Globalization.CultureInfo.InvariantCulture);
}
