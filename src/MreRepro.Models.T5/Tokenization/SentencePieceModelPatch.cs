namespace MreRepro.Models.T5.Tokenization;

/// <summary>
/// Rewrites trainer_spec.bos_id in a serialized SentencePiece ModelProto. Microsoft.ML.Tokenizers 2.0.1 indexes the
/// piece table with bos_id and throws on Unigram models trained without BOS (bos_id = -1), such as t5-base-japanese.
/// </summary>
internal static class SentencePieceModelPatch
{
    // ModelProto.trainer_spec = 2 (message); TrainerSpec.bos_id = 41 (int32 varint).
    internal const int TrainerSpecField = 2;
    internal const int BosIdField = 41;

    /// <summary>Number of entries in ModelProto.pieces (field 1), i.e. the SentencePiece vocabulary size.</summary>
    public static int CountPieces(ReadOnlySpan<byte> model)
    {
        var count = 0;
        var pos = 0;
        while (pos < model.Length)
        {
            var tag = ReadVarint(model, ref pos);
            var wire = (int)(tag & 7);
            if ((int)(tag >> 3) == 1 && wire == 2)
            {
                count++;
            }
            Skip(model, ref pos, wire);
        }
        return count;
    }

    // TrainerSpec.unk_id = 40 (int32 varint, proto2 default 0).
    internal const int UnkIdField = 40;

    /// <summary>Reads trainer_spec.bos_id, or null when the field is absent (proto2 default 1).</summary>
    public static int? ReadBosId(ReadOnlySpan<byte> model) => ReadTrainerSpecInt(model, BosIdField);

    /// <summary>Reads trainer_spec.unk_id (proto2 default 0).</summary>
    public static int ReadUnkId(ReadOnlySpan<byte> model) => ReadTrainerSpecInt(model, UnkIdField) ?? 0;

    private static int? ReadTrainerSpecInt(ReadOnlySpan<byte> model, int wantedField)
    {
        var spec = FindField(model, TrainerSpecField);
        if (spec is null)
        {
            return null;
        }
        var (start, length) = spec.Value;
        var inner = model.Slice(start, length);
        int? bos = null;
        var pos = 0;
        while (pos < inner.Length)
        {
            var tag = ReadVarint(inner, ref pos);
            var field = (int)(tag >> 3);
            var wire = (int)(tag & 7);
            if (field == wantedField && wire == 0)
            {
                bos = unchecked((int)ReadVarint(inner, ref pos));
            }
            else
            {
                Skip(inner, ref pos, wire);
            }
        }
        return bos;
    }

    /// <summary>Returns a copy of the model whose trainer_spec.bos_id is newBosId; every other byte keeps its meaning.</summary>
    public static byte[] WithBosId(ReadOnlySpan<byte> model, int newBosId)
    {
        var output = new List<byte>(model.Length + 16);
        var pos = 0;
        var patched = false;
        while (pos < model.Length)
        {
            var fieldStart = pos;
            var tag = ReadVarint(model, ref pos);
            var field = (int)(tag >> 3);
            var wire = (int)(tag & 7);
            if (field == TrainerSpecField && wire == 2 && !patched)
            {
                var length = (int)ReadVarint(model, ref pos);
                var spec = PatchSpec(model.Slice(pos, length), newBosId);
                pos += length;
                WriteVarint(output, tag);
                WriteVarint(output, (ulong)spec.Count);
                output.AddRange(spec);
                patched = true;
            }
            else
            {
                Skip(model, ref pos, wire);
                output.AddRange(model[fieldStart..pos].ToArray());
            }
        }
        if (!patched)
        {
            // No trainer_spec at all: append one holding only bos_id.
            var spec = PatchSpec([], newBosId);
            WriteVarint(output, (TrainerSpecField << 3) | 2);
            WriteVarint(output, (ulong)spec.Count);
            output.AddRange(spec);
        }
        return output.ToArray();
    }

    private static List<byte> PatchSpec(ReadOnlySpan<byte> spec, int newBosId)
    {
        var output = new List<byte>(spec.Length + 12);
        var pos = 0;
        while (pos < spec.Length)
        {
            var fieldStart = pos;
            var tag = ReadVarint(spec, ref pos);
            var wire = (int)(tag & 7);
            Skip(spec, ref pos, wire);
            if ((int)(tag >> 3) != BosIdField)
            {
                output.AddRange(spec[fieldStart..pos].ToArray());
            }
        }
        WriteVarint(output, (BosIdField << 3) | 0);
        // int32 varints are sign-extended to 64 bits, as protobuf does for negative values.
        WriteVarint(output, unchecked((ulong)(long)newBosId));
        return output;
    }

    private static (int Start, int Length)? FindField(ReadOnlySpan<byte> message, int wanted)
    {
        var pos = 0;
        while (pos < message.Length)
        {
            var tag = ReadVarint(message, ref pos);
            var wire = (int)(tag & 7);
            if ((int)(tag >> 3) == wanted && wire == 2)
            {
                var length = (int)ReadVarint(message, ref pos);
                if (pos + length > message.Length)
                {
                    throw new InvalidDataException("SentencePiece model: field runs past the end of the message");
                }
                return (pos, length);
            }
            Skip(message, ref pos, wire);
        }
        return null;
    }

    private static ulong ReadVarint(ReadOnlySpan<byte> data, ref int pos)
    {
        ulong value = 0;
        for (var shift = 0; shift < 64; shift += 7)
        {
            if (pos >= data.Length)
            {
                throw new InvalidDataException("SentencePiece model: truncated varint");
            }
            var b = data[pos++];
            value |= (ulong)(b & 0x7F) << shift;
            if ((b & 0x80) == 0)
            {
                return value;
            }
        }
        throw new InvalidDataException("SentencePiece model: varint longer than 10 bytes");
    }

    private static void Skip(ReadOnlySpan<byte> data, ref int pos, int wire)
    {
        switch (wire)
        {
            case 0:
                ReadVarint(data, ref pos);
                break;
            case 1:
                pos += 8;
                break;
            case 2:
                var length = (int)ReadVarint(data, ref pos);
                pos += length;
                break;
            case 5:
                pos += 4;
                break;
            default:
                throw new InvalidDataException($"SentencePiece model: unsupported protobuf wire type {wire}");
        }
        if (pos > data.Length)
        {
            throw new InvalidDataException("SentencePiece model: field runs past the end of the message");
        }
    }

    private static void WriteVarint(List<byte> output, ulong value)
    {
        while (value >= 0x80)
        {
            output.Add((byte)(value | 0x80));
            value >>= 7;
        }
        output.Add((byte)value);
    }
}
