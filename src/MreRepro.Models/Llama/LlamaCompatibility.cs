using System.Text.Json.Nodes;
using System.Text.RegularExpressions;
using MreRepro.Models.Checkpoints;

namespace MreRepro.Models.Llama;

/// <summary>
/// What a checkpoint folder holds against what this LLaMA computes, before any weight is read: the config's fields
/// (labels, biases, rope scaling, activation, head size, sliding windows, quantization) and every tensor's name and
/// shape (projection biases, tied/untied head mismatch, tensors the model lacks or misses). Each refusal names the
/// key or tensors; nothing is silently dropped.
/// </summary>
public static partial class LlamaCompatibility
{
    /// <summary>Buffers older exports saved that Hugging Face's own loader ignores; accepted only when asked for.</summary>
    public static bool IsHarmlessExtra(string name) => name.EndsWith("rotary_emb.inv_freq", StringComparison.Ordinal);

    public static IReadOnlyList<CheckpointFinding> Check(CheckpointFolder folder, LlamaConfig config, bool allowHarmlessExtras)
    {
        var findings = new List<CheckpointFinding>();
        var configSource = folder.ConfigPath;
        findings.AddRange(config.Problems().Select(p => CheckpointFinding.Refuse(configSource, p.Field, p.Message)));
        findings.AddRange(CheckRawConfig(folder.Config, configSource));
        if (findings.Any(f => f.IsRefusal && f.Subject is "hidden_size" or "num_attention_heads"))
        {
            return findings;
        }
        findings.AddRange(CheckTensors(folder, config, allowHarmlessExtras));
        return findings;
    }

    /// <summary>The tensors (name → shape) Hugging Face's LlamaForCausalLM holds for <paramref name="config"/>, tied head left out.</summary>
    public static IReadOnlyDictionary<string, long[]> ExpectedTensors(LlamaConfig config)
    {
        var (h, i, d) = ((long)config.HiddenSize, (long)config.IntermediateSize, (long)config.HeadDim);
        var expected = new Dictionary<string, long[]>(StringComparer.Ordinal) { ["model.embed_tokens.weight"] = [config.VocabSize, h] };
        for (var l = 0; l < config.NumHiddenLayers; l++)
        {
            var p = $"model.layers.{l}.";
            expected[p + "self_attn.q_proj.weight"] = [config.NumAttentionHeads * d, h];
            expected[p + "self_attn.k_proj.weight"] = [config.KeyValueHeads * d, h];
            expected[p + "self_attn.v_proj.weight"] = [config.KeyValueHeads * d, h];
            expected[p + "self_attn.o_proj.weight"] = [h, config.NumAttentionHeads * d];
            expected[p + "mlp.gate_proj.weight"] = [i, h];
            expected[p + "mlp.up_proj.weight"] = [i, h];
            expected[p + "mlp.down_proj.weight"] = [h, i];
            expected[p + "input_layernorm.weight"] = [h];
            expected[p + "post_attention_layernorm.weight"] = [h];
        }
        expected["model.norm.weight"] = [h];
        if (!config.TieWordEmbeddings)
        {
            expected["lm_head.weight"] = [config.VocabSize, h];
        }
        return expected;
    }

    // Keys the typed config does not hold but that change the computation when set.
    private static IEnumerable<CheckpointFinding> CheckRawConfig(JsonObject json, string source)
    {
        if (json["sliding_window"] is JsonValue window && !(json["use_sliding_window"] is JsonValue use && use.TryGetValue<bool>(out var on) && !on))
        {
            yield return CheckpointFinding.Refuse(source, "sliding_window", $"{window.ToJsonString()} is not supported (LLaMA attends to every earlier token; a Mistral/Qwen2-style window would compute differently).");
        }
        else if (json["use_sliding_window"] is JsonValue use2 && use2.TryGetValue<bool>(out var on2) && on2)
        {
            yield return CheckpointFinding.Refuse(source, "use_sliding_window", "true is not supported (LLaMA attends to every earlier token).");
        }
        if (json["quantization_config"] is JsonObject quantization)
        {
            yield return CheckpointFinding.Refuse(source, "quantization_config", $"quantized weights ({quantization["quant_method"]?.ToJsonString() ?? "unknown method"}) are not supported; use an unquantized fp32/fp16/bf16 checkpoint.");
        }
        if (json["pretraining_tp"] is JsonValue tp && tp.TryGetValue<int>(out var slices) && slices > 1)
        {
            yield return CheckpointFinding.Warn(source, "pretraining_tp", $"{slices}: Hugging Face then splits each projection into {slices} matmuls; the result is the same up to float rounding.");
        }
    }

    private static IEnumerable<CheckpointFinding> CheckTensors(CheckpointFolder folder, LlamaConfig config, bool allowHarmlessExtras)
    {
        var source = folder.Folder;
        var expected = ExpectedTensors(config);
        var stored = folder.Tensors;
        var extras = stored.Keys.Where(n => !expected.ContainsKey(n)).Order(StringComparer.Ordinal).ToList();

        var biases = extras.Where(n => ProjectionBias().IsMatch(n)).ToList();
        if (biases.Count > 0)
        {
            yield return CheckpointFinding.Refuse(source, Names(biases),
                $"{biases.Count} projection bias tensor(s), but this LLaMA implementation has no attention or MLP bias and would drop them (a Qwen2-style checkpoint?); attention_bias/mlp_bias in the config: {config.AttentionBias}/{config.MlpBias}.");
        }
        if (config.TieWordEmbeddings && stored.ContainsKey("lm_head.weight"))
        {
            yield return CheckpointFinding.Refuse(source, "lm_head.weight",
                "the file holds a separate output head, but tie_word_embeddings is true, so the model would use model.embed_tokens.weight instead and ignore it; set tie_word_embeddings to false if the head is separate.");
        }
        var harmless = extras.Where(IsHarmlessExtra).ToList();
        if (harmless.Count > 0)
        {
            yield return allowHarmlessExtras
                ? CheckpointFinding.Warn(source, Names(harmless), $"{harmless.Count} rotary inv_freq buffer(s) skipped (recomputed from rope_theta).")
                : CheckpointFinding.Refuse(source, Names(harmless), $"{harmless.Count} rotary inv_freq buffer(s) this model recomputes from rope_theta; known harmless: allow them with --allow-harmless (AllowHarmlessExtras).");
        }
        var unknown = extras.Where(n => !biases.Contains(n) && !harmless.Contains(n) && n != "lm_head.weight").ToList();
        if (unknown.Count > 0)
        {
            yield return CheckpointFinding.Refuse(source, Names(unknown), $"{unknown.Count} tensor(s) this LLaMA implementation does not have; is this checkpoint of another architecture?");
        }

        var missing = expected.Keys.Where(n => !stored.ContainsKey(n)).ToList();
        if (missing.Contains("lm_head.weight"))
        {
            yield return CheckpointFinding.Refuse(source, "lm_head.weight",
                $"missing: tie_word_embeddings is false{(folder.Config.ContainsKey("tie_word_embeddings") ? "" : " (absent means false for LLaMA)")}, so the model needs a separate head; set tie_word_embeddings to true if the head is the embedding.");
            missing.Remove("lm_head.weight");
        }
        if (missing.Count > 0)
        {
            yield return CheckpointFinding.Refuse(source, Names(missing), $"the checkpoint lacks {missing.Count} tensor(s) the model needs ({string.Join(", ", missing.Take(3).Select(n => $"{n} {Shape(expected[n])}"))}).");
        }
        foreach (var (name, shape) in expected.Where(e => stored.ContainsKey(e.Key)))
        {
            var tensor = stored[name];
            if (!tensor.Shape.SequenceEqual(shape))
            {
                yield return CheckpointFinding.Refuse(tensor.File, name, $"has shape {tensor.ShapeText} but the model expects {Shape(shape)}.");
            }
            else if (CheckpointFolder.ScalarTypeOf(tensor.Dtype) is null)
            {
                yield return CheckpointFinding.Refuse(tensor.File, name, $"dtype {tensor.Dtype} is not a float type this implementation loads (F32, F16, BF16, F64).");
            }
        }
        var storedDtype = CheckpointFolder.TorchDtypeName(folder.StoredDtype);
        if (folder.Config["torch_dtype"] is JsonValue declared && declared.TryGetValue<string>(out var name2) && name2 != storedDtype)
        {
            yield return CheckpointFinding.Warn(folder.ConfigPath, "torch_dtype", $"'{name2}' but the weights are stored as {storedDtype}; without an explicit dtype they load as {storedDtype}.");
        }
    }

    private static string Names(IReadOnlyList<string> names) =>
        string.Join(", ", names.Take(4)) + (names.Count > 4 ? $", … ({names.Count} in all)" : "");

    private static string Shape(IEnumerable<long> shape) => $"[{string.Join(", ", shape)}]";

    [GeneratedRegex(@"\.(self_attn\.(q|k|v|o)_proj|mlp\.(gate|up|down)_proj)\.bias$")]
    private static partial Regex ProjectionBias();
}
