using System.Buffers.Binary;
using System.Text;
using System.Text.Json;

namespace MreRepro.Models.Checkpoints;

/// <summary>One tensor's entry in a safetensors header.</summary>
public sealed record SafetensorsEntry(string Name, string Dtype, long[] Shape);

/// <summary>
/// The JSON header of a safetensors file (names, dtypes, shapes), read without touching the tensor bytes so that
/// shapes are checked before loading and tensors can be fetched one at a time; the bytes are read by PyBridge.
/// </summary>
public static class SafetensorsHeader
{
    // A header larger than this is not a safetensors file (the format caps it at 100 MB).
    private const long MaxHeaderBytes = 100_000_000;

    public static IReadOnlyList<SafetensorsEntry> Read(string path)
    {
        using var stream = File.OpenRead(path);
        Span<byte> prefix = stackalloc byte[8];
        if (stream.Read(prefix) != 8)
        {
            throw new CheckpointException($"{path}: too short to be a safetensors file.");
        }
        var length = BinaryPrimitives.ReadUInt64LittleEndian(prefix);
        if (length == 0 || length > MaxHeaderBytes || (long)length > stream.Length - 8)
        {
            throw new CheckpointException($"{path}: header length {length} does not fit the file ({stream.Length} bytes); not a safetensors file.");
        }
        var json = new byte[length];
        stream.ReadExactly(json);
        try
        {
            using var doc = JsonDocument.Parse(Encoding.UTF8.GetString(json));
            var entries = new List<SafetensorsEntry>();
            foreach (var property in doc.RootElement.EnumerateObject())
            {
                if (property.Name == "__metadata__")
                {
                    continue;
                }
                var shape = property.Value.GetProperty("shape").EnumerateArray().Select(d => d.GetInt64()).ToArray();
                entries.Add(new SafetensorsEntry(property.Name, property.Value.GetProperty("dtype").GetString() ?? "", shape));
            }
            return entries;
        }
        catch (Exception e) when (e is JsonException or KeyNotFoundException or InvalidOperationException)
        {
            throw new CheckpointException($"{path}: unreadable safetensors header ({e.Message}).", e);
        }
    }
}
