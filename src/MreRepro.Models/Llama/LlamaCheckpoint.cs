using MreRepro.Models.Checkpoints;
using TorchSharp;
using static TorchSharp.torch;

namespace MreRepro.Models.Llama;

/// <summary>Creates a LLaMA from a Hugging Face folder (config.json + safetensors), and saves one.</summary>
public static class LlamaCheckpoint
{
    public static LlamaForCausalLM Load(string folder, Device? device = null, ScalarType dtype = ScalarType.Float32)
    {
        var config = LlamaConfig.Load(Path.Combine(folder, "config.json"));
        var model = new LlamaForCausalLM(config);
        HfCheckpoint.Load(model, folder, config.TieWordEmbeddings ? ["lm_head.weight"] : null);
        if (dtype != ScalarType.Float32)
        {
            model.to(dtype);
        }
        if (device is not null)
        {
            model.to(device);
        }
        return model;
    }

    public static void Save(LlamaForCausalLM model, string folder, ScalarType dtype = ScalarType.Float32)
    {
        Directory.CreateDirectory(folder);
        (model.Config with { TorchDtype = dtype == ScalarType.Float32 ? "float32" : dtype == ScalarType.BFloat16 ? "bfloat16" : "float16" })
            .Save(Path.Combine(folder, "config.json"));
        HfCheckpoint.Save(model, folder, dtype, model.Config.TieWordEmbeddings ? ["lm_head.weight"] : null);
    }
}
