using System.Collections;
using MreRepro.Models.T5.Model;
using TorchSharp;
using TorchSharp.PyBridge;
using static TorchSharp.torch;
using MreRepro.Files;

namespace MreRepro.Models.T5.Checkpoints;

/// <summary>Loads and saves T5 models in the HF folder layout: config.json plus model.safetensors or pytorch_model.bin.</summary>
public static class T5Checkpoint
{
    public const string ConfigFile = "config.json";
    public const string SafetensorsFile = "model.safetensors";
    public const string PyTorchFile = "pytorch_model.bin";

    // Copies of shared.weight HF writes for tied models, and the unused cross-attention bias HF also ignores on load.
    private static readonly HashSet<string> s_ignoredExtras =
    [
        "encoder.embed_tokens.weight", "decoder.embed_tokens.weight", "lm_head.weight",
        "decoder.block.0.layer.1.EncDecAttention.relative_attention_bias.weight",
    ];

    /// <summary>Builds the model from config.json and fills it from model.safetensors, else pytorch_model.bin.</summary>
    public static T5ForConditionalGeneration Load(string directory, Device? device = null)
    {
        var configPath = Path.Combine(directory, ConfigFile);
        if (!File.Exists(configPath))
        {
            throw new T5CheckpointException($"{configPath}: missing T5 config.json");
        }
        var config = T5Config.Load(configPath);
        var model = new T5ForConditionalGeneration(config);
        LoadWeights(model, directory);
        if (device is not null)
        {
            model.to(device);
        }
        return model;
    }

    /// <summary>Fills an existing model from the weights file in directory.</summary>
    public static void LoadWeights(T5ForConditionalGeneration model, string directory)
    {
        var safetensors = Path.Combine(directory, SafetensorsFile);
        var pytorch = Path.Combine(directory, PyTorchFile);
        Dictionary<string, Tensor> stateDict;
        string source;
        if (File.Exists(safetensors))
        {
            source = safetensors;
            stateDict = Safetensors.LoadStateDict(safetensors);
        }
        else if (File.Exists(pytorch))
        {
            source = pytorch;
            var table = PyTorchUnpickler.UnpickleStateDict(pytorch);
            stateDict = [];
            foreach (DictionaryEntry entry in table)
            {
                stateDict[(string)entry.Key] = (Tensor)entry.Value!;
            }
        }
        else
        {
            throw new T5CheckpointException($"{directory}: neither {SafetensorsFile} nor {PyTorchFile} found");
        }
        try
        {
            CopyInto(model, stateDict, source);
        }
        finally
        {
            foreach (var tensor in stateDict.Values)
            {
                tensor.Dispose();
            }
        }
    }

    /// <summary>Writes config.json and model.safetensors atomically (temp file, then move).</summary>
    public static void Save(T5ForConditionalGeneration model, string directory)
    {
        Directory.CreateDirectory(directory);
        AtomicFile.Write(Path.Combine(directory, ConfigFile), path => File.WriteAllText(path, model.Config.ToJson()));
        var stateDict = new Dictionary<string, Tensor>();
        foreach (var (name, tensor) in model.state_dict())
        {
            stateDict[name] = tensor.detach().cpu().contiguous();
        }
        AtomicFile.Write(Path.Combine(directory, SafetensorsFile), path => Safetensors.SaveStateDict(path, stateDict));
    }

    internal static void CopyInto(nn.Module model, IReadOnlyDictionary<string, Tensor> stateDict, string source)
    {
        using var noGrad = no_grad();
        foreach (var (name, target) in model.state_dict())
        {
            if (!stateDict.TryGetValue(name, out var value))
            {
                throw new T5CheckpointException($"{source}: tensor '{name}' missing (expected shape [{string.Join(", ", target.shape)}])");
            }
            if (!value.shape.SequenceEqual(target.shape))
            {
                throw new T5CheckpointException(
                    $"{source}: tensor '{name}' has shape [{string.Join(", ", value.shape)}], model expects [{string.Join(", ", target.shape)}]");
            }
            target.copy_(value.to_type(target.dtype));
        }
        var expected = model.state_dict().Keys.ToHashSet();
        var unknown = stateDict.Keys.Where(k => !expected.Contains(k) && !s_ignoredExtras.Contains(k)).ToList();
        if (unknown.Count > 0)
        {
            throw new T5CheckpointException($"{source}: unexpected tensors {string.Join(", ", unknown.Take(5))}; is this a T5 checkpoint of this config?");
        }
    }
}

/// <summary>A checkpoint that does not fit the model: missing file, missing or misshaped tensor.</summary>
public sealed class T5CheckpointException(string message) : Exception(message);
