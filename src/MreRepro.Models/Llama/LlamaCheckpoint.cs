using MreRepro.Models.Checkpoints;
using TorchSharp;
using static TorchSharp.torch;
using MreRepro.Files;

namespace MreRepro.Models.Llama;

/// <summary>Creates a LLaMA from a Hugging Face folder (config.json + safetensors), and saves one.</summary>
public static class LlamaCheckpoint
{
    public const string ConfigFile = "config.json";

    /// <summary>
    /// Builds the model from config.json directly in <paramref name="dtype"/> on <paramref name="device"/> (no random
    /// init, no float32 detour) and fills it tensor by tensor; <paramref name="note"/> hears about ignored tensors.
    /// </summary>
    public static LlamaForCausalLM Load(string folder, Device? device = null, ScalarType dtype = ScalarType.Float32, Action<string>? note = null)
    {
        var configPath = Path.Combine(folder, ConfigFile);
        if (!File.Exists(configPath))
        {
            throw new CheckpointException($"{folder}: no {ConfigFile} (a Hugging Face LLaMA folder holds config.json and model.safetensors).");
        }
        var config = LlamaConfig.Load(configPath);
        var model = Create(config, device, dtype, initialize: false);
        try
        {
            var report = HfCheckpoint.Load(model, folder, config.TieWordEmbeddings ? ["lm_head.weight"] : null);
            if (report.Note is { } text)
            {
                note?.Invoke($"{folder}: {text}");
            }
            return model;
        }
        catch
        {
            model.Dispose();
            throw;
        }
    }

    /// <summary>A model whose parameters are created in <paramref name="dtype"/> on <paramref name="device"/> from the start.</summary>
    public static LlamaForCausalLM Create(LlamaConfig config, Device? device = null, ScalarType dtype = ScalarType.Float32, bool initialize = true)
    {
        var previousType = get_default_dtype();
        var previousDevice = get_default_device();
        set_default_dtype(dtype);
        if (device is not null)
        {
            set_default_device(device);
        }
        try
        {
            return new LlamaForCausalLM(config, initialize);
        }
        finally
        {
            set_default_dtype(previousType);
            set_default_device(previousDevice);
        }
    }

    /// <summary>Writes config.json (torch_dtype set to <paramref name="dtype"/>) and the weights, tied lm_head left out.</summary>
    public static void Save(LlamaForCausalLM model, string folder, ScalarType dtype = ScalarType.Float32, long maxShardBytes = HfCheckpoint.DefaultMaxShardBytes)
    {
        Directory.CreateDirectory(folder);
        var config = model.Config with { TorchDtype = DtypeName(dtype) };
        var configPath = Path.Combine(folder, ConfigFile);
        AtomicFile.Write(configPath, config.Save);
        HfCheckpoint.Save(model, folder, dtype, model.Config.TieWordEmbeddings ? ["lm_head.weight"] : null, maxShardBytes);
    }

    /// <summary>Hugging Face's torch_dtype name of a scalar type.</summary>
    public static string DtypeName(ScalarType dtype) => dtype switch
    {
        ScalarType.Float32 => "float32",
        ScalarType.Float16 => "float16",
        ScalarType.BFloat16 => "bfloat16",
        ScalarType.Float64 => "float64",
        _ => throw new ArgumentOutOfRangeException(nameof(dtype), dtype, "checkpoints are saved as float32, float16, bfloat16 or float64"),
    };
}
