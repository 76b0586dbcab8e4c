using MreRepro.Reporting.Formatting;
using MreRepro.Reporting.Model;

namespace MreRepro.Reporting.Reading;

/// <summary>
/// The table and reading under Tables 2–4 that set each planted dataset's gain against its control's: the control's
/// gain is what supplying information that carries nothing does to the same model, so planted − control is the
/// planted effect net of that, the fair null when the control's own gain is not zero.
/// </summary>
internal static class ControlContrastReading
{
    public static IReadOnlyList<ContrastRowView> Rows(IEnumerable<(string Dataset, ControlContrast? Contrast)> rows) =>
        rows.Where(r => r.Contrast is not null).Select(r => (r.Dataset, Contrast: r.Contrast!)).Select(r => new ContrastRowView(
            $"{r.Dataset} vs {r.Contrast.Control}",
            ReportFormat.SignedPercent(r.Contrast.PlantedGain),
            ReportFormat.SignedPercent(r.Contrast.ControlGain),
            ReportFormat.SignedPercent(r.Contrast.Difference),
            ReportFormat.Interval(r.Contrast.Interval.Lower, r.Contrast.Interval.Upper))).ToList();

    /// <summary>"95% CI of planted − control", at the contrasts' level.</summary>
    public static string IntervalLabel(IEnumerable<ControlContrast> contrasts) =>
        contrasts.FirstOrDefault() is { } c ? $"{ReportFormat.Level(c.Interval.Level)} CI of planted − control" : "CI of planted − control";

    /// <param name="metric">What the gains are of, e.g. "word-level F1".</param>
    public static IReadOnlyList<string> Describe(string metric, IReadOnlyList<ControlContrast> contrasts)
    {
        if (contrasts.Count == 0)
        {
            return [];
        }

        var larger = contrasts.Count(c => c.Difference > 0);
        var above = contrasts.Count(c => c.Interval.Lower > 0);
        var below = contrasts.Count(c => c.Interval.Upper < 0);
        var level = ReportFormat.Level(contrasts[0].Interval.Level);
        return
        [
            $"Against its own control (the same paper dataset generated at strength 0, where the added information carries nothing), the planted gain in {metric} is larger in {NumberWords.OutOf(larger, contrasts.Count)} datasets. "
            + $"The {level} CI of planted gain − control gain (the seed and test-record variances of the two gains added) lies above zero in {NumberWords.Of(above)}, below zero in {NumberWords.Of(below)} and covers zero in {NumberWords.Of(contrasts.Count - above - below)}. "
            + "The control's gain is what supplying uninformative information does to the same model, so this difference, not the gain alone, is the planted effect net of that cost.",
        ];
    }
}

/// <summary>One planted dataset against its control: both gains, their difference and its CI (percentage points).</summary>
internal sealed record ContrastRowView(string Datasets, string PlantedGain, string ControlGain, string Difference, string Interval);
