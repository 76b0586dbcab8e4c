using System.Text.Json;

namespace MreRepro.Domain.Formats;

/// <summary>The JSON objects of a file, one per JSONL line or per top-level array element, each with its 1-based line.</summary>
internal static class JsonItems
{
    /// <summary>A JSON object, or the reason its line is not one.</summary>
    public sealed record Item(int Line, JsonElement? Value, string? Error);

    public static bool IsArray(SourceText source) => source.Text.TrimStart().StartsWith('[');

    public static IReadOnlyList<Item> Read(SourceText source) => IsArray(source) ? ReadArray(source) : ReadLines(source);

    private static List<Item> ReadLines(SourceText source)
    {
        var items = new List<Item>();
        var lines = source.Lines();
        for (int i = 0; i < lines.Count; i++)
        {
            if (lines[i].Trim().Length == 0)
            {
                continue;
            }

            try
            {
                using var document = JsonDocument.Parse(lines[i]);
                items.Add(document.RootElement.ValueKind == JsonValueKind.Object
                    ? new Item(i + 1, document.RootElement.Clone(), null)
                    : new Item(i + 1, null, $"expected one JSON object per line, found a JSON {document.RootElement.ValueKind}"));
            }
            catch (JsonException e)
            {
                items.Add(new Item(i + 1, null, $"expected one JSON object per line: {FirstSentence(e.Message)}"));
            }
        }

        return items;
    }

    private static List<Item> ReadArray(SourceText source)
    {
        var bytes = source.Bytes.AsMemory(source.BomLength);
        JsonDocument document;
        try
        {
            document = JsonDocument.Parse(bytes, new JsonDocumentOptions { AllowTrailingCommas = true });
        }
        catch (JsonException e)
        {
            // A broken array cannot be salvaged element by element, so this stays an error even with SkipInvalid.
            throw new DatasetFormatException(source.Path, (int)(e.LineNumber ?? 0) + 1, $"not a valid JSON array: {FirstSentence(e.Message)}");
        }

        using (document)
        {
            var starts = ElementLines(bytes);
            var items = new List<Item>();
            int index = 0;
            foreach (var element in document.RootElement.EnumerateArray())
            {
                int line = starts[index++];
                items.Add(element.ValueKind == JsonValueKind.Object
                    ? new Item(line, element.Clone(), null)
                    : new Item(line, null, $"expected a JSON object as array element {index}, found a JSON {element.ValueKind}"));
            }

            if (items.Count == 0)
            {
                throw new DatasetFormatException(source.Path, null, "the JSON array is empty; expected dataset records");
            }

            return items;
        }
    }

    private static List<int> ElementLines(ReadOnlyMemory<byte> memory)
    {
        var lines = new List<int>();
        var bytes = memory.Span;
        var reader = new Utf8JsonReader(bytes, new JsonReaderOptions { AllowTrailingCommas = true });
        int line = 1;
        long counted = 0;
        while (reader.Read())
        {
            if (reader.CurrentDepth == 1 && reader.TokenType is not (JsonTokenType.EndObject or JsonTokenType.EndArray))
            {
                line += bytes.Slice((int)counted, (int)(reader.TokenStartIndex - counted)).Count((byte)'\n');
                counted = reader.TokenStartIndex;
                lines.Add(line);
                if (reader.TokenType is JsonTokenType.StartObject or JsonTokenType.StartArray)
                {
                    reader.Skip();
                }
            }
        }

        return lines;
    }

    private static string FirstSentence(string message) => message.Split(" Path:", 2)[0].Split(" LineNumber:", 2)[0].Trim();
}
