using System.Text.Json.Nodes;
using MreRepro.Models.Checkpoints;
using MreRepro.Models.T5.Model;
using static TorchSharp.torch;

namespace MreRepro.Models.T5.Checkpoints;

/// <summary>
/// A T5 checkpoint against what this T5 computes: the config's labels and feed-forward kind (v1.0 relu with a tied
/// head, v1.1 gated-gelu with an untied one), and every tensor (biases, head/embedding copies that differ from
/// shared.weight, tensors the model lacks or misses, shapes). Each refusal names the key or tensors.
/// </summary>
public static class T5Compatibility
{
    private static readonly HashSet<string> s_modelTypes = ["t5", "mt5"];

    private static readonly HashSet<string> s_architectures =
        ["T5ForConditionalGeneration", "T5Model", "T5WithLMHeadModel", "MT5ForConditionalGeneration", "MT5Model"];

    // Copies of shared.weight that Hugging Face writes for T5 (always tied to it on load).
    private static readonly string[] s_embeddingCopies = ["encoder.embed_tokens.weight", "decoder.embed_tokens.weight"];

    /// <summary>HF's unused cross-attention relative bias (older exports); its own loader ignores it.</summary>
    public static bool IsHarmlessExtra(string name) =>
        name.StartsWith("decoder.block.", StringComparison.Ordinal) && name.EndsWith(".EncDecAttention.relative_attention_bias.weight", StringComparison.Ordinal);

    /// <summary>"v1.0" (relu feed-forward) or "v1.1" (gated-gelu), from feed_forward_proj.</summary>
    public static string Version(T5Config config) => config.IsGatedGelu ? "v1.1" : "v1.0";

    /// <summary>Refusals and warnings about the config alone.</summary>
    public static IReadOnlyList<CheckpointFinding> CheckConfig(JsonObject json, T5Config config, string source)
    {
        var findings = new List<CheckpointFinding>();
        if (!s_modelTypes.Contains(config.ModelType))
        {
            findings.Add(CheckpointFinding.Refuse(source, "model_type", $"'{config.ModelType}' is not T5 (model_type t5); this implementation would compute it differently."));
        }
        var architectures = json["architectures"] is JsonArray array ? array.Select(a => a?.ToString() ?? "").ToList() : [];
        var others = architectures.Where(a => !s_architectures.Contains(a)).ToList();
        if (others.Count > 0)
        {
            findings.Add(CheckpointFinding.Refuse(source, "architectures", $"{string.Join(", ", others)} is not a T5 encoder-decoder ({string.Join(", ", s_architectures)})."));
        }
        if (config.FeedForwardProj is not ("relu" or "gated-gelu"))
        {
            findings.Add(CheckpointFinding.Refuse(source, "feed_forward_proj", $"'{config.FeedForwardProj}' is not supported: relu (T5 v1.0) or gated-gelu (T5 v1.1)."));
        }
        if (config.DModel <= 0 || config.DFf <= 0 || config.DKv <= 0 || config.NumHeads <= 0 || config.NumLayers <= 0 || config.DecoderLayers <= 0 || config.VocabSize <= 0)
        {
            findings.Add(CheckpointFinding.Refuse(source, "d_model", "d_model, d_ff, d_kv, num_heads, num_layers, num_decoder_layers and vocab_size must be positive."));
        }
        if (findings.Count == 0 && config.IsGatedGelu == config.TieWordEmbeddings)
        {
            var tied = config.TieWordEmbeddings ? "tied" : "untied";
            findings.Add(CheckpointFinding.Warn(source, "tie_word_embeddings",
                $"{Version(config)} with a {tied} head is unusual (v1.0 ties it, v1.1 does not); computed as Hugging Face does{(json.ContainsKey("tie_word_embeddings") ? "" : " (absent means true)")}."));
        }
        return findings;
    }

    /// <summary>Refusals and warnings about the tensors, given the config passed <see cref="CheckConfig"/>.</summary>
    public static IReadOnlyList<CheckpointFinding> CheckTensors(string folder, JsonObject json, T5Config config,
        IReadOnlyDictionary<string, Tensor> state, bool allowHarmlessExtras)
    {
        var findings = new List<CheckpointFinding>();
        var expected = ExpectedTensors(config);
        var extras = state.Keys.Where(n => !expected.ContainsKey(n)).Order(StringComparer.Ordinal).ToList();
        state.TryGetValue("shared.weight", out var shared);

        var biases = extras.Where(n => n.EndsWith(".bias", StringComparison.Ordinal)).ToList();
        if (biases.Count > 0)
        {
            findings.Add(CheckpointFinding.Refuse(folder, Names(biases), $"{biases.Count} bias tensor(s), but T5 layers have no bias and this implementation would drop them."));
        }
        var copies = s_embeddingCopies.Where(extras.Contains).ToList();
        if (config.TieWordEmbeddings && extras.Contains("lm_head.weight"))
        {
            copies.Add("lm_head.weight");
        }
        var different = copies.Where(n => shared is null || !SameValues(state[n], shared)).ToList();
        if (different.Count > 0)
        {
            findings.Add(CheckpointFinding.Refuse(folder, Names(different), different.SequenceEqual(["lm_head.weight"])
                ? "the file holds an output head that differs from shared.weight, but tie_word_embeddings is true, so the model would use shared.weight instead; set tie_word_embeddings to false if the head is separate."
                : "differ(s) from shared.weight, which Hugging Face's T5 and this implementation use in their place."));
        }
        var harmless = extras.Where(IsHarmlessExtra).ToList();
        if (harmless.Count > 0)
        {
            findings.Add(allowHarmlessExtras
                ? CheckpointFinding.Warn(folder, Names(harmless), "unused cross-attention relative bias skipped (Hugging Face ignores it too).")
                : CheckpointFinding.Refuse(folder, Names(harmless), "an unused cross-attention relative bias of older exports; known harmless: allow it with --allow-harmless (AllowHarmlessExtras)."));
        }
        var unknown = extras.Where(n => !biases.Contains(n) && !copies.Contains(n) && !harmless.Contains(n)).ToList();
        if (unknown.Count > 0)
        {
            findings.Add(CheckpointFinding.Refuse(folder, Names(unknown), $"{unknown.Count} tensor(s) this T5 does not have; is this a T5 checkpoint of this config?"));
        }
        var missing = expected.Keys.Where(n => !state.ContainsKey(n)).ToList();
        if (missing.Remove("lm_head.weight"))
        {
            findings.Add(CheckpointFinding.Refuse(folder, "lm_head.weight",
                "missing: tie_word_embeddings is false, so the model needs a separate head; set tie_word_embeddings to true (T5 v1.0) if the head is shared.weight."));
        }
        if (missing.Count > 0)
        {
            findings.Add(CheckpointFinding.Refuse(folder, Names(missing), $"the checkpoint lacks {missing.Count} tensor(s) the model needs ({string.Join(", ", missing.Take(3).Select(n => $"{n} {Shape(expected[n])}"))})."));
        }
        foreach (var (name, shape) in expected.Where(e => state.ContainsKey(e.Key)))
        {
            if (!state[name].shape.SequenceEqual(shape))
            {
                findings.Add(CheckpointFinding.Refuse(folder, name, $"has shape {Shape(state[name].shape)} but the model expects {Shape(shape)}."));
            }
            else if (!state[name].is_floating_point())
            {
                findings.Add(CheckpointFinding.Refuse(folder, name, $"dtype {state[name].dtype} is not a float type."));
            }
        }
        var stored = StoredDtype(state);
        if (json["torch_dtype"] is JsonValue declared && declared.TryGetValue<string>(out var name2) && name2 != stored)
        {
            findings.Add(CheckpointFinding.Warn(folder, "torch_dtype", $"'{name2}' but the weights are stored as {stored}; without an explicit dtype they load as {stored}."));
        }
        return findings;
    }

    /// <summary>The tensors (name → shape) of Hugging Face's T5ForConditionalGeneration for the config, tied head left out.</summary>
    public static IReadOnlyDictionary<string, long[]> ExpectedTensors(T5Config c)
    {
        long d = c.DModel, inner = c.NumHeads * c.DKv;
        var expected = new Dictionary<string, long[]>(StringComparer.Ordinal) { ["shared.weight"] = [c.VocabSize, d] };
        void Attention(string prefix)
        {
            expected[prefix + "q.weight"] = [inner, d];
            expected[prefix + "k.weight"] = [inner, d];
            expected[prefix + "v.weight"] = [inner, d];
            expected[prefix + "o.weight"] = [d, inner];
        }
        void FeedForward(string prefix)
        {
            foreach (var wi in c.IsGatedGelu ? new[] { "wi_0", "wi_1" } : ["wi"])
            {
                expected[$"{prefix}DenseReluDense.{wi}.weight"] = [c.DFf, d];
            }
            expected[prefix + "DenseReluDense.wo.weight"] = [d, c.DFf];
            expected[prefix + "layer_norm.weight"] = [d];
        }
        foreach (var (stack, count) in new[] { ("encoder", c.NumLayers), ("decoder", c.DecoderLayers) })
        {
            for (var i = 0; i < count; i++)
            {
                var block = $"{stack}.block.{i}.layer.";
                Attention(block + "0.SelfAttention.");
                expected[block + "0.layer_norm.weight"] = [d];
                if (i == 0)
                {
                    expected[block + "0.SelfAttention.relative_attention_bias.weight"] = [c.RelativeAttentionNumBuckets, c.NumHeads];
                }
                if (stack == "decoder")
                {
                    Attention(block + "1.EncDecAttention.");
                    expected[block + "1.layer_norm.weight"] = [d];
                }
                FeedForward(block + (stack == "decoder" ? "2." : "1."));
            }
            expected[stack + ".final_layer_norm.weight"] = [d];
        }
        if (!c.TieWordEmbeddings)
        {
            expected["lm_head.weight"] = [c.VocabSize, d];
        }
        return expected;
    }

    /// <summary>The dtype most parameters are stored in, as torch names it.</summary>
    public static string StoredDtype(IReadOnlyDictionary<string, Tensor> state) =>
        state.Values.Where(t => t.is_floating_point()).GroupBy(t => t.dtype).OrderByDescending(g => g.Sum(t => t.numel()))
            .Select(g => DtypeName(g.Key)).FirstOrDefault() ?? "float32";

    public static string DtypeName(ScalarType dtype) => dtype switch
    {
        ScalarType.Float32 => "float32",
        ScalarType.BFloat16 => "bfloat16",
        ScalarType.Float16 => "float16",
        ScalarType.Float64 => "float64",
        var other => other.ToString(),
    };

    private static bool SameValues(Tensor a, Tensor b)
    {
        if (!a.shape.SequenceEqual(b.shape))
        {
            return false;
        }
        using var x = a.to_type(ScalarType.Float32);
        using var y = b.to_type(ScalarType.Float32);
        using var same = x.eq(y).all();
        return same.item<bool>();
    }

    private static string Names(IReadOnlyList<string> names) =>
        string.Join(", ", names.Take(4)) + (names.Count > 4 ? $", … ({names.Count} in all)" : "");

    private static string Shape(IEnumerable<long> shape) => $"[{string.Join(", ", shape)}]";
}
