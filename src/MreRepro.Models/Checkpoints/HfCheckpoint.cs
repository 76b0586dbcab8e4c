using System.Text.Json;
using System.Text.Json.Nodes;
using TorchSharp;
using TorchSharp.PyBridge;
using static TorchSharp.torch;
using MreRepro.Files;

namespace MreRepro.Models.Checkpoints;

/// <summary>What a load did besides filling the module: tensors in the files that the module does not have.</summary>
public sealed record CheckpointLoadReport(IReadOnlyList<string> Ignored, IReadOnlyList<string> Files)
{
    public string? Note => Ignored.Count == 0 ? null
        : $"ignored {Ignored.Count} tensor(s) the model does not have: {string.Join(", ", Ignored.Take(5))}{(Ignored.Count > 5 ? ", …" : "")}";
}

/// <summary>
/// Hugging Face checkpoint folders: config.json plus model.safetensors, or shards listed in
/// model.safetensors.index.json ("weight_map"). Tensor bytes are read and written by TorchSharp.PyBridge's
/// safetensors support. Loading goes one tensor at a time (shapes checked from the header first), copying each into
/// the module's parameter and freeing it before the next, so a model needs its own size plus one tensor.
/// </summary>
public static class HfCheckpoint
{
    public const string WeightsFile = "model.safetensors";
    public const string IndexFile = "model.safetensors.index.json";

    /// <summary>Hugging Face's default shard limit (transformers' max_shard_size "5GB").</summary>
    public const long DefaultMaxShardBytes = 5_000_000_000;

    /// <summary>
    /// Writes the module's state dict in <paramref name="dtype"/>: one model.safetensors, or numbered shards plus the
    /// index when it exceeds <paramref name="maxShardBytes"/>. Names in <paramref name="skip"/> (tied weights) are left out.
    /// </summary>
    public static void Save(nn.Module module, string folder, ScalarType dtype = ScalarType.Float32, IReadOnlyCollection<string>? skip = null,
        long maxShardBytes = DefaultMaxShardBytes)
    {
        Directory.CreateDirectory(folder);
        var named = module.state_dict().Where(kv => skip?.Contains(kv.Key) != true).ToList();
        var elementBytes = ElementSize(dtype);
        var shards = new List<List<KeyValuePair<string, Tensor>>> { new() };
        long shardBytes = 0;
        foreach (var entry in named)
        {
            var bytes = entry.Value.numel() * elementBytes;
            if (shards[^1].Count > 0 && shardBytes + bytes > maxShardBytes)
            {
                shards.Add([]);
                shardBytes = 0;
            }
            shards[^1].Add(entry);
            shardBytes += bytes;
        }
        RemoveStaleWeights(folder);
        if (shards.Count == 1)
        {
            WriteShard(Path.Combine(folder, WeightsFile), shards[0], dtype);
            return;
        }
        var map = new JsonObject();
        for (var i = 0; i < shards.Count; i++)
        {
            var file = $"model-{i + 1:D5}-of-{shards.Count:D5}.safetensors";
            WriteShard(Path.Combine(folder, file), shards[i], dtype);
            foreach (var (name, _) in shards[i])
            {
                map[name] = file;
            }
        }
        var index = new JsonObject
        {
            ["metadata"] = new JsonObject { ["total_size"] = named.Sum(kv => kv.Value.numel() * elementBytes) },
            ["weight_map"] = map,
        };
        AtomicFile.WriteAllText(Path.Combine(folder, IndexFile), index.ToJsonString(new JsonSerializerOptions { WriteIndented = true }) + "\n");
    }

    /// <summary>
    /// Fills every tensor of <paramref name="module"/>'s state dict from the folder, converting dtypes; names in
    /// <paramref name="optional"/> may be absent. Fails naming the tensor and both shapes on a mismatch, and listing
    /// what is missing; tensors the module lacks (e.g. rotary_emb.inv_freq of old exports) are ignored and reported.
    /// </summary>
    public static CheckpointLoadReport Load(nn.Module module, string folder, IReadOnlyCollection<string>? optional = null)
    {
        var expected = module.state_dict();
        var loaded = new HashSet<string>(StringComparer.Ordinal);
        var ignored = new List<string>();
        var files = Shards(folder);
        using (no_grad())
        {
            foreach (var file in files)
            {
                var header = SafetensorsHeader.Read(file);
                foreach (var entry in header.Where(e => expected.ContainsKey(e.Name)))
                {
                    var target = expected[entry.Name];
                    if (!target.shape.SequenceEqual(entry.Shape))
                    {
                        throw new CheckpointException(
                            $"{file}: tensor {entry.Name} has shape {Shape(entry.Shape)} but the model expects {Shape(target.shape)}.");
                    }
                }
                ignored.AddRange(header.Where(e => !expected.ContainsKey(e.Name)).Select(e => e.Name));
                using var stream = File.OpenRead(file);
                foreach (var entry in header.Where(e => expected.ContainsKey(e.Name)))
                {
                    // PyBridge re-reads the header from the stream's start and then only the bytes of the kept key.
                    stream.Position = 0;
                    var one = Safetensors.LoadStateDict(stream, leaveOpen: true, keysToKeep: [entry.Name]);
                    using var tensor = one[entry.Name];
                    expected[entry.Name].copy_(tensor);
                    loaded.Add(entry.Name);
                }
            }
        }
        var missing = expected.Where(kv => !loaded.Contains(kv.Key) && optional?.Contains(kv.Key) != true).ToList();
        if (missing.Count > 0)
        {
            var list = string.Join(", ", missing.Take(5).Select(kv => $"{kv.Key} {Shape(kv.Value.shape)}"));
            var hint = ignored.Count > 0 ? $" It has {ignored.Count} tensor(s) the model does not, e.g. {string.Join(", ", ignored.Take(3))}." : "";
            throw new CheckpointException(
                $"{folder}: the checkpoint lacks {missing.Count} tensor(s): {list}{(missing.Count > 5 ? ", …" : "")}.{hint}");
        }
        return new CheckpointLoadReport(ignored, files);
    }

    /// <summary>The weight files of a folder: the shards named in the index (sorted), or the single model.safetensors.</summary>
    public static IReadOnlyList<string> Shards(string folder)
    {
        if (!Directory.Exists(folder))
        {
            throw new CheckpointException($"{folder}: checkpoint folder not found.");
        }
        var index = Path.Combine(folder, IndexFile);
        if (File.Exists(index))
        {
            try
            {
                using var doc = JsonDocument.Parse(File.ReadAllText(index));
                if (!doc.RootElement.TryGetProperty("weight_map", out var map) || map.ValueKind != JsonValueKind.Object)
                {
                    throw new CheckpointException($"{index}: no \"weight_map\" object.");
                }
                var files = map.EnumerateObject().Select(p => p.Value.GetString() ?? "").Distinct().Order(StringComparer.Ordinal)
                    .Select(f => Path.Combine(folder, f)).ToList();
                var absent = files.FirstOrDefault(f => !File.Exists(f));
                return absent is null ? files : throw new CheckpointException($"{index}: lists shard {Path.GetFileName(absent)}, which is not in the folder.");
            }
            catch (JsonException e)
            {
                throw new CheckpointException($"{index}: not valid JSON ({e.Message}).", e);
            }
        }
        var single = Path.Combine(folder, WeightsFile);
        return File.Exists(single)
            ? [single]
            : throw new CheckpointException($"{folder}: neither {WeightsFile} nor {IndexFile} found.");
    }

    private static void WriteShard(string path, List<KeyValuePair<string, Tensor>> tensors, ScalarType dtype)
    {
        var state = new Dictionary<string, Tensor>();
        try
        {
            foreach (var (name, tensor) in tensors)
            {
                state[name] = tensor.detach().to_type(dtype).cpu().contiguous();
            }
            AtomicFile.Write(path, temp => Safetensors.SaveStateDict(temp, state));
        }
        finally
        {
            foreach (var t in state.Values)
            {
                t.Dispose();
            }
        }
    }

    // A folder re-saved with a different layout must not keep an index that points at old shards.
    private static void RemoveStaleWeights(string folder)
    {
        var index = Path.Combine(folder, IndexFile);
        if (File.Exists(index))
        {
            File.Delete(index);
        }
        foreach (var shard in Directory.EnumerateFiles(folder, "model-*-of-*.safetensors"))
        {
            File.Delete(shard);
        }
    }

    private static long ElementSize(ScalarType dtype) => dtype switch
    {
        ScalarType.Float64 or ScalarType.Int64 => 8,
        ScalarType.Float32 or ScalarType.Int32 => 4,
        ScalarType.Float16 or ScalarType.BFloat16 or ScalarType.Int16 => 2,
        _ => 1,
    };

    private static string Shape(IEnumerable<long> shape) => $"[{string.Join(", ", shape)}]";
}
