using System.Globalization;
using System.Text;
using MreRepro.Domain.Records;

namespace MreRepro.Domain.Formats;

/// <summary>
/// The answer strings the models are trained to produce and the tolerant parser shared by the loaders and by evaluation.
/// Word level: <c>label;word:label;word</c> (ASCII separators) or <c>無い</c> for none. Text level: the label itself.
/// </summary>
public static class AnswerFormat
{
    /// <summary>The dataset's marker for "no word-level pairs".</summary>
    public const string NoPairs = "無い";

    /// <summary>Canonical word-level answer; throws when a label or word cannot be written so that it parses back unchanged.</summary>
    public static string FormatWordLevel(IReadOnlyList<WordPair> pairs)
    {
        ArgumentNullException.ThrowIfNull(pairs);
        if (pairs.Count == 0)
        {
            return NoPairs;
        }

        var builder = new StringBuilder();
        foreach (var pair in pairs)
        {
            if (pair.Label.Length == 0 || pair.Label.Any(Separators.IsSeparator) || pair.Label != pair.Label.Trim())
            {
                throw new ArgumentException($"Word-level label '{pair.Label}' is empty, padded or contains ':' or ';' and cannot be written as an answer.", nameof(pairs));
            }

            if (builder.Length > 0)
            {
                builder.Append(Separators.Colon);
            }

            builder.Append(pair.Label).Append(Separators.Semicolon).Append(pair.Word);
        }

        var answer = builder.ToString();
        // Read back leniently: a gold word may contain ':' (Re:ゼロ); the strict reading would call such an answer malformed.
        var parsed = ParseWordLevel(answer, parsing: WordLevelParsing.Lenient);
        if (!parsed.Ok || !parsed.Pairs.Select(p => p.Key).SequenceEqual(pairs.Select(p => p.Key)))
        {
            throw new ArgumentException($"Word-level pairs do not survive the answer format (a word is empty, padded or contains 'x:label;' text): {answer}", nameof(pairs));
        }

        return answer;
    }

    /// <summary>Canonical text-level answer: the label, trimmed.</summary>
    public static string FormatTextLevel(string label)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(label);
        return label.Trim();
    }

    /// <summary>
    /// Parses a word-level answer. <see cref="WordLevelParsing.Strict"/> (the default, used to score generations) accepts
    /// exactly the canonical grammar: <c>無い</c>, or <c>label;word</c> items joined by ':' (ASCII or full-width separators,
    /// spaces around items allowed); every ':'-separated segment must be one non-empty label, one ';' and one non-empty word,
    /// so <c>製品名;浅間:和:地名;浅間</c> is malformed rather than read as the word 浅間:和. <see cref="WordLevelParsing.Lenient"/>
    /// (reading answers the canonical writer wrote) also accepts leading, trailing and repeated separators, <c>:無い;</c>,
    /// a trailing ';' after a word, and folds a segment without ';' into the previous word, so words containing ':' survive.
    /// Never throws: a malformed answer gives Ok = false with the well-formed pairs found so far.
    /// </summary>
    /// <param name="answer">The generated or stored answer.</param>
    /// <param name="knownLabels">When given, a pair whose label is not in the set is a parse error.</param>
    /// <param name="parsing">Strict (the answer grammar exactly) or lenient (tolerant of separator noise).</param>
    public static WordLevelAnswer ParseWordLevel(string? answer, IReadOnlySet<string>? knownLabels = null, WordLevelParsing parsing = WordLevelParsing.Strict)
    {
        if (parsing == WordLevelParsing.Strict)
        {
            return ParseStrict(answer ?? string.Empty, knownLabels);
        }


        var bare = Trim(answer ?? string.Empty, c => Separators.IsSeparator(c) || char.IsWhiteSpace(c));
        if (bare.Length == 0)
        {
            return new WordLevelAnswer(false, [], "empty answer; expected 'label;word:label;word' or 無い");
        }

        if (bare == NoPairs)
        {
            return new WordLevelAnswer(true, [], null);
        }

        // Only ':' is trimmed at the ends: a trailing "label;" is a truncated pair and must not fold into the previous word.
        var body = Trim(answer!, c => Separators.IsColon(c) || char.IsWhiteSpace(c));

        var pairs = new List<(string Label, StringBuilder Word)>();
        string? error = null;
        int position = 0;
        char joiner = Separators.Colon;
        while (position <= body.Length)
        {
            int colon = Separators.IndexOfColon(body, position);
            int end = colon < 0 ? body.Length : colon;
            var segment = body[position..end];
            ReadSegment(segment, joiner, pairs, ref error);
            if (colon < 0)
            {
                break;
            }

            joiner = body[colon];
            position = colon + 1;
        }

        var result = new List<WordPair>(pairs.Count);
        foreach (var (label, wordBuilder) in pairs)
        {
            var word = wordBuilder.ToString().Trim().TrimEnd(Separators.Semicolon, Separators.FullWidthSemicolon).TrimEnd();
            if (word.Length == 0)
            {
                error ??= $"pair with label '{label}' has no word";
                continue;
            }

            if (knownLabels is not null && !knownLabels.Contains(label))
            {
                error ??= $"unknown word-level label '{label}'";
                continue;
            }

            result.Add(new WordPair(label, word));
        }

        return new WordLevelAnswer(error is null, result, error);
    }

    /// <summary>
    /// Reads a text-level answer: the part before the first separator (':', ';', '/', newline), trimmed and NFKC-normalised, matched
    /// against <paramref name="labels"/> (ordinal, then ASCII case-insensitive). An integer is taken as an index into the labels.
    /// Without labels, any non-empty string is accepted. Never throws.
    /// </summary>
    /// <param name="answer">The generated or stored answer.</param>
    /// <param name="labels">The class labels in class-index order, or null to accept any label.</param>
    /// <param name="numberBase">The index the first label has when the answer is a number (0 by default).</param>
    public static TextLevelAnswer ParseTextLevel(string? answer, IReadOnlyList<string>? labels = null, int numberBase = 0)
    {
        var text = answer ?? string.Empty;
        int cut = text.AsSpan().IndexOfAny([Separators.Colon, Separators.Semicolon, Separators.FullWidthColon, Separators.FullWidthSemicolon, '/', '／', '\n']);
        if (cut == 0)
        {
            // SLG targets start with ':' before the label; skip one leading separator.
            text = text[1..];
            cut = text.AsSpan().IndexOfAny([Separators.Colon, Separators.Semicolon, Separators.FullWidthColon, Separators.FullWidthSemicolon, '/', '／', '\n']);
        }

        var candidate = Separators.NormalizeLabel(cut < 0 ? text : text[..cut]).TrimEnd('.', '。');
        if (candidate.Length == 0)
        {
            return new TextLevelAnswer(false, null, "empty answer; expected a text-level label");
        }

        if (labels is null)
        {
            return new TextLevelAnswer(true, candidate, null);
        }

        foreach (var label in labels)
        {
            if (string.Equals(label, candidate, StringComparison.Ordinal))
            {
                return new TextLevelAnswer(true, label, null);
            }
        }

        foreach (var label in labels)
        {
            if (string.Equals(label, candidate, StringComparison.OrdinalIgnoreCase))
            {
                return new TextLevelAnswer(true, label, null);
            }
        }

        if (int.TryParse(candidate, NumberStyles.None, CultureInfo.InvariantCulture, out int number))
        {
            int index = number - numberBase;
            return index >= 0 && index < labels.Count
                ? new TextLevelAnswer(true, labels[index], null)
                : new TextLevelAnswer(false, null, $"class number {number} is outside {numberBase}..{numberBase + labels.Count - 1}");
        }

        return new TextLevelAnswer(false, null, $"'{candidate}' is not one of the labels {string.Join(", ", labels)}");
    }

    private static WordLevelAnswer ParseStrict(string answer, IReadOnlySet<string>? knownLabels)
    {
        var bare = answer.Trim();
        if (bare.Length == 0)
        {
            return new WordLevelAnswer(false, [], "empty answer; expected 'label;word:label;word' or 無い");
        }

        if (bare == NoPairs)
        {
            return new WordLevelAnswer(true, [], null);
        }

        var pairs = new List<WordPair>();
        string? error = null;
        int position = 0;
        while (true)
        {
            int colon = Separators.IndexOfColon(bare, position);
            var segment = bare[position..(colon < 0 ? bare.Length : colon)].Trim();
            int semicolon = Separators.IndexOfSemicolon(segment);
            var label = semicolon < 0 ? string.Empty : Separators.NormalizeLabel(segment[..semicolon]);
            var word = semicolon < 0 ? string.Empty : segment[(semicolon + 1)..].Trim();
            if (segment.Length == 0)
            {
                error ??= "empty item between separators";
            }
            else if (semicolon < 0)
            {
                error ??= $"'{segment}' is not a 'label;word' pair";
            }
            else if (label.Length == 0)
            {
                error ??= $"'{segment}' has no label before ';'";
            }
            else if (word.Length == 0)
            {
                error ??= $"pair with label '{label}' has no word";
            }
            else if (Separators.IndexOfSemicolon(word) >= 0)
            {
                error ??= $"'{segment}' has more than one ';'";
            }
            else if (knownLabels is not null && !knownLabels.Contains(label))
            {
                error ??= $"unknown word-level label '{label}'";
            }
            else
            {
                pairs.Add(new WordPair(label, word));
            }

            if (colon < 0)
            {
                break;
            }

            position = colon + 1;
        }

        return new WordLevelAnswer(error is null, pairs, error);
    }

    private static void ReadSegment(string segment, char joiner, List<(string Label, StringBuilder Word)> pairs, ref string? error)
    {
        if (segment.Trim().Length == 0)
        {
            return;
        }

        int semicolon = Separators.IndexOfSemicolon(segment);
        var label = semicolon < 0 ? string.Empty : Separators.NormalizeLabel(segment[..semicolon]);
        if (semicolon >= 0 && label.Length > 0)
        {
            pairs.Add((label, new StringBuilder(segment[(semicolon + 1)..])));
            return;
        }

        if (semicolon < 0 && pairs.Count > 0)
        {
            // A ':' inside a word (e.g. "Re:ゼロ"): keep the original separator so the word is not altered.
            pairs[^1].Word.Append(joiner).Append(segment);
            return;
        }

        error ??= semicolon < 0
            ? $"'{segment.Trim()}' is not a 'label;word' pair"
            : $"'{segment.Trim()}' has no label before ';'";
    }

    private static string Trim(string s, Func<char, bool> strip)
    {
        int start = 0;
        int end = s.Length;
        while (start < end && strip(s[start]))
        {
            start++;
        }

        while (end > start && strip(s[end - 1]))
        {
            end--;
        }

        return s[start..end];
    }
}
