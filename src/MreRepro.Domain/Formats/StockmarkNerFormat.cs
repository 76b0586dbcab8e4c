using System.Text.Json;
using MreRepro.Domain.Records;

namespace MreRepro.Domain.Formats;

/// <summary>
/// Stockmark ner-wikipedia <c>ner.json</c>: [{curid, text, entities:[{name, span:[s,e], type}]}]. Spans count Unicode code points
/// (Python string indices); they become UTF-16 offsets here. The text-level label is empty (the public file has none).
/// Ids are <c>stem-index</c> (1-based element index) because one curid covers several sentences.
/// </summary>
internal static class StockmarkNerFormat
{
    public static bool Matches(JsonElement first) => first.TryGetProperty("entities", out _) && first.TryGetProperty("text", out _);

    public static ParsedLine Parse(JsonElement element, int line, int index, string stem)
    {
        var text = JsonFields.String(element, "text", out var textError);
        if (text is null)
        {
            return ParsedLine.Bad(line, textError!);
        }

        if (!element.TryGetProperty("entities", out var entities) || entities.ValueKind != JsonValueKind.Array)
        {
            return ParsedLine.Bad(line, "field \"entities\" must be an array");
        }

        var codePointOffsets = CodePointToUtf16(text);
        var pairs = new List<WordPair>();
        foreach (var entity in entities.EnumerateArray())
        {
            var name = entity.ValueKind == JsonValueKind.Object ? JsonFields.String(entity, "name", out var nameError) : null;
            var type = entity.ValueKind == JsonValueKind.Object ? JsonFields.String(entity, "type", out var typeError) : null;
            if (name is null || type is null)
            {
                return ParsedLine.Bad(line, "each entity needs string fields \"name\" and \"type\"");
            }

            int? start = null;
            if (entity.TryGetProperty("span", out var span) && span.ValueKind == JsonValueKind.Array && span.GetArrayLength() == 2
                && span[0].TryGetInt32(out int s) && s >= 0 && s < codePointOffsets.Length)
            {
                int utf16 = codePointOffsets[s];
                if (utf16 + name.Length <= text.Length && string.CompareOrdinal(text, utf16, name, 0, name.Length) == 0)
                {
                    start = utf16;
                }
            }

            pairs.Add(new WordPair(Separators.NormalizeLabel(type), name, start));
        }

        var id = JsonFields.DefaultId(stem, index);
        return ParsedLine.Good(line, new MreRecord(id, text, string.Empty, pairs));
    }

    private static int[] CodePointToUtf16(string text)
    {
        var offsets = new List<int>(text.Length + 1);
        for (int i = 0; i < text.Length; i++)
        {
            offsets.Add(i);
            if (char.IsHighSurrogate(text[i]) && i + 1 < text.Length && char.IsLowSurrogate(text[i + 1]))
            {
                i++;
            }
        }

        offsets.Add(text.Length);
        return offsets.ToArray();
    }
}
