using System.Text.Json;
using MreRepro.Domain.Records;

namespace MreRepro.Domain.Formats;

/// <summary>
/// Stockmark ner-wikipedia <c>ner.json</c>: [{curid, text, entities:[{name, span:[s,e], type}]}]. Spans count Unicode code points
/// (Python string indices) and are taken as the words' starts; a span that does not point at its name is an error. The text-level
/// label is empty (the public file has none), so only word-level labels are checked against an inventory.
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

        var pairs = new List<WordPair>();
        foreach (var entity in entities.EnumerateArray())
        {
            var name = entity.ValueKind == JsonValueKind.Object ? JsonFields.String(entity, "name", out _) : null;
            var type = entity.ValueKind == JsonValueKind.Object ? JsonFields.String(entity, "type", out _) : null;
            if (name is null || type is null)
            {
                return ParsedLine.Bad(line, "each entity needs string fields \"name\" and \"type\"");
            }

            int? start = null;
            if (entity.TryGetProperty("span", out var span) && span.ValueKind != JsonValueKind.Null)
            {
                if (span.ValueKind != JsonValueKind.Array || span.GetArrayLength() != 2 || !span[0].TryGetInt32(out int s) || !span[1].TryGetInt32(out int e)
                    || e - s != CodePoints.Length(name) || !CodePoints.OccursAt(text, s, name))
                {
                    return ParsedLine.Bad(line, $"entity '{name}' has span {span.GetRawText()}, which does not point at it in the text (spans count Unicode code points)");
                }

                start = s;
            }

            pairs.Add(new WordPair(Separators.NormalizeLabel(type), name, start));
        }

        var id = JsonFields.DefaultId(stem, index);
        return ParsedLine.Good(line, new MreRecord(id, text, string.Empty, pairs));
    }
}
