using System.Text.Json;
using TorchSharp;
using TorchSharp.PyBridge;
using static TorchSharp.torch;

namespace MreRepro.Models.Checkpoints;

/// <summary>
/// Hugging Face checkpoint folders: config.json plus model.safetensors, or shards listed in
/// model.safetensors.index.json. Read and written with TorchSharp.PyBridge's safetensors support; loading goes
/// shard by shard, copying each tensor into the module and freeing the shard before the next.
/// </summary>
public static class HfCheckpoint
{
    public const string WeightsFile = "model.safetensors";
    public const string IndexFile = "model.safetensors.index.json";

    /// <summary>Names that old checkpoints carry but the architecture recomputes.</summary>
    private static readonly string[] Ignored = ["rotary_emb.inv_freq"];

    public static void Save(nn.Module module, string folder, ScalarType dtype = ScalarType.Float32, IReadOnlyCollection<string>? skip = null)
    {
        Directory.CreateDirectory(folder);
        var state = new Dictionary<string, Tensor>();
        foreach (var (name, tensor) in module.state_dict())
        {
            if (skip?.Contains(name) == true)
            {
                continue;
            }
            state[name] = tensor.detach().to_type(dtype).cpu().contiguous();
        }
        var path = Path.Combine(folder, WeightsFile);
        var temp = path + $".tmp-{Environment.ProcessId}";
        Safetensors.SaveStateDict(temp, state);
        File.Move(temp, path, overwrite: true);
        foreach (var t in state.Values)
        {
            t.Dispose();
        }
    }

    /// <summary>Loads every parameter of <paramref name="module"/> from the folder; names in <paramref name="optional"/> may be absent.</summary>
    public static void Load(nn.Module module, string folder, IReadOnlyCollection<string>? optional = null)
    {
        var expected = module.state_dict();
        var loaded = new HashSet<string>(StringComparer.Ordinal);
        var unexpected = new List<string>();
        using (no_grad())
        {
            foreach (var shard in Shards(folder))
            {
                var tensors = Safetensors.LoadStateDict(shard);
                try
                {
                    foreach (var (name, tensor) in tensors)
                    {
                        if (!expected.TryGetValue(name, out var target))
                        {
                            if (!Ignored.Any(i => name.EndsWith(i, StringComparison.Ordinal)))
                            {
                                unexpected.Add(name);
                            }
                            continue;
                        }
                        if (!target.shape.SequenceEqual(tensor.shape))
                        {
                            throw new CheckpointException(
                                $"{shard}: tensor {name} has shape [{string.Join(", ", tensor.shape)}] but the model expects [{string.Join(", ", target.shape)}].");
                        }
                        target.copy_(tensor);
                        loaded.Add(name);
                    }
                }
                finally
                {
                    foreach (var t in tensors.Values)
                    {
                        t.Dispose();
                    }
                }
            }
        }
        var missing = expected.Keys.Where(k => !loaded.Contains(k) && optional?.Contains(k) != true).ToList();
        if (missing.Count > 0)
        {
            throw new CheckpointException($"{folder}: the checkpoint lacks {missing.Count} tensor(s): {string.Join(", ", missing.Take(5))}{(missing.Count > 5 ? ", …" : "")}.");
        }
        if (unexpected.Count > 0)
        {
            throw new CheckpointException($"{folder}: the checkpoint has tensor(s) the model does not: {string.Join(", ", unexpected.Take(5))}.");
        }
    }

    private static IEnumerable<string> Shards(string folder)
    {
        var index = Path.Combine(folder, IndexFile);
        if (File.Exists(index))
        {
            using var doc = JsonDocument.Parse(File.ReadAllText(index));
            if (!doc.RootElement.TryGetProperty("weight_map", out var map))
            {
                throw new CheckpointException($"{index}: no weight_map.");
            }
            return map.EnumerateObject().Select(p => p.Value.GetString()!).Distinct().Order(StringComparer.Ordinal)
                .Select(f => Path.Combine(folder, f)).ToList();
        }
        var single = Path.Combine(folder, WeightsFile);
        return File.Exists(single)
            ? [single]
            : throw new CheckpointException($"{folder}: neither {WeightsFile} nor {IndexFile} found.");
    }
}
