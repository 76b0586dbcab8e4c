using System.Text.Json;
using MreRepro.Domain.Records;

namespace MreRepro.Domain.Formats;

/// <summary>Reads any supported dataset file into <see cref="MreRecord"/>s, recognising the layout from the content, not the extension.</summary>
public static class DatasetReader
{
    /// <summary>
    /// Reads <paramref name="path"/>. Encoding problems, an empty file or an unrecognised layout always throw
    /// <see cref="DatasetFormatException"/>. A bad line throws too (naming file, line and reason) unless
    /// <see cref="ReadOptions.SkipInvalid"/>, in which case it is dropped and listed in <see cref="DatasetReadResult.Invalid"/>.
    /// Duplicate ids make the later line invalid. Words missing from their text are kept with Start = null and warned about,
    /// or are invalid under <see cref="ReadOptions.RequireEntitiesInText"/>.
    /// </summary>
    public static DatasetReadResult Read(string path, ReadOptions? options = null)
    {
        ArgumentException.ThrowIfNullOrEmpty(path);
        options ??= ReadOptions.Default;
        var source = SourceText.Load(path);
        var file = source.FileName;
        var stem = Path.GetFileNameWithoutExtension(path);
        var warnings = new List<DatasetWarning>();
        var (format, parsed) = ParseAny(source, stem, options, warnings);

        var records = new List<MreRecord>();
        var invalid = new List<InvalidLine>();
        var firstLineOfId = new Dictionary<string, int>(StringComparer.Ordinal);
        foreach (var line in parsed)
        {
            var lineWarnings = new List<DatasetWarning>();
            var (record, reason) = line.Record is null ? (null, line.Error) : Validate(line.Record, format, line.Line, file, options, firstLineOfId, lineWarnings);
            if (record is null)
            {
                invalid.Add(new InvalidLine(file, line.Line, reason!));
                continue;
            }

            firstLineOfId[record.Id] = line.Line;
            records.Add(record);
            warnings.AddRange(lineWarnings);
        }

        if (invalid.Count > 0 && !options.SkipInvalid)
        {
            var first = invalid[0];
            var count = invalid.Count > 1 ? $"{invalid.Count} invalid lines in all" : "the only invalid line";
            throw new DatasetFormatException(path, first.Line,
                $"{first.Reason} ({count}; to drop and list them instead, pass --skip-invalid or set skip_invalid: true for the dataset in params.yaml)");
        }

        if (records.Count == 0)
        {
            throw new DatasetFormatException(path, null, $"no valid records ({invalid.Count} invalid line(s), first: {invalid.FirstOrDefault()?.ToString() ?? "none"})");
        }

        return new DatasetReadResult(path, format, records, invalid, warnings);
    }

    private static (DatasetFormat, IReadOnlyList<ParsedLine>) ParseAny(SourceText source, string stem, ReadOptions options, List<DatasetWarning> warnings)
    {
        char first = source.Text.TrimStart()[0];
        if (first is '[' or '{')
        {
            var items = JsonItems.Read(source);
            var sample = items.FirstOrDefault(i => i.Value is not null)?.Value
                ?? throw new DatasetFormatException(source.Path, items[0].Line, items[0].Error!);
            var format = CanonicalJsonl.Matches(sample) ? DatasetFormat.Canonical
                : MmmFormat.Matches(sample) ? DatasetFormat.Mmm
                : StockmarkNerFormat.Matches(sample) ? DatasetFormat.StockmarkNer
                : throw new DatasetFormatException(source.Path, null,
                    "unrecognised JSON records; expected {\"text\",\"text_label\",\"pairs\"}, {\"input\",\"output\"} or {\"curid\",\"text\",\"entities\"}");
            bool isArray = first == '[';
            var parsed = new List<ParsedLine>(items.Count);
            for (int i = 0; i < items.Count; i++)
            {
                var item = items[i];
                if (item.Value is not JsonElement element)
                {
                    parsed.Add(ParsedLine.Bad(item.Line, item.Error!));
                    continue;
                }

                parsed.Add(format switch
                {
                    DatasetFormat.Canonical => CanonicalJsonl.Parse(element, item.Line, stem),
                    DatasetFormat.Mmm => MmmFormat.Parse(element, item.Line, isArray ? i + 1 : item.Line, stem, options.KnownWordLabels),
                    _ => StockmarkNerFormat.Parse(element, item.Line, i + 1, stem),
                });
            }

            return (format, parsed);
        }

        var lines = source.Lines();
        if (!SlgFormat.Matches(lines))
        {
            throw new DatasetFormatException(source.Path, null,
                "unrecognised layout; expected JSONL objects, a JSON array, or 'text,,target' CSV lines");
        }

        var slg = SlgFormat.Parse(lines, stem, options, out int? header);
        if (header is int h)
        {
            warnings.Add(new DatasetWarning(source.FileName, h, DatasetWarningKind.HeaderSkipped, $"skipped header line '{MmmFormat.Shorten(lines[h - 1])}'"));
        }

        return (DatasetFormat.Slg, slg);
    }

    private static (MreRecord? Record, string? Reason) Validate(
        MreRecord record, DatasetFormat format, int line, string file, ReadOptions options, Dictionary<string, int> firstLineOfId, List<DatasetWarning> warnings)
    {
        if (record.Text.Trim().Length == 0)
        {
            return (null, "text is empty");
        }

        if (firstLineOfId.TryGetValue(record.Id, out int earlier))
        {
            return (null, $"duplicate id '{record.Id}' (first on line {earlier})");
        }

        // Stockmark's ner.json has no text-level labels, so only its word-level labels can be checked.
        if (options.KnownTextLabels is { } textLabels && format != DatasetFormat.StockmarkNer && !textLabels.Contains(record.TextLabel))
        {
            return (null, $"text-level label '{record.TextLabel}' is not in the dataset's inventory ({string.Join(", ", textLabels.Order(StringComparer.Ordinal))})");
        }

        if (options.KnownWordLabels is { } wordLabels && record.Pairs.FirstOrDefault(p => !wordLabels.Contains(p.Label)) is { } unknown)
        {
            return (null, $"word-level label '{unknown.Label}' (word '{unknown.Word}') is not in the dataset's inventory ({string.Join(", ", wordLabels.Order(StringComparer.Ordinal))})");
        }

        var located = WordLocator.Locate(record.Text, record.Pairs);
        var pairs = record.Pairs.Select((pair, i) => pair.Start is null ? located[i] : pair).ToArray();
        foreach (var missing in pairs.Where(p => p.Start is null))
        {
            if (options.RequireEntitiesInText)
            {
                return (null, $"word '{missing.Word}' ({missing.Label}) does not occur in the text");
            }

            warnings.Add(new DatasetWarning(file, line, DatasetWarningKind.WordNotInText, $"word '{missing.Word}' ({missing.Label}) does not occur in the text; kept with no offset"));
        }

        return (record with { Pairs = pairs }, null);
    }
}
