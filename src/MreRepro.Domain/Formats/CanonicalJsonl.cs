using System.Text;
using System.Text.Encodings.Web;
using System.Text.Json;
using MreRepro.Domain.Records;
using MreRepro.Files;

namespace MreRepro.Domain.Formats;

/// <summary>
/// The project's canonical dataset file: one {"id","text","text_label","pairs":[{"label","word","start"}]} object per line,
/// UTF-8 without BOM, keys in that order, '\n' line ends, written atomically. "start" counts Unicode code points (null when
/// the word does not occur in the text); labels and words are JSON strings, so any character can stand in a word.
/// </summary>
public static class CanonicalJsonl
{
    private static readonly JsonWriterOptions s_writerOptions = new()
    {
        Encoder = JavaScriptEncoder.UnsafeRelaxedJsonEscaping,
        Indented = false,
    };

    /// <summary>Writes the records to <paramref name="path"/> through a temporary file in the same folder, so readers never see half a file.</summary>
    public static void Write(string path, IEnumerable<MreRecord> records)
    {
        ArgumentNullException.ThrowIfNull(records);
        AtomicFile.Write(path, temp =>
        {
            using var stream = new FileStream(temp, FileMode.Create, FileAccess.Write);
            stream.Write(ToBytes(records));
            stream.Flush(flushToDisk: true);
        });
    }

    /// <summary>The exact bytes <see cref="Write"/> puts on disk.</summary>
    public static byte[] ToBytes(IEnumerable<MreRecord> records)
    {
        ArgumentNullException.ThrowIfNull(records);
        using var buffer = new MemoryStream();
        foreach (var record in records)
        {
            using (var writer = new Utf8JsonWriter(buffer, s_writerOptions))
            {
                WriteRecord(writer, record);
            }

            buffer.WriteByte((byte)'\n');
        }

        return buffer.ToArray();
    }

    /// <summary>Reads a canonical file; any other layout is an error naming the format found.</summary>
    public static DatasetReadResult Read(string path, ReadOptions? options = null)
    {
        var result = DatasetReader.Read(path, options);
        if (result.Format != DatasetFormat.Canonical)
        {
            throw new DatasetFormatException(path, null, $"expected the canonical JSONL layout, found {result.Format}");
        }

        return result;
    }

    internal static bool Matches(JsonElement first) =>
        first.TryGetProperty("text", out _) && (first.TryGetProperty("text_label", out _) || first.TryGetProperty("pairs", out _));

    internal static ParsedLine Parse(JsonElement element, int line, string stem)
    {
        var text = JsonFields.String(element, "text", out var textError);
        var textLabel = JsonFields.String(element, "text_label", out var labelError);
        if (text is null || textLabel is null)
        {
            return ParsedLine.Bad(line, textError ?? labelError!);
        }

        if (!element.TryGetProperty("pairs", out var pairsElement) || pairsElement.ValueKind != JsonValueKind.Array)
        {
            return ParsedLine.Bad(line, "field \"pairs\" must be an array of {\"label\",\"word\",\"start\"}");
        }

        var pairs = new List<WordPair>();
        foreach (var pairElement in pairsElement.EnumerateArray())
        {
            if (pairElement.ValueKind != JsonValueKind.Object)
            {
                return ParsedLine.Bad(line, "each pair must be an object {\"label\",\"word\",\"start\"}");
            }

            var label = JsonFields.String(pairElement, "label", out var pairLabelError);
            var word = JsonFields.String(pairElement, "word", out var wordError);
            if (label is null || word is null)
            {
                return ParsedLine.Bad(line, "pair " + (pairLabelError ?? wordError));
            }

            int? start = null;
            if (pairElement.TryGetProperty("start", out var startElement) && startElement.ValueKind != JsonValueKind.Null)
            {
                if (!startElement.TryGetInt32(out int s) || !CodePoints.OccursAt(text, s, word))
                {
                    return ParsedLine.Bad(line, $"pair start {startElement.GetRawText()} does not point at '{word}' in the text (starts count Unicode code points)");
                }

                start = s;
            }

            pairs.Add(new WordPair(label, word, start));
        }

        var id = JsonFields.OptionalId(element, "id") ?? JsonFields.DefaultId(stem, line);
        return ParsedLine.Good(line, new MreRecord(id, text, textLabel, pairs));
    }

    private static void WriteRecord(Utf8JsonWriter writer, MreRecord record)
    {
        writer.WriteStartObject();
        writer.WriteString("id", record.Id);
        writer.WriteString("text", record.Text);
        writer.WriteString("text_label", record.TextLabel);
        writer.WriteStartArray("pairs");
        foreach (var pair in record.Pairs)
        {
            writer.WriteStartObject();
            writer.WriteString("label", pair.Label);
            writer.WriteString("word", pair.Word);
            if (pair.Start is int start)
            {
                writer.WriteNumber("start", start);
            }
            else
            {
                writer.WriteNull("start");
            }

            writer.WriteEndObject();
        }

        writer.WriteEndArray();
        writer.WriteEndObject();
    }
}
