using System.Text.Json;
using System.Text.Json.Nodes;
using MreRepro.Models.Checkpoints;
using MreRepro.Models.T5.Checkpoints;
using MreRepro.Models.T5.Model;
using MreRepro.Models.T5.Tests.Model;
using TorchSharp.PyBridge;
using static TorchSharp.torch;

namespace MreRepro.Models.T5.Tests.Checkpoints;

/// <summary>
/// T5 folders this implementation would compute differently from Hugging Face are refused in one line naming the
/// folder and the field or tensor; each folder is written by the test from the committed reference checkpoints.
/// </summary>
[Collection("NoParallelization")]
public sealed class T5StrictLoadingTests
{
    private static readonly string s_references = Path.Combine(AppContext.BaseDirectory, "References");

    private static Dictionary<string, Tensor> State(string variant) => variant == "t5_v10_tied"
        ? Safetensors.LoadStateDict(Path.Combine(s_references, variant, T5Checkpoint.SafetensorsFile))
        : PyTorchUnpickler.UnpickleStateDict(Path.Combine(s_references, variant, T5Checkpoint.PyTorchFile))
            .Cast<System.Collections.DictionaryEntry>().ToDictionary(e => (string)e.Key, e => (Tensor)e.Value!);

    /// <summary>A reference checkpoint with its config and tensors changed, as model.safetensors in a new folder.</summary>
    private static string Variant(string variant = "t5_v10_tied", Action<JsonObject>? config = null, Action<Dictionary<string, Tensor>>? tensors = null)
    {
        var folder = Directory.CreateTempSubdirectory("mre-t5-strict-").FullName;
        var json = JsonNode.Parse(File.ReadAllText(Path.Combine(s_references, variant, T5Checkpoint.ConfigFile)))!.AsObject();
        config?.Invoke(json);
        File.WriteAllText(Path.Combine(folder, T5Checkpoint.ConfigFile), json.ToJsonString());
        var state = State(variant);
        tensors?.Invoke(state);
        Safetensors.SaveStateDict(Path.Combine(folder, T5Checkpoint.SafetensorsFile), state);
        return folder;
    }

    private static string Refusal(string folder, CheckpointLoadOptions? options = null) =>
        Assert.Throws<T5CheckpointException>(() => T5Checkpoint.Load(folder, options ?? new CheckpointLoadOptions())).Message;

    [Theory]
    [InlineData("model_type", "\"umt5\"", "model_type: 'umt5' is not T5")]
    [InlineData("architectures", "[\"BartForConditionalGeneration\"]", "architectures: BartForConditionalGeneration is not a T5 encoder-decoder")]
    [InlineData("feed_forward_proj", "\"gated-silu\"", "feed_forward_proj: 'gated-silu' is not supported: relu (T5 v1.0) or gated-gelu (T5 v1.1)")]
    public void Should_refuse_config_fields_naming_them(string key, string value, string expected)
    {
        var folder = Variant(config: c => c[key] = JsonNode.Parse(value));
        Assert.StartsWith($"{Path.Combine(folder, "config.json")}: {expected}", Refusal(folder));
    }

    [Fact]
    public void Should_refuse_bias_tensors()
    {
        var folder = Variant(tensors: s => s["encoder.block.0.layer.0.SelfAttention.q.bias"] = zeros(32));
        Assert.StartsWith($"{folder}: encoder.block.0.layer.0.SelfAttention.q.bias: 1 bias tensor(s), but T5 layers have no bias", Refusal(folder));
    }

    [Fact]
    public void Should_refuse_a_tied_config_whose_file_holds_a_different_head_and_accept_the_tied_copy()
    {
        var different = Variant(tensors: s => s["lm_head.weight"] = s["shared.weight"] * 2);
        Assert.StartsWith($"{different}: lm_head.weight: the file holds an output head that differs from shared.weight, but tie_word_embeddings is true", Refusal(different));

        var copies = Variant(tensors: s =>
        {
            s["lm_head.weight"] = s["shared.weight"].clone();
            s["encoder.embed_tokens.weight"] = s["shared.weight"].clone();
            s["decoder.embed_tokens.weight"] = s["shared.weight"].clone();
        });
        using var model = T5Checkpoint.Load(copies);
        Assert.True(T5Checkpoint.Inspect(copies).CanLoad);
    }

    [Fact]
    public void Should_refuse_an_embedding_copy_that_differs_from_shared()
    {
        var folder = Variant(tensors: s => s["decoder.embed_tokens.weight"] = s["shared.weight"] + 1);
        Assert.StartsWith($"{folder}: decoder.embed_tokens.weight: differ(s) from shared.weight", Refusal(folder));
    }

    [Fact]
    public void Should_refuse_an_untied_config_whose_file_has_no_head()
    {
        var folder = Variant(config: c => c["tie_word_embeddings"] = false);
        Assert.StartsWith($"{folder}: lm_head.weight: missing: tie_word_embeddings is false", Refusal(folder));
    }

    [Fact]
    public void Should_refuse_an_unexpected_tensor()
    {
        var folder = Variant(tensors: s => s["encoder.block.1.layer.0.SelfAttention.relative_attention_bias.weight"] = zeros(8, 2));
        Assert.StartsWith($"{folder}: encoder.block.1.layer.0.SelfAttention.relative_attention_bias.weight: 1 tensor(s) this T5 does not have", Refusal(folder));
    }

    [Fact]
    public void Should_refuse_the_unused_cross_attention_bias_by_default_and_skip_it_only_when_allowed()
    {
        var folder = Variant(tensors: s => s["decoder.block.0.layer.1.EncDecAttention.relative_attention_bias.weight"] = zeros(8, 2));
        Assert.Contains("--allow-harmless", Refusal(folder));
        var notes = new List<string>();
        using var model = T5Checkpoint.Load(folder, new CheckpointLoadOptions { AllowHarmlessExtras = true, Note = notes.Add });
        Assert.Contains("unused cross-attention relative bias skipped", Assert.Single(notes));
    }

    [Fact]
    public void Should_load_a_shard_folder_with_its_config_given_separately()
    {
        var state = State("t5_v11_untied");
        var folder = Directory.CreateTempSubdirectory("mre-t5-shards-").FullName;
        var names = state.Keys.Order(StringComparer.Ordinal).ToList();
        var map = new Dictionary<string, string>();
        for (var i = 0; i < 2; i++)
        {
            var file = $"model-{i + 1:D5}-of-00002.safetensors";
            var part = names.Skip(i * names.Count / 2).Take(names.Count / 2 + i).ToDictionary(n => n, n => state[n]);
            Safetensors.SaveStateDict(Path.Combine(folder, file), part);
            foreach (var name in part.Keys)
            {
                map[name] = file;
            }
        }
        File.WriteAllText(Path.Combine(folder, "model.safetensors.index.json"), JsonSerializer.Serialize(new { metadata = new { }, weight_map = map }));

        var error = Assert.Throws<CheckpointException>(() => T5Checkpoint.Load(folder));
        Assert.Equal($"{folder}: no config.json; a folder of weights alone needs its config given separately (--config FILE).", error.Message);
        var config = Path.Combine(s_references, "t5_v11_untied", T5Checkpoint.ConfigFile);
        using var sharded = T5Checkpoint.Load(folder, new CheckpointLoadOptions { ConfigPath = config });
        using var original = T5Checkpoint.Load(Path.Combine(s_references, "t5_v11_untied"));
        foreach (var ((name, a), (_, b)) in original.state_dict().Zip(sharded.state_dict()))
        {
            Assert.True(a.equal(b).all().item<bool>(), name);
        }
    }

    [Theory]
    [InlineData("t5_v10_tied", "v1.0")]
    [InlineData("t5_v11_untied", "v1.1")]
    public void Should_tell_the_version_from_feed_forward_proj(string variant, string version)
    {
        var inspection = T5Checkpoint.Inspect(Path.Combine(s_references, variant));
        Assert.Equal(version, inspection.Version);
        Assert.True(inspection.CanLoad);
        Assert.Empty(inspection.Findings);
    }

    [Fact]
    public void Should_tie_the_head_of_a_v10_config_without_tie_word_embeddings()
    {
        var folder = Variant(config: c => c.Remove("tie_word_embeddings"));
        using var model = T5Checkpoint.Load(folder);
        Assert.True(model.Config.TieWordEmbeddings);
        Assert.DoesNotContain("lm_head.weight", model.state_dict().Keys);
    }

    [Fact]
    public void Should_load_in_the_stored_dtype_unless_one_is_given()
    {
        var folder = Variant(tensors: s =>
        {
            foreach (var name in s.Keys.ToList())
            {
                s[name] = s[name].to_type(ScalarType.BFloat16);
            }
        });
        Assert.Equal("bfloat16", T5Checkpoint.Inspect(folder).StoredDtype);
        using var stored = T5Checkpoint.Load(folder);
        Assert.All(stored.parameters(), p => Assert.Equal(ScalarType.BFloat16, p.dtype));
        using var wide = T5Checkpoint.Load(folder, dtype: ScalarType.Float32);
        Assert.All(wide.parameters(), p => Assert.Equal(ScalarType.Float32, p.dtype));
    }

    [Theory]
    [InlineData(true, "relu")]
    [InlineData(false, "gated-gelu")]
    public void Should_expect_exactly_the_tensors_the_model_holds(bool tied, string feedForward)
    {
        var config = T5ForConditionalGenerationTests.TinyConfig();
        config.TieWordEmbeddings = tied;
        config.FeedForwardProj = feedForward;
        using var model = new T5ForConditionalGeneration(config);
        var actual = model.state_dict().ToDictionary(kv => kv.Key, kv => kv.Value.shape);
        var expected = T5Compatibility.ExpectedTensors(config);
        Assert.Equal(actual.Keys.Order(), expected.Keys.Order());
        Assert.All(expected, e => Assert.Equal(actual[e.Key], e.Value));
    }

    [Fact]
    public void Should_give_every_layer_hidden_state_consistent_with_the_plain_forward()
    {
        using var model = T5Checkpoint.Load(Path.Combine(s_references, "t5_v11_untied"));
        model.eval();
        using var noGrad = no_grad();
        using var ids = tensor(new long[] { 5, 17, 99, 42, 1 }).unsqueeze(0);
        using var decoder = tensor(new long[] { 0, 32, 7 }).unsqueeze(0);
        using var plain = model.Forward(ids, null, decoder);
        using var encoded = model.Encode(ids, null);
        var (logits, encoderStates, decoderStates) = model.ForwardWithHiddenStates(ids, null, decoder);
        Assert.True(logits.equal(plain).all().item<bool>());
        Assert.Equal(model.Config.NumLayers + 1, encoderStates.Count);
        Assert.Equal(model.Config.DecoderLayers + 1, decoderStates.Count);
        Assert.True(encoderStates[^1].equal(encoded).all().item<bool>());
        Assert.All(decoderStates, h => Assert.Equal([1L, 3, model.Config.DModel], h.shape));
        Assert.False(decoderStates[0].equal(decoderStates[1]).all().item<bool>());
    }

    [Fact]
    public void Should_generate_greedily_without_eos_exactly_the_tokens_asked_for()
    {
        using var model = T5Checkpoint.Load(Path.Combine(s_references, "t5_v10_tied"));
        model.eval();
        var ids = T5GreedyDecoder.Generate(model, [5, 17, 99, 1], 6, eosId: null);
        Assert.Equal(6, ids.Length);
        // Each greedy id is the argmax of the full decoder pass on the prefix before it.
        using var noGrad = no_grad();
        using var input = tensor(new long[] { 5, 17, 99, 1 }).unsqueeze(0);
        using var decoder = tensor(new long[] { 0 }.Concat(ids.Select(i => (long)i)).ToArray()).unsqueeze(0);
        using var logits = model.Forward(input, null, decoder);
        using var argmax = logits.argmax(-1);
        Assert.Equal(ids, argmax.data<long>().ToArray().Take(6).Select(i => (int)i));
    }
}
