using System.Text.Json;
using System.Text.Json.Nodes;
using MreRepro.Files;
using MreRepro.Models.Tensors;
using TorchSharp.Modules;
using TorchSharp.PyBridge;
using static TorchSharp.torch;

namespace MreRepro.Training.Lora;

/// <summary>
/// LoRA adapters on disk as PEFT saves them: <c>adapter_config.json</c> (peft_type LORA, r, lora_alpha, target_modules …)
/// and <c>adapter_model.safetensors</c> holding only the A and B weights, named
/// <c>base_model.model.&lt;module&gt;.lora_A.weight</c>. A fine-tuned 7B model is then a few MB instead of a copy of its
/// base; <see cref="MergeInto"/> folds an adapter into a loaded base, as PEFT's merge_and_unload does.
/// </summary>
public static class LoraAdapterFile
{
    public const string ConfigFile = "adapter_config.json";
    public const string WeightsFile = "adapter_model.safetensors";
    private const string Prefix = "base_model.model.";

    /// <summary>True when <paramref name="folder"/> holds a saved adapter.</summary>
    public static bool IsAdapter(string folder) => File.Exists(Path.Combine(folder, ConfigFile));

    /// <summary>Writes the adapters (in their training dtype) and their config; each file appears whole or not at all.</summary>
    public static void Save(LoraAdapters adapters, string folder, string baseModel)
    {
        ArgumentNullException.ThrowIfNull(adapters);
        if (adapters.IsMerged)
            throw new TrainingException("LoRA adapters were merged into the model; there is nothing left to save as an adapter.");
        Directory.CreateDirectory(folder);
        var tensors = new Dictionary<string, Tensor>(StringComparer.Ordinal);
        foreach (var adapter in adapters.Adapters)
        {
            tensors[$"{Prefix}{adapter.Name}.{LoraLinearAdapter.AName}.weight"] = adapter.A.weight!.detach().cpu().contiguous();
            tensors[$"{Prefix}{adapter.Name}.{LoraLinearAdapter.BName}.weight"] = adapter.B.weight!.detach().cpu().contiguous();
        }
        var options = adapters.Options;
        var config = new JsonObject
        {
            ["peft_type"] = "LORA",
            ["task_type"] = "CAUSAL_LM",
            ["base_model_name_or_path"] = baseModel,
            ["r"] = options.Rank,
            ["lora_alpha"] = options.Alpha,
            ["lora_dropout"] = options.Dropout,
            ["target_modules"] = new JsonArray(options.TargetSuffixes.Select(s => (JsonNode)s).ToArray()),
            ["bias"] = "none",
            ["fan_in_fan_out"] = false,
            ["use_rslora"] = false,
            ["use_dora"] = false,
            ["inference_mode"] = true,
        };
        AtomicFile.Write(Path.Combine(folder, WeightsFile), path => Safetensors.SaveStateDict(path, tensors));
        AtomicFile.Write(Path.Combine(folder, ConfigFile), path => File.WriteAllText(path, config.ToJsonString(new JsonSerializerOptions { WriteIndented = true }) + "\n"));
        foreach (var tensor in tensors.Values)
            tensor.Dispose();
    }

    /// <summary>
    /// Adds scaling · B · A to each adapted Linear weight of <paramref name="model"/> (in the weight's dtype, as PEFT
    /// merges). Refuses what this merge would compute differently from PEFT (bias training, rsLoRA, DoRA, fan_in_fan_out)
    /// and any tensor that does not fit a Linear of the model, naming the file.
    /// </summary>
    public static void MergeInto(nn.Module model, string folder)
    {
        ArgumentNullException.ThrowIfNull(model);
        var configPath = Path.Combine(folder, ConfigFile);
        var config = JsonNode.Parse(File.ReadAllText(configPath)) as JsonObject
            ?? throw new TrainingException($"{configPath}: not a JSON object.");
        Require(config, "peft_type", "LORA", configPath);
        Require(config, "bias", "none", configPath);
        foreach (var flag in new[] { "fan_in_fan_out", "use_rslora", "use_dora" })
        {
            if (config[flag]?.GetValue<bool>() == true)
                throw new TrainingException($"{configPath}: {flag} is true; MreRepro merges plain LoRA only.");
        }
        var rank = config["r"]?.GetValue<int>() ?? throw new TrainingException($"{configPath}: r is missing.");
        var alpha = config["lora_alpha"]?.GetValue<double>() ?? throw new TrainingException($"{configPath}: lora_alpha is missing.");
        var scaling = alpha / rank;

        var linears = model.named_modules().Where(m => m.module is Linear).ToDictionary(m => m.name, m => (Linear)m.module, StringComparer.Ordinal);
        var weightsPath = Path.Combine(folder, WeightsFile);
        var tensors = Safetensors.LoadStateDict(weightsPath);
        try
        {
            var modules = tensors.Keys.Select(k => ModuleOf(k, weightsPath)).Distinct(StringComparer.Ordinal).ToList();
            using var noGrad = no_grad();
            // The scope holds every temporary until the merge is done (see LiveScalars for why that matters).
            using var scope = NewDisposeScope();
            foreach (var name in modules)
            {
                if (!linears.TryGetValue(name, out var linear))
                    throw new TrainingException($"{weightsPath}: adapter for '{name}', which is not a Linear layer of the model.");
                var a = Tensor(tensors, $"{Prefix}{name}.{LoraLinearAdapter.AName}.weight", weightsPath);
                var b = Tensor(tensors, $"{Prefix}{name}.{LoraLinearAdapter.BName}.weight", weightsPath);
                var weight = linear.weight!;
                if (a.shape[0] != rank || b.shape[1] != rank || a.shape[1] != weight.shape[1] || b.shape[0] != weight.shape[0])
                    throw new TrainingException(
                        $"{weightsPath}: '{name}' has A [{string.Join(", ", a.shape)}] and B [{string.Join(", ", b.shape)}], which do not fit r = {rank} and its weight [{string.Join(", ", weight.shape)}].");
                using var bw = b.to(weight.dtype, weight.device);
                using var aw = a.to(weight.dtype, weight.device);
                using var delta = bw.matmul(aw) * LiveScalars.Of(scaling);
                weight.PlusInPlace(delta);
            }
        }
        finally
        {
            foreach (var tensor in tensors.Values)
                tensor.Dispose();
        }
    }

    private static string ModuleOf(string key, string path)
    {
        foreach (var part in new[] { LoraLinearAdapter.AName, LoraLinearAdapter.BName })
        {
            var suffix = $".{part}.weight";
            if (key.StartsWith(Prefix, StringComparison.Ordinal) && key.EndsWith(suffix, StringComparison.Ordinal))
                return key[Prefix.Length..^suffix.Length];
        }
        throw new TrainingException($"{path}: unexpected tensor '{key}' (an adapter holds {Prefix}<module>.lora_A.weight and .lora_B.weight only).");
    }

    private static Tensor Tensor(Dictionary<string, Tensor> tensors, string key, string path) =>
        tensors.TryGetValue(key, out var tensor) ? tensor : throw new TrainingException($"{path}: '{key}' is missing.");

    private static void Require(JsonObject config, string key, string expected, string path)
    {
        var value = config[key]?.ToString();
        if (!string.Equals(value, expected, StringComparison.Ordinal))
            throw new TrainingException($"{path}: {key} is '{value ?? "missing"}'; expected '{expected}'.");
    }
}
