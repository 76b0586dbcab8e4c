using System.Text.Json;
using MreRepro.Domain.Records;

namespace MreRepro.Domain.Formats;

/// <summary>
/// MMM/OIELLM records: input <c>text/TASK</c>, output <c>TL/TASK/:label;entity:label;entity</c> (task e.g. NER), as the OIELLM
/// writers emit them. The text-level label and the task are the output's first two '/'-separated fields; the word-level part after
/// the second '/' follows <see cref="WordLevelPairs"/>. The task named in the output must end the input; it is removed to give the
/// text. Ids come from "id" when present, else <c>stem-N</c> with N the 1-based JSONL line or JSON array element index.
/// </summary>
internal static class MmmFormat
{
    public static bool Matches(JsonElement first) => first.TryGetProperty("input", out _) && first.TryGetProperty("output", out _);

    public static ParsedLine Parse(JsonElement element, int line, int idPosition, string stem, IReadOnlySet<string>? wordLabels)
    {
        var input = JsonFields.String(element, "input", out var inputError);
        var output = JsonFields.String(element, "output", out var outputError);
        if (input is null || output is null)
        {
            return ParsedLine.Bad(line, inputError ?? outputError!);
        }

        int firstSlash = output.IndexOfAny(['/', '／']);
        int secondSlash = firstSlash < 0 ? -1 : output.IndexOfAny(['/', '／'], firstSlash + 1);
        if (secondSlash < 0)
        {
            return ParsedLine.Bad(line, $"output must look like 'TL/TASK/:label;entity…', found '{Shorten(output)}'");
        }

        var textLabel = Separators.NormalizeLabel(output[..firstSlash]);
        var task = output[(firstSlash + 1)..secondSlash].Trim();
        if (textLabel.Length == 0 || task.Length == 0)
        {
            return ParsedLine.Bad(line, $"output must start with a text-level label and a task, 'TL/TASK/…', found '{Shorten(output)}'");
        }

        var trimmedInput = input.TrimEnd();
        string? text = null;
        foreach (var slash in new[] { "/", "／" })
        {
            if (trimmedInput.EndsWith(slash + task, StringComparison.Ordinal))
            {
                text = trimmedInput[..^(slash.Length + task.Length)];
                break;
            }
        }

        if (text is null)
        {
            return ParsedLine.Bad(line, $"input must end with '/{task}' (the task named in output), found '…{Shorten(trimmedInput, tail: true)}'");
        }

        var rest = output[(secondSlash + 1)..];
        var pairs = WordLevelPairs.Parse(rest, text, wordLabels, out var pairError);
        if (pairs is null)
        {
            return ParsedLine.Bad(line, $"word-level part '{Shorten(rest)}': {pairError}");
        }

        var id = JsonFields.OptionalId(element, "id") ?? JsonFields.DefaultId(stem, idPosition);
        return ParsedLine.Good(line, new MreRecord(id, text, textLabel, pairs));
    }

    internal static string Shorten(string s, bool tail = false) =>
        s.Length <= 40 ? s : tail ? s[^40..] : s[..40] + "…";
}
