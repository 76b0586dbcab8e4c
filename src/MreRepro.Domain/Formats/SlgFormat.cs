using MreRepro.Domain.Records;

namespace MreRepro.Domain.Formats;

/// <summary>
/// SLG/GIELLM CSV: one record per line, <c>text,,:TL;pairs</c>, where pairs follow <see cref="WordLevelPairs"/> (the SLG writer
/// emits <c>：label；entity</c> per entity, or <c>:無い;</c>). The published writer builds that string and saves the one-column frame
/// with pandas <c>to_csv</c>, which writes a header line (<c>0</c>) and quotes every line (<c>"…"</c>, inner quotes doubled), so:
/// <list type="bullet">
/// <item>a first line without ':' is a header and skipped;</item>
/// <item>when every other line is one CSV-quoted field, the file is read unquoted; otherwise lines are read as they stand, so a
/// text may start with '"' (a line that reads differently quoted and unquoted is reported);</item>
/// <item>the text ends at a ",,:" (or ",,："); when the text itself holds ",,:" and more than one cut gives a valid line (and the
/// label inventories do not single one out), the line is reported as ambiguous instead of guessed.</item>
/// </list>
/// </summary>
internal static class SlgFormat
{
    public static bool Matches(IReadOnlyList<string> lines) =>
        lines.Where(l => l.Trim().Length > 0).Take(3).Any(l => l.Contains(",,", StringComparison.Ordinal));

    /// <summary>Parses every non-blank line; a skipped header is reported through <paramref name="headerLine"/>.</summary>
    public static List<ParsedLine> Parse(IReadOnlyList<string> lines, string stem, ReadOptions options, out int? headerLine)
    {
        headerLine = null;
        var numbers = Enumerable.Range(0, lines.Count).Where(i => lines[i].Trim().Length > 0).ToList();
        if (numbers.Count > 0 && !lines[numbers[0]].Any(Separators.IsColon))
        {
            headerLine = numbers[0] + 1;
            numbers.RemoveAt(0);
        }

        bool quotedFile = numbers.Count > 0 && numbers.All(i => Unquote(lines[i]) is not null);
        return numbers.Select(i => ParseLine(lines[i], i + 1, stem, options, quotedFile)).ToList();
    }

    private static ParsedLine ParseLine(string line, int number, string stem, ReadOptions options, bool quotedFile)
    {
        var content = quotedFile ? Unquote(line)! : line;
        var readings = Readings(content, options, out var error);
        if (!quotedFile && Unquote(line) is { } unquoted)
        {
            var quoted = Readings(unquoted, options, out _);
            if (quoted.Count > 0 && readings.Count > 0 && !quoted.SequenceEqual(readings))
            {
                return ParsedLine.Bad(number, "the line is one CSV-quoted field but the file's other lines are not quoted, so it reads two ways; quote all lines or none");
            }
        }

        if (readings.Count > 1)
        {
            var fitting = readings.Where(r => FitsInventories(r, options)).ToList();
            if (fitting.Count != 1)
            {
                var cuts = string.Join(" or ", readings.Select(r => $"'{MmmFormat.Shorten(r.Text, tail: true)}' labelled {r.TextLabel}"));
                return ParsedLine.Bad(number, $"the text holds ',,:' and the line reads more than one way (text ending …{cuts}); write this record in canonical JSONL");
            }

            readings = fitting;
        }

        if (readings.Count == 0)
        {
            return ParsedLine.Bad(number, error!);
        }

        var reading = readings[0];
        return ParsedLine.Good(number, new MreRecord(JsonFields.DefaultId(stem, number), reading.Text, reading.TextLabel, reading.Pairs));
    }

    /// <summary>Every valid way to cut <paramref name="line"/> into text and target at a ",,:"; the last failing cut's reason otherwise.</summary>
    private static List<Reading> Readings(string line, ReadOptions options, out string? error)
    {
        error = line.Contains(",,", StringComparison.Ordinal)
            ? $"the target after ',,' must start with ':' followed by the text-level label, ':TL;…', found '{MmmFormat.Shorten(line[(line.IndexOf(",,", StringComparison.Ordinal) + 2)..])}'"
            : "expected 'text,,:TL;pairs' (no ',,' on the line)";
        var readings = new List<Reading>();
        for (int at = line.IndexOf(",,", StringComparison.Ordinal); at >= 0; at = line.IndexOf(",,", at + 1, StringComparison.Ordinal))
        {
            if (at + 2 >= line.Length || !Separators.IsColon(line[at + 2]))
            {
                continue;
            }

            var text = line[..at];
            var target = line[(at + 2)..];
            if (Read(text, target, options, out var reading, out var reason))
            {
                if (!readings.Contains(reading))
                {
                    readings.Add(reading);
                }
            }
            else
            {
                error = reason;
            }
        }

        return readings;
    }

    private static bool Read(string text, string target, ReadOptions options, out Reading reading, out string? error)
    {
        reading = default!;
        error = null;
        int semicolon = Separators.IndexOfSemicolon(target);
        if (semicolon < 0)
        {
            error = $"target must be ':TL;' followed by pairs or 無い, found no ';' in '{MmmFormat.Shorten(target)}'";
            return false;
        }

        var rawLabel = target[1..semicolon];
        var textLabel = Separators.NormalizeLabel(rawLabel);
        if (textLabel.Length == 0 || textLabel == AnswerFormat.NoPairs || rawLabel.Any(Separators.IsColon))
        {
            error = $"target has no text-level label between ':' and ';': '{MmmFormat.Shorten(target)}'";
            return false;
        }

        if (text.Length == 0)
        {
            error = "text before ',,' is empty";
            return false;
        }

        var rest = target[(semicolon + 1)..];
        var pairs = WordLevelPairs.Parse(rest, text, options.KnownWordLabels, out var pairError);
        if (pairs is null)
        {
            error = $"word-level part '{MmmFormat.Shorten(rest)}': {pairError}";
            return false;
        }

        reading = new Reading(text, textLabel, pairs);
        return true;
    }

    private static bool FitsInventories(Reading reading, ReadOptions options) =>
        (options.KnownTextLabels is null || options.KnownTextLabels.Contains(reading.TextLabel))
        && (options.KnownWordLabels is null || reading.Pairs.All(p => options.KnownWordLabels.Contains(p.Label)));

    /// <summary>The content of a line that is exactly one CSV-quoted field ("…" with "" for a quote), else null.</summary>
    private static string? Unquote(string line)
    {
        if (line.Length < 2 || line[0] != '"' || line[^1] != '"')
        {
            return null;
        }

        var builder = new System.Text.StringBuilder(line.Length);
        for (int i = 1; i < line.Length - 1; i++)
        {
            if (line[i] == '"')
            {
                if (i + 1 >= line.Length - 1 || line[i + 1] != '"')
                {
                    return null;
                }

                i++;
            }

            builder.Append(line[i]);
        }

        return builder.ToString();
    }

    private sealed record Reading(string Text, string TextLabel, IReadOnlyList<WordPair> Pairs)
    {
        public bool Equals(Reading? other) =>
            other is not null && Text == other.Text && TextLabel == other.TextLabel && Pairs.SequenceEqual(other.Pairs);

        public override int GetHashCode() => HashCode.Combine(Text, TextLabel, Pairs.Count);
    }
}
