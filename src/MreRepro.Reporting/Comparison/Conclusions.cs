using System.Text.Json;
using MreRepro.Files;
using MreRepro.Reporting.Model;
using MreRepro.Reporting.Reading;
using MreRepro.Reporting.Rendering;

namespace MreRepro.Reporting.Comparison;

/// <summary>
/// One conclusion of a run as a count, e.g. "Table 3, control rows: the gain's CI covers zero" in 5 of 6 datasets.
/// The report's "k of n" sentences say the same counts in words; these are what two runs are compared on.
/// </summary>
/// <param name="Key">Stable identifier, e.g. "table3.control.ci_covers_zero".</param>
/// <param name="Text">The same in words.</param>
public sealed record ConclusionCount(string Key, string Text, int Count, int Of);

/// <summary>
/// Every "k of n" count of a report (Tables 2–4: gain above zero and where its CI lies, per group of rows, planted
/// against control, Table 2 split by text evidence; Figures 4 and 5: planted flow against control), computed from the
/// report model, written beside the report as conclusions.json and compared across runs (`mre compare-runs`).
/// </summary>
public static class Conclusions
{
    /// <summary>File name beside report.md.</summary>
    public const string FileName = "conclusions.json";

    private static readonly JsonSerializerOptions Json = new()
    {
        WriteIndented = true,
        PropertyNamingPolicy = JsonNamingPolicy.SnakeCaseLower,
        Encoder = System.Text.Encodings.Web.JavaScriptEncoder.UnsafeRelaxedJsonEscaping,
    };

    public static IReadOnlyList<ConclusionCount> From(ReportModel model)
    {
        ArgumentNullException.ThrowIfNull(model);
        var counts = new List<ConclusionCount>();
        Gains(counts, "table2", "Table 2 (word-level F1, Text+TLI − Text only)", model.Table2.Select(r => (r.Group, r.F1)));
        Evidence(counts, model.Table2);
        Contrasts(counts, "table2", "Table 2", model.Table2.Select(r => r.VersusControl));
        Gains(counts, "table3", "Table 3 (text-level macro-F1, Text+WLI − Text only)", model.Table3.Select(r => (r.Group, r.MacroF1)));
        Contrasts(counts, "table3", "Table 3", model.Table3.Select(r => r.VersusControl));
        Gains(counts, "table4", "Table 4 (few-shot macro-F1, KV − W/O KV)", model.Table4.Select(r => (r.Group, r.MacroF1)));
        Contrasts(counts, "table4", "Table 4", model.Table4.Select(r => r.VersusControl));
        foreach (var figure in model.Figures.Where(f => f.Comparisons.Count > 0))
        {
            Flows(counts, figure);
        }
        return counts;
    }

    /// <summary>Writes the counts as JSON, atomically.</summary>
    public static void Write(IReadOnlyList<ConclusionCount> counts, string path) =>
        AtomicFile.WriteAllText(path, JsonSerializer.Serialize(new ConclusionsFile(1, counts), Json) + "\n");

    /// <summary>Reads a file written by <see cref="Write"/>.</summary>
    /// <exception cref="ReportInputException">The file is not a conclusions file; the message names it.</exception>
    public static IReadOnlyList<ConclusionCount> Read(string path)
    {
        if (!File.Exists(path))
        {
            throw new ReportInputException($"{path}: conclusions file not found (the report stage writes {FileName} beside report.md).");
        }
        ConclusionsFile? file;
        try
        {
            file = JsonSerializer.Deserialize<ConclusionsFile>(File.ReadAllText(path), Json);
        }
        catch (JsonException e)
        {
            throw new ReportInputException($"{path}: not a conclusions file (line {(e.LineNumber ?? 0) + 1}: {e.Message})");
        }
        if (file?.Counts is null || file.Format != 1)
        {
            throw new ReportInputException($"{path}: not a conclusions file of format 1 (written by the report stage as {FileName}).");
        }
        return file.Counts;
    }

    // Per group of rows (null: the main datasets): the gain above zero, and its CI above, below or covering zero.
    private static void Gains(List<ConclusionCount> counts, string table, string title, IEnumerable<(string? Group, MetricPair Pair)> rows)
    {
        // The same comparison the readings count in words (GainComparison.Helped), so the two cannot drift apart.
        var gains = rows.Select(r => new GainComparison("", r.Group, r.Pair.Without.Mean, r.Pair.With.Mean,
            r.Pair.DifferenceInterval?.Lower, r.Pair.DifferenceInterval?.Upper));
        foreach (var group in gains.GroupBy(g => g.Group ?? "main"))
        {
            var both = group.Where(g => g.HasBoth).ToList();
            var rowsName = $"{title}, {group.Key} rows";
            counts.Add(new($"{table}.{group.Key}.gain_positive", $"{rowsName}: gain above zero", both.Count(g => g.Helped), both.Count));
            var intervals = both.Where(g => g.IntervalLower is not null && g.IntervalUpper is not null).Select(g => (g.IntervalLower!.Value, g.IntervalUpper!.Value)).ToList();
            if (intervals.Count > 0)
            {
                Intervals(counts, $"{table}.{group.Key}", rowsName, "the gain's CI", intervals);
            }
        }
    }

    private static void Evidence(List<ConclusionCount> counts, IReadOnlyList<WordLevelRow> rows)
    {
        foreach (var group in rows.Where(r => r.ByTextEvidence is not null).GroupBy(r => r.Group ?? "main"))
        {
            var parts = new (string Key, string Words, Func<EvidenceSplit, GainEstimate?> Gain)[]
            {
                ("text_hides_label", "where the text hides its label", s => s.WhereHidden),
                ("text_reveals_label", "where the text reveals it", s => s.WhereRevealed),
            };
            foreach (var (part, words, gain) in parts)
            {
                var gains = group.Select(r => gain(r.ByTextEvidence!)).OfType<GainEstimate>().ToList();
                var name = $"Table 2, {group.Key} rows, {words}";
                counts.Add(new($"table2.{group.Key}.{part}.gain_positive", $"{name}: gain above zero", gains.Count(g => g.Gain > 0), gains.Count));
                counts.Add(new($"table2.{group.Key}.{part}.ci_above_zero", $"{name}: the gain's CI lies above zero", gains.Count(g => g.Interval.Lower > 0), gains.Count));
            }
        }
    }

    private static void Contrasts(List<ConclusionCount> counts, string table, string title, IEnumerable<ControlContrast?> contrasts)
    {
        var list = contrasts.OfType<ControlContrast>().ToList();
        if (list.Count == 0)
        {
            return;
        }
        var name = $"{title}, planted against control";
        counts.Add(new($"{table}.planted_vs_control.larger", $"{name}: planted gain larger", list.Count(c => c.Difference > 0), list.Count));
        Intervals(counts, $"{table}.planted_vs_control", name, "the CI of planted − control",
            list.Where(c => c.Interval.Lower is not null && c.Interval.Upper is not null).Select(c => (c.Interval.Lower!.Value, c.Interval.Upper!.Value)).ToList());
    }

    private static void Flows(List<ConclusionCount> counts, FlowFigureModel figure)
    {
        var name = $"{figure.Title.Split(':')[0]} ({figure.Id})";
        var comparisons = figure.Comparisons;
        counts.Add(new($"{figure.Id}.spq.planted_larger", $"{name}: mean S_pq over layers larger planted than control", comparisons.Count(c => c.MeanSpq.Difference > 0), comparisons.Count));
        counts.Add(new($"{figure.Id}.spq.ci_above_zero", $"{name}: the CI of mean S_pq, planted − control, lies above zero", comparisons.Count(c => c.MeanSpq.Lower > 0), comparisons.Count));
        // The last layer's S_wp is 0 by construction: only the layers before it are counted.
        var before = comparisons.SelectMany(c => c.SwpByLayer.Take(Math.Max(0, c.Layers - 1))).ToList();
        counts.Add(new($"{figure.Id}.swp.ci_above_zero", $"{name}: the CI of S_wp, planted − control, lies above zero (dataset-layers before the last)", before.Count(e => e.Lower > 0), before.Count));
        counts.Add(new($"{figure.Id}.swp.ci_below_zero", $"{name}: the CI of S_wp, planted − control, lies below zero (dataset-layers before the last)", before.Count(e => e.Upper < 0), before.Count));
    }

    private static void Intervals(List<ConclusionCount> counts, string key, string name, string what, IReadOnlyList<(double Lower, double Upper)> intervals)
    {
        var above = intervals.Count(i => i.Lower > 0);
        var below = intervals.Count(i => i.Upper < 0);
        counts.Add(new($"{key}.ci_above_zero", $"{name}: {what} lies above zero", above, intervals.Count));
        counts.Add(new($"{key}.ci_below_zero", $"{name}: {what} lies below zero", below, intervals.Count));
        counts.Add(new($"{key}.ci_covers_zero", $"{name}: {what} covers zero", intervals.Count - above - below, intervals.Count));
    }

    private sealed record ConclusionsFile(int Format, IReadOnlyList<ConclusionCount> Counts);
}

/// <summary>One conclusion in two runs: present in both with the same n and within the tolerance, or not.</summary>
public sealed record ConclusionDifference(string Key, string Text, ConclusionCount? First, ConclusionCount? Second, int Tolerance)
{
    /// <summary>Both runs have it over the same number of datasets and their counts differ by at most the tolerance.</summary>
    public bool Agrees => First is not null && Second is not null && First.Of == Second.Of && Math.Abs(First.Count - Second.Count) <= Tolerance;

    /// <summary>Compares two runs' conclusions key by key, in the first run's order, then the keys only the second has.</summary>
    public static IReadOnlyList<ConclusionDifference> Compare(IReadOnlyList<ConclusionCount> first, IReadOnlyList<ConclusionCount> second, int tolerance)
    {
        ArgumentOutOfRangeException.ThrowIfNegative(tolerance);
        var byKey = second.ToDictionary(c => c.Key);
        var rows = first.Select(a => new ConclusionDifference(a.Key, a.Text, a, byKey.GetValueOrDefault(a.Key), tolerance)).ToList();
        var seen = first.Select(a => a.Key).ToHashSet();
        rows.AddRange(second.Where(b => !seen.Contains(b.Key)).Select(b => new ConclusionDifference(b.Key, b.Text, null, b, tolerance)));
        return rows;
    }
}
