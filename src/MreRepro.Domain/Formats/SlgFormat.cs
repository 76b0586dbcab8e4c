using MreRepro.Domain.Records;

namespace MreRepro.Domain.Formats;

/// <summary>
/// SLG/GIELLM CSV lines <c>text,,:TL;：label；entity：label；entity</c> (or <c>,,:TL;:無い;</c>). The split is the first ",," that is
/// followed by ':' or '：' (the target always starts with one; Japanese texts almost never hold ",,:"), else the first ",,".
/// A text quoted CSV-style ("…" with "" escapes) is unquoted. A first line whose target does not start with ':' is a header.
/// </summary>
internal static class SlgFormat
{
    public static bool Matches(IReadOnlyList<string> lines) =>
        lines.Where(l => l.Trim().Length > 0).Take(3).Any(l => l.Contains(",,", StringComparison.Ordinal));

    /// <summary>Parses every non-blank line; a skipped header is reported through <paramref name="headerLine"/>.</summary>
    public static List<ParsedLine> Parse(IReadOnlyList<string> lines, string stem, out int? headerLine)
    {
        headerLine = null;
        var parsed = new List<ParsedLine>();
        bool first = true;
        for (int i = 0; i < lines.Count; i++)
        {
            if (lines[i].Trim().Length == 0)
            {
                continue;
            }

            var result = ParseLine(lines[i], i + 1, stem, out bool looksLikeHeader);
            if (first && looksLikeHeader)
            {
                headerLine = i + 1;
            }
            else
            {
                parsed.Add(result);
            }

            first = false;
        }

        return parsed;
    }

    private static ParsedLine ParseLine(string line, int number, string stem, out bool looksLikeHeader)
    {
        looksLikeHeader = false;
        if (!TrySplit(line, out var text, out var target, out var splitError))
        {
            looksLikeHeader = !line.Contains(':') && !line.Contains('：');
            return ParsedLine.Bad(number, splitError);
        }

        var trimmed = target.Trim();
        if (trimmed.Length == 0 || !Separators.IsColon(trimmed[0]))
        {
            looksLikeHeader = !trimmed.Contains(':') && !trimmed.Contains('：');
            return ParsedLine.Bad(number, $"target must start with ':' followed by the text-level label, ':TL;…', found '{MmmFormat.Shorten(trimmed)}'");
        }

        int semicolon = Separators.IndexOfSemicolon(trimmed);
        if (semicolon < 0)
        {
            return ParsedLine.Bad(number, $"target must be ':TL;' followed by pairs or 無い, found no ';' in '{MmmFormat.Shorten(trimmed)}'");
        }

        var textLabel = Separators.NormalizeLabel(trimmed[1..semicolon]);
        if (textLabel.Length == 0 || textLabel == AnswerFormat.NoPairs)
        {
            return ParsedLine.Bad(number, $"target has no text-level label before ';': '{MmmFormat.Shorten(trimmed)}'");
        }

        var rest = trimmed[(semicolon + 1)..];
        var pairs = MmmFormat.ParsePairs(rest, out var pairError);
        if (pairError is not null)
        {
            return ParsedLine.Bad(number, $"word-level part '{MmmFormat.Shorten(rest)}': {pairError}");
        }

        if (text.Length == 0)
        {
            return ParsedLine.Bad(number, "text before ',,' is empty");
        }

        return ParsedLine.Good(number, new MreRecord(JsonFields.DefaultId(stem, number), text, textLabel, pairs));
    }

    private static bool TrySplit(string line, out string text, out string target, out string error)
    {
        text = target = error = string.Empty;
        if (line.StartsWith('"'))
        {
            var builder = new System.Text.StringBuilder();
            int i = 1;
            while (true)
            {
                if (i >= line.Length)
                {
                    error = "quoted text has no closing '\"'";
                    return false;
                }

                if (line[i] == '"')
                {
                    if (i + 1 < line.Length && line[i + 1] == '"')
                    {
                        builder.Append('"');
                        i += 2;
                        continue;
                    }

                    break;
                }

                builder.Append(line[i++]);
            }

            if (!line.AsSpan(i + 1).StartsWith(",,"))
            {
                error = "expected ',,' right after the quoted text";
                return false;
            }

            text = builder.ToString();
            target = line[(i + 3)..];
            return true;
        }

        int firstSplit = line.IndexOf(",,", StringComparison.Ordinal);
        if (firstSplit < 0)
        {
            error = "expected 'text,,target' (no ',,' on the line)";
            return false;
        }

        int position = firstSplit;
        for (int at = firstSplit; at >= 0; at = line.IndexOf(",,", at + 1, StringComparison.Ordinal))
        {
            var after = line.AsSpan(at + 2).TrimStart();
            if (after.Length > 0 && Separators.IsColon(after[0]))
            {
                position = at;
                break;
            }
        }

        text = line[..position];
        target = line[(position + 2)..];
        return true;
    }
}
