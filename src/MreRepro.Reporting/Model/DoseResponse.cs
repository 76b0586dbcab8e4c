namespace MreRepro.Reporting.Model;

/// <summary>One measured value at one planted strength: a point of a dose-response curve, with its interval when known.</summary>
/// <param name="Measure">Which panel: one of <see cref="DoseResponse.Measures"/>.</param>
/// <param name="Series">The paper dataset the generated datasets imitate (one line per series).</param>
public sealed record DosePoint(string Measure, string Series, double Strength, double? Value, double? Lower = null, double? Upper = null);

/// <summary>
/// The dose-response figure of a strength sweep: against planted strength, the fine-tuning gains of Tables 2 and 3
/// and the mean S_pq proportion (information flow into the target) of Figures 4 and 5, one line per paper dataset.
/// </summary>
public sealed record DoseResponse(string Title, IReadOnlyList<DosePoint> Points, string PngPath, string SvgPath)
{
    public const string WordLevelGain = "Table 2 gain: word-level F1, Text+TLI − Text only (pp)";
    public const string TextLevelGain = "Table 3 gain: text-level macro-F1, Text+WLI − Text only (pp)";
    public const string FlowTli = "Figure 4: mean S_pq over layers, Text+TLI";
    public const string FlowWli = "Figure 5: mean S_pq over layers, Text+WLI";

    /// <summary>The panels, in drawing order.</summary>
    public static IReadOnlyList<string> Measures { get; } = [WordLevelGain, TextLevelGain, FlowTli, FlowWli];

    /// <summary>The fewest strengths that make a curve: a planted dataset and its control alone (two) are no sweep.</summary>
    public const int MinimumStrengths = 3;

    /// <summary>
    /// The figure when some series has at least <see cref="MinimumStrengths"/> strengths (a sweep), keeping only such
    /// series; otherwise null, so a profile without a sweep (the default: planted and control) draws no such figure.
    /// </summary>
    public static DoseResponse? From(IEnumerable<DosePoint> points, string pngPath, string svgPath)
    {
        ArgumentNullException.ThrowIfNull(points);
        var swept = points
            .GroupBy(p => p.Series)
            .Where(g => g.Select(p => p.Strength).Distinct().Count() >= MinimumStrengths)
            .SelectMany(g => g)
            .OrderBy(p => Measures.ToList().IndexOf(p.Measure)).ThenBy(p => p.Series, StringComparer.Ordinal).ThenBy(p => p.Strength)
            .ToList();
        return swept.Count == 0
            ? null
            : new DoseResponse("Dose-response: gains and information flow into the target against planted strength", swept, pngPath, svgPath);
    }

    /// <summary>The series of one panel, each ordered by strength.</summary>
    public IReadOnlyList<(string Series, IReadOnlyList<DosePoint> Points)> Panel(string measure) =>
        Points.Where(p => p.Measure == measure).GroupBy(p => p.Series)
            .Select(g => (g.Key, (IReadOnlyList<DosePoint>)g.OrderBy(p => p.Strength).ToList())).ToList();
}
