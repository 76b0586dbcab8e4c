using MreRepro.Reporting.Formatting;
using MreRepro.Reporting.Model;

namespace MreRepro.Reporting.Reading;

/// <summary>Writes the short reading beside a figure or table: in how many datasets the added information helped, in the paper's words.</summary>
internal static class InformationReading
{
    /// <summary>
    /// One sentence per group of rows (the paper's datasets first, then e.g. the control rows), such as
    /// "Adding the text-level label (TLI) helped word-level extraction in five out of six datasets (paper: three out of six)."
    /// </summary>
    /// <param name="finding">Lower-case clause, e.g. "adding the text-level label (TLI) helped word-level extraction".</param>
    /// <param name="paper">The paper's count for the same comparison, or null when it is not available.</param>
    public static IReadOnlyList<string> Describe(string finding, IReadOnlyList<GainComparison> rows, PaperCount paper)
    {
        var sentences = new List<string>();
        foreach (var group in rows.GroupBy(r => r.Group ?? string.Empty))
        {
            var compared = group.Where(r => r.HasBoth).ToList();
            var missing = group.Count() - compared.Count;
            var isMain = group.Key.Length == 0;
            var subject = isMain ? Capitalise(finding) : $"In the {group.Key} rows, {finding}";
            var text = compared.Count == 0
                ? $"{subject}: no dataset has both results yet"
                : $"{subject} in {NumberWords.OutOf(compared.Count(r => r.Helped), compared.Count)} datasets";
            if (isMain)
            {
                text += $" ({paper.Describe()})";
            }

            text += ".";
            var withInterval = compared.Where(r => r.IntervalLower is not null && r.IntervalUpper is not null).ToList();
            if (withInterval.Count > 0)
            {
                var above = withInterval.Count(r => r.IntervalAboveZero);
                var below = withInterval.Count(r => r.IntervalUpper < 0);
                text += $" The confidence interval of the gain lies above zero in {NumberWords.OutOf(above, withInterval.Count)}, "
                    + $"below zero in {NumberWords.Of(below)} and covers zero in {NumberWords.Of(withInterval.Count - above - below)}.";
            }

            if (missing > 0)
            {
                text += $" {Capitalise(NumberWords.Of(missing))} {(missing == 1 ? "dataset has" : "datasets have")} no result for one of the two inputs.";
            }

            sentences.Add(text);
        }

        return sentences;
    }

    /// <summary>The paper's counts: from its printed table when every dataset has both values, and from its prose.</summary>
    public static PaperCount PaperCount(IReadOnlyList<(double? Without, double? With)> paperRows, Reference.PaperClaim? claim)
    {
        var complete = paperRows.Count > 0 && paperRows.All(r => r.Without is not null && r.With is not null);
        return new PaperCount(complete ? (paperRows.Count(r => r.With > r.Without), paperRows.Count) : null, claim);
    }

    private static string Capitalise(string text) =>
        text.Length == 0 ? text : char.ToUpperInvariant(text[0]) + text[1..];
}

/// <summary>What the paper says for one comparison: the count in its printed table, the count in its prose, or both.</summary>
internal sealed record PaperCount((int Helped, int Of)? Table, Reference.PaperClaim? Claim)
{
    /// <summary>"paper: three out of six", or both counts and the reference file's note when table and prose disagree.</summary>
    public string Describe()
    {
        var prose = Claim is null ? null : NumberWords.OutOf(Claim.Helped, Claim.Of);
        if (Table is not { } table)
        {
            return prose is null ? "paper: not available" : $"paper, in its prose: {prose}";
        }

        var printed = NumberWords.OutOf(table.Helped, table.Of);
        if (Claim is null || (Claim.Helped, Claim.Of) == table)
        {
            return $"paper: {printed}";
        }

        var note = Claim.Note is null ? "" : $"; {Claim.Note.TrimEnd('.')}";
        return $"paper: {printed} in its table as printed, but {prose} in its prose{note}";
    }
}
