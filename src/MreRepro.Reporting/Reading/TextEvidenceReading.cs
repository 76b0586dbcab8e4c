using MreRepro.Reporting.Formatting;
using MreRepro.Reporting.Model;

namespace MreRepro.Reporting.Reading;

/// <summary>
/// The table and reading under Table 2 that split its gain by whether the text alone reveals the text-level label
/// (the Text-only text-level model of the same seed answered right) or hides it: the label can only help word-level
/// extraction where the text hides it, so that is where a planted effect shows, and where a control's should not.
/// </summary>
internal static class TextEvidenceReading
{
    public static IReadOnlyList<EvidenceRowView> Rows(IEnumerable<WordLevelRow> rows) =>
        rows.Where(r => r.ByTextEvidence is not null).Select(r => (r.Dataset, Split: r.ByTextEvidence!)).Select(r => new EvidenceRowView(
            r.Dataset,
            Part(r.Split.Revealed, r.Split.Revealed + r.Split.Hidden),
            Gain(r.Split.WhereRevealed),
            Part(r.Split.Hidden, r.Split.Revealed + r.Split.Hidden),
            Gain(r.Split.WhereHidden))).ToList();

    /// <summary>One sentence per group of rows (the planted datasets first, then e.g. the control rows).</summary>
    public static IReadOnlyList<string> Describe(IReadOnlyList<WordLevelRow> rows)
    {
        var sentences = new List<string>();
        foreach (var group in rows.Where(r => r.ByTextEvidence is not null).GroupBy(r => r.Group ?? string.Empty))
        {
            var splits = group.Select(r => r.ByTextEvidence!).ToList();
            var subject = group.Key.Length == 0 ? "Where the text alone hides" : $"In the {group.Key} rows, where the text alone hides";
            sentences.Add($"{subject} the text-level label (the Text-only text-level model of the same seed answered wrong: {ReportFormat.Share(splits.Sum(s => s.Hidden), splits.Sum(s => s.Hidden + s.Revealed))} of answers), "
                + $"Text+TLI raised word-level F1 in {Count(splits.Select(s => s.WhereHidden))}; "
                + $"where the text reveals it, in {Count(splits.Select(s => s.WhereRevealed))}.");
        }
        return sentences;
    }

    // "two out of six datasets (CI above zero in one, below zero in none)"
    private static string Count(IEnumerable<GainEstimate?> gains)
    {
        var measured = gains.OfType<GainEstimate>().ToList();
        var above = measured.Count(g => g.Interval.Lower > 0);
        var below = measured.Count(g => g.Interval.Upper < 0);
        return $"{NumberWords.OutOf(measured.Count(g => g.Gain > 0), measured.Count)} datasets (CI above zero in {NumberWords.Of(above)}, below zero in {NumberWords.Of(below)})";
    }

    private static string Part(int count, int total) => $"{ReportFormat.Count(count)} ({ReportFormat.Share(count, total)})";

    private static string Gain(GainEstimate? gain) =>
        gain is null ? ReportFormat.Missing : $"{ReportFormat.SignedPercent(gain.Gain)} {ReportFormat.Interval(gain.Interval.Lower, gain.Interval.Upper)}";
}

/// <summary>One dataset's Table 2 gain where the text reveals its text-level label and where it hides it: answers (share) and gain [CI].</summary>
internal sealed record EvidenceRowView(string Dataset, string Revealed, string GainRevealed, string Hidden, string GainHidden);
