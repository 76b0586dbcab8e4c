using System.Text.Json;
using System.Text.Json.Nodes;
using static TorchSharp.torch;

namespace MreRepro.Models.Checkpoints;

/// <summary>One tensor of a checkpoint as its file header describes it (no bytes read).</summary>
public sealed record CheckpointTensor(string Name, string Dtype, long[] Shape, string File)
{
    public long Elements => Shape.Aggregate(1L, (a, b) => a * b);

    public string ShapeText => $"[{string.Join(", ", Shape)}]";
}

/// <summary>
/// A Hugging Face checkpoint folder read without loading weights: its config.json (from the folder, or given
/// separately for a shard folder without one) and every tensor's name, dtype and shape from the safetensors headers.
/// </summary>
public sealed class CheckpointFolder
{
    public const string ConfigFile = "config.json";

    private CheckpointFolder(string folder, string configPath, JsonObject config, IReadOnlyList<string> files,
        IReadOnlyDictionary<string, CheckpointTensor> tensors)
    {
        Folder = folder;
        ConfigPath = configPath;
        Config = config;
        Files = files;
        Tensors = tensors;
    }

    public string Folder { get; }

    public string ConfigPath { get; }

    /// <summary>config.json as written, every key kept (the typed configs ignore the ones they do not use).</summary>
    public JsonObject Config { get; }

    public IReadOnlyList<string> Files { get; }

    public IReadOnlyDictionary<string, CheckpointTensor> Tensors { get; }

    /// <summary>The config's model_type, or "" when it has none.</summary>
    public string ModelType => Config["model_type"] is JsonValue v && v.TryGetValue<string>(out var s) ? s : "";

    /// <summary>Reads config.json and the headers of the safetensors weights (single file or index + shards).</summary>
    public static CheckpointFolder Open(string folder, string? configPath = null)
    {
        var config = ReadConfig(folder, configPath, out var path);
        var files = HfCheckpoint.Shards(folder);
        var tensors = new Dictionary<string, CheckpointTensor>(StringComparer.Ordinal);
        foreach (var file in files)
        {
            foreach (var entry in SafetensorsHeader.Read(file))
            {
                if (!tensors.TryAdd(entry.Name, new CheckpointTensor(entry.Name, entry.Dtype, entry.Shape, file)))
                {
                    throw new CheckpointException($"{file}: tensor {entry.Name} is also in {Path.GetFileName(tensors[entry.Name].File)}.");
                }
            }
        }
        return new CheckpointFolder(folder, path, config, files, tensors);
    }

    /// <summary>A folder whose tensors were listed some other way (e.g. from a pytorch_model.bin).</summary>
    public static CheckpointFolder FromTensors(string folder, string? configPath, IReadOnlyList<string> files, IEnumerable<CheckpointTensor> tensors)
    {
        var config = ReadConfig(folder, configPath, out var path);
        return new CheckpointFolder(folder, path, config, files, tensors.ToDictionary(t => t.Name, StringComparer.Ordinal));
    }

    /// <summary>config.json of the folder, or <paramref name="configPath"/>; fails with one line saying which is missing.</summary>
    public static JsonObject ReadConfig(string folder, string? configPath, out string path)
    {
        if (!Directory.Exists(folder))
        {
            throw new CheckpointException($"{folder}: checkpoint folder not found.");
        }
        path = configPath ?? Path.Combine(folder, ConfigFile);
        if (!File.Exists(path))
        {
            throw new CheckpointException(configPath is null
                ? $"{folder}: no {ConfigFile}; a folder of weights alone needs its config given separately (--config FILE)."
                : $"{configPath}: config file not found.");
        }
        try
        {
            return JsonNode.Parse(File.ReadAllText(path)) as JsonObject
                ?? throw new CheckpointException($"{path}: not a JSON object.");
        }
        catch (JsonException e)
        {
            throw new CheckpointException($"{path}: not valid JSON (line {e.LineNumber + 1}: {e.Message.Split('.')[0]}).", e);
        }
    }

    /// <summary>Parameters stored in the files (tied copies count once only if the file holds them once).</summary>
    public long StoredElements => Tensors.Values.Sum(t => t.Elements);

    /// <summary>The dtype most stored parameters have ("F32", "BF16", …, as safetensors names them).</summary>
    public string StoredDtype => Tensors.Values.GroupBy(t => t.Dtype).OrderByDescending(g => g.Sum(t => t.Elements))
        .ThenBy(g => g.Key, StringComparer.Ordinal).Select(g => g.Key).FirstOrDefault() ?? "F32";

    /// <summary>TorchSharp's type for a safetensors dtype name; null for non-float ones.</summary>
    public static ScalarType? ScalarTypeOf(string safetensorsDtype) => safetensorsDtype switch
    {
        "F32" => ScalarType.Float32,
        "BF16" => ScalarType.BFloat16,
        "F16" => ScalarType.Float16,
        "F64" => ScalarType.Float64,
        _ => null,
    };

    /// <summary>Hugging Face's torch_dtype name of a safetensors dtype name.</summary>
    public static string TorchDtypeName(string safetensorsDtype) => safetensorsDtype switch
    {
        "F32" => "float32",
        "BF16" => "bfloat16",
        "F16" => "float16",
        "F64" => "float64",
        var other => other,
    };
}
