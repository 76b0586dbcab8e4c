using System.Buffers;
using System.Text.Unicode;

namespace MreRepro.Domain.Formats;

/// <summary>A dataset file decoded as strict UTF-8, with the checks that turn encoding mistakes into clear errors.</summary>
internal sealed class SourceText
{
    private SourceText(string path, byte[] bytes, int bomLength, string text)
    {
        Path = path;
        Bytes = bytes;
        BomLength = bomLength;
        Text = text;
    }

    public string Path { get; }

    /// <summary>The raw file bytes, BOM included.</summary>
    public byte[] Bytes { get; }

    public int BomLength { get; }

    /// <summary>The decoded text without BOM.</summary>
    public string Text { get; }

    public string FileName => System.IO.Path.GetFileName(Path);

    public static SourceText Load(string path)
    {
        if (!File.Exists(path))
        {
            throw new DatasetFormatException(path, null, "file not found");
        }

        var bytes = File.ReadAllBytes(path);
        if (bytes.Length == 0)
        {
            throw new DatasetFormatException(path, null, "file is empty; expected a dataset in JSONL, JSON, or 'text,,target' CSV form");
        }

        if (bytes.Length >= 2 && ((bytes[0] == 0xFF && bytes[1] == 0xFE) || (bytes[0] == 0xFE && bytes[1] == 0xFF)))
        {
            throw new DatasetFormatException(path, null, "file starts with a UTF-16/UTF-32 byte-order mark; save it as UTF-8");
        }

        int bom = bytes.Length >= 3 && bytes[0] == 0xEF && bytes[1] == 0xBB && bytes[2] == 0xBF ? 3 : 0;
        int nul = Array.IndexOf(bytes, (byte)0, bom);
        if (nul >= 0)
        {
            throw new DatasetFormatException(path, LineAt(bytes, nul), $"NUL byte at byte offset {nul}; the file looks UTF-16 or binary, save it as UTF-8");
        }

        var source = bytes.AsSpan(bom);
        var chars = new char[source.Length];
        var status = Utf8.ToUtf16(source, chars, out int read, out int written, replaceInvalidSequences: false);
        if (status != OperationStatus.Done)
        {
            int offset = bom + read;
            throw new DatasetFormatException(path, LineAt(bytes, offset), $"invalid UTF-8 at byte offset {offset} (byte 0x{bytes[offset]:X2}); save the file as UTF-8");
        }

        var text = new string(chars, 0, written);
        if (text.AsSpan().Trim().Length == 0)
        {
            throw new DatasetFormatException(path, null, "file holds only whitespace; expected a dataset in JSONL, JSON, or 'text,,target' CSV form");
        }

        return new SourceText(path, bytes, bom, text);
    }

    /// <summary>Lines split on '\n' with a trailing '\r' removed; index i is line i + 1.</summary>
    public IReadOnlyList<string> Lines() =>
        Text.Split('\n').Select(line => line.EndsWith('\r') ? line[..^1] : line).ToArray();

    private static int LineAt(byte[] bytes, int offset) => bytes.AsSpan(0, offset).Count((byte)'\n') + 1;
}
