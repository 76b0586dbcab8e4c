using System.Buffers.Binary;
using System.Text;
using System.Text.Json;
using System.Text.Json.Nodes;
using TorchSharp.PyBridge;

namespace MreRepro.Models.Tests.References;

/// <summary>
/// What Hugging Face's LlamaForCausalLM gives for tiny_llama's weights stored in its layout as float32 and bfloat16
/// (llama_hf_reference.json, from make_llama_reference.py), and the folders themselves, written at test time the way
/// transformers' save_pretrained writes them: config.json, safetensors with "__metadata__", optionally two shards
/// and model.safetensors.index.json.
/// </summary>
internal sealed record HfLlamaReference(JsonObject Config, long[] Prompt, int EosTokenId, Dictionary<string, HfLlamaCase> Cases)
{
    public static HfLlamaReference Load() => JsonSerializer.Deserialize<HfLlamaReference>(
        File.ReadAllText(Path.Combine(AppContext.BaseDirectory, "References", "llama_hf_reference.json")),
        new JsonSerializerOptions { PropertyNamingPolicy = JsonNamingPolicy.SnakeCaseLower })!;

    /// <summary>A new folder holding the checkpoint in <paramref name="dtype"/> ("float32" or "bfloat16"), in one file or two shards.</summary>
    public string WriteFolder(string dtype, bool sharded, bool withConfig = true)
    {
        var folder = Directory.CreateTempSubdirectory("mre-hf-llama-").FullName;
        var config = Config.DeepClone().AsObject();
        config["torch_dtype"] = dtype;
        if (withConfig)
        {
            File.WriteAllText(Path.Combine(folder, "config.json"), config.ToJsonString(new JsonSerializerOptions { WriteIndented = true }) + "\n");
        }
        var weights = ReadFloats(Path.Combine(LlamaReference.Folder, "model.safetensors"));
        // Module order (embeddings, layers, norm, head), as transformers' sharding walks the state dict.
        var names = weights.Keys.OrderBy(Order).ThenBy(n => n, StringComparer.Ordinal).ToList();
        if (!sharded)
        {
            WriteSafetensors(Path.Combine(folder, "model.safetensors"), names, weights, dtype);
            return folder;
        }
        var half = names.Count / 2;
        var shards = new[] { names.Take(half).ToList(), names.Skip(half).ToList() };
        var map = new JsonObject();
        for (var i = 0; i < 2; i++)
        {
            var file = $"model-{i + 1:D5}-of-00002.safetensors";
            WriteSafetensors(Path.Combine(folder, file), shards[i], weights, dtype);
            foreach (var name in shards[i].Order(StringComparer.Ordinal))
            {
                map[name] = file;
            }
        }
        var total = weights.Values.Sum(v => (long)v.Values.Length * (dtype == "bfloat16" ? 2 : 4));
        var index = new JsonObject { ["metadata"] = new JsonObject { ["total_size"] = total }, ["weight_map"] = map };
        File.WriteAllText(Path.Combine(folder, "model.safetensors.index.json"), index.ToJsonString(new JsonSerializerOptions { WriteIndented = true }) + "\n");
        return folder;
    }

    private static int Order(string name) => name.StartsWith("model.embed", StringComparison.Ordinal) ? 0
        : name.StartsWith("model.layers.", StringComparison.Ordinal) ? 1 + int.Parse(name.Split('.')[2])
        : name == "model.norm.weight" ? 10_000 : 10_001;

    private static Dictionary<string, (long[] Shape, float[] Values)> ReadFloats(string path)
    {
        var result = new Dictionary<string, (long[], float[])>();
        foreach (var (name, tensor) in Safetensors.LoadStateDict(path))
        {
            using (tensor)
            {
                result[name] = (tensor.shape, tensor.data<float>().ToArray());
            }
        }
        return result;
    }

    // safetensors as the Python library writes it: 8-byte header length, JSON header (sorted names, __metadata__
    // first), padded with spaces to 8 bytes, then the raw little-endian data.
    private static void WriteSafetensors(string path, IEnumerable<string> names, Dictionary<string, (long[] Shape, float[] Values)> weights, string dtype)
    {
        var header = new JsonObject { ["__metadata__"] = new JsonObject { ["format"] = "pt" } };
        var data = new MemoryStream();
        Span<byte> two = stackalloc byte[2];
        Span<byte> four = stackalloc byte[4];
        foreach (var name in names.Order(StringComparer.Ordinal))
        {
            var (shape, values) = weights[name];
            var start = data.Length;
            foreach (var v in values)
            {
                if (dtype == "bfloat16")
                {
                    BinaryPrimitives.WriteUInt16LittleEndian(two, ToBFloat16(v));
                    data.Write(two);
                }
                else
                {
                    BinaryPrimitives.WriteSingleLittleEndian(four, v);
                    data.Write(four);
                }
            }
            header[name] = new JsonObject
            {
                ["dtype"] = dtype == "bfloat16" ? "BF16" : "F32",
                ["shape"] = new JsonArray(shape.Select(d => (JsonNode)d).ToArray()),
                ["data_offsets"] = new JsonArray(start, data.Length),
            };
        }
        var json = Encoding.UTF8.GetBytes(header.ToJsonString());
        var padded = json.Length + (8 - json.Length % 8) % 8;
        using var file = File.Create(path);
        Span<byte> length = stackalloc byte[8];
        BinaryPrimitives.WriteUInt64LittleEndian(length, (ulong)padded);
        file.Write(length);
        file.Write(json);
        file.Write(Enumerable.Repeat((byte)' ', padded - json.Length).ToArray());
        data.Position = 0;
        data.CopyTo(file);
    }

    // torch's float32 -> bfloat16: round to nearest, ties to even (no NaNs in these weights).
    private static ushort ToBFloat16(float value)
    {
        var bits = BitConverter.SingleToUInt32Bits(value);
        return (ushort)((bits + 0x7FFF + ((bits >> 16) & 1)) >> 16);
    }
}

/// <summary>One dtype's reference: greedy ids after the prompt (no EOS stop), logits [T, V] and hidden states [L + 1][T, H].</summary>
internal sealed record HfLlamaCase(int[] Greedy, float[] Logits, float[][] Hidden);
