using MreRepro.Domain.Records;

namespace MreRepro.Domain.Formats;

/// <summary>
/// The exact grammar of the word-level part of a dataset line (MMM: what follows <c>TL/TASK/</c>; SLG: what follows <c>:TL;</c>):
/// <code>
///   pairs := ""  |  none  |  pair+        none := [":"] "無い" [";"]        pair := ":" label ";" word
/// </code>
/// ':' and ';' are ASCII or full-width (the SLG writer emits '：' '；', MMM ':' ';'). A label holds no separator and is
/// NFKC-normalised and trimmed; a word is kept verbatim (spaces and a trailing ';' included) and runs up to the next ':' that
/// starts a pair, that is a ':' followed by a label and ';'. A ':' or ';' that cannot start a pair is part of the word
/// (<c>Re:ゼロ</c>, <c>J:COM春日部</c>). The published writers do not escape separators, so a word that itself contains
/// <c>:label;</c> cannot be told from two pairs: when the text contains the joined word, the line is reported as ambiguous
/// unless the label is outside a known inventory (then the joined word is the only valid reading).
/// </summary>
internal static class WordLevelPairs
{
    /// <summary>Parses <paramref name="part"/>; on failure returns null and the reason (without file and line).</summary>
    /// <param name="part">The word-level part, exactly as it stands in the file.</param>
    /// <param name="text">The record's text, which tells a word containing ':label;' from two pairs.</param>
    /// <param name="wordLabels">The dataset's word-level labels, when known.</param>
    public static IReadOnlyList<WordPair>? Parse(string part, string text, IReadOnlySet<string>? wordLabels, out string? error)
    {
        error = null;
        if (IsNone(part))
        {
            return [];
        }

        var starts = PairStarts(part);
        if (starts.Count == 0 || starts[0].Colon != 0)
        {
            error = Separators.IsColon(part.FirstOrDefault()) && part.Length > 1 && Separators.IsSemicolon(part[1])
                ? $"pair '{MmmFormat.Shorten(part)}' has no label before ';'"
                : $"expected ':label;word' pairs or 無い, found '{MmmFormat.Shorten(part)}'";
            return null;
        }

        var pairs = new List<WordPair>();
        var current = starts[0];
        for (int k = 1; k <= starts.Count; k++)
        {
            if (k < starts.Count)
            {
                var next = starts[k];
                int nextWordEnd = k + 1 < starts.Count ? starts[k + 1].Colon : part.Length;
                var joined = part[current.WordStart..nextWordEnd];
                bool couldBeLabel = wordLabels is null || wordLabels.Contains(next.Label);
                if (text.Contains(joined, StringComparison.Ordinal))
                {
                    if (couldBeLabel)
                    {
                        error = $"'{part[next.Colon..next.WordStart]}' inside '{MmmFormat.Shorten(joined)}' may start a pair or belong to one word "
                            + "(the text contains the joined word); MMM and SLG cannot escape ':' and ';' in a word, so write this record in canonical JSONL";
                        return null;
                    }

                    continue;
                }
            }

            int end = k < starts.Count ? starts[k].Colon : part.Length;
            var word = part[current.WordStart..end];
            if (word.Length == 0)
            {
                error = $"pair '{part[current.Colon..current.WordStart]}' has no word";
                return null;
            }

            pairs.Add(new WordPair(current.Label, word));
            if (k < starts.Count)
            {
                current = starts[k];
            }
        }

        return pairs;
    }

    /// <summary>The dataset's "no pairs" forms: nothing, 無い, :無い, 無い; or :無い; (surrounding spaces allowed).</summary>
    private static bool IsNone(string part)
    {
        var s = part.Trim();
        if (s.Length > 0 && Separators.IsColon(s[0]))
        {
            s = s[1..];
        }

        if (s.Length > 0 && Separators.IsSemicolon(s[^1]))
        {
            s = s[..^1];
        }

        return s.Length == 0 ? part.Trim().Length == 0 : s == AnswerFormat.NoPairs;
    }

    /// <summary>Every ':' followed by a non-empty separator-free label and ';', in order.</summary>
    private static List<PairStart> PairStarts(string part)
    {
        var starts = new List<PairStart>();
        for (int i = Separators.IndexOfColon(part); i >= 0; i = Separators.IndexOfColon(part, i + 1))
        {
            int semicolon = Separators.IndexOfSemicolon(part, i + 1);
            int colon = Separators.IndexOfColon(part, i + 1);
            if (semicolon < 0 || (colon >= 0 && colon < semicolon))
            {
                continue;
            }

            var label = Separators.NormalizeLabel(part[(i + 1)..semicolon]);
            if (label.Length > 0)
            {
                starts.Add(new PairStart(i, label, semicolon + 1));
            }
        }

        return starts;
    }

    private readonly record struct PairStart(int Colon, string Label, int WordStart);
}
