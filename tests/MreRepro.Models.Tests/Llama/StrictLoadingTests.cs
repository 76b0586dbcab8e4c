using System.Text.Json.Nodes;
using MreRepro.Models.Checkpoints;
using MreRepro.Models.Llama;
using MreRepro.Models.Tests.References;
using TorchSharp.PyBridge;
using static TorchSharp.torch;

namespace MreRepro.Models.Tests.Llama;

/// <summary>
/// Checkpoints this implementation would compute differently from Hugging Face are refused, in one line naming the
/// folder and the field or tensor; each folder is written by the test from the reference checkpoint.
/// </summary>
[Collection("TorchSharp")]
public sealed class StrictLoadingTests
{
    /// <summary>The reference checkpoint with its config and tensors changed, in a new folder.</summary>
    private static string Variant(Action<JsonObject>? config = null, Action<Dictionary<string, Tensor>>? tensors = null)
    {
        var folder = Directory.CreateTempSubdirectory("mre-strict-").FullName;
        var json = JsonNode.Parse(File.ReadAllText(Path.Combine(LlamaReference.Folder, "config.json")))!.AsObject();
        config?.Invoke(json);
        File.WriteAllText(Path.Combine(folder, "config.json"), json.ToJsonString());
        var state = Safetensors.LoadStateDict(Path.Combine(LlamaReference.Folder, "model.safetensors"));
        tensors?.Invoke(state);
        Safetensors.SaveStateDict(Path.Combine(folder, "model.safetensors"), state);
        return folder;
    }

    private static CheckpointException Refused(string folder, CheckpointLoadOptions? options = null) =>
        Assert.Throws<CheckpointException>(() => LlamaCheckpoint.Load(folder, options ?? new CheckpointLoadOptions()));

    [Fact]
    public void Should_refuse_projection_biases_even_when_the_config_does_not_mention_attention_bias()
    {
        // A Qwen2-style file: q/k/v biases, config without attention_bias; loading it would silently drop them.
        var folder = Variant(tensors: state =>
        {
            foreach (var p in new[] { "q", "k", "v" })
            {
                state[$"model.layers.0.self_attn.{p}_proj.bias"] = ones(state[$"model.layers.0.self_attn.{p}_proj.weight"].shape[0]);
            }
        });
        var error = Refused(folder);
        Assert.StartsWith($"{folder}: model.layers.0.self_attn.k_proj.bias, model.layers.0.self_attn.q_proj.bias, model.layers.0.self_attn.v_proj.bias: 3 projection bias tensor(s)", error.Message);
        Assert.DoesNotContain("\n", error.Message);
    }

    [Fact]
    public void Should_refuse_a_tied_config_whose_file_holds_a_separate_head()
    {
        var folder = Variant(config => config["tie_word_embeddings"] = true);
        var error = Refused(folder);
        Assert.StartsWith($"{folder}: lm_head.weight: the file holds a separate output head, but tie_word_embeddings is true", error.Message);
    }

    [Fact]
    public void Should_refuse_an_untied_config_whose_file_has_no_head()
    {
        var folder = Variant(config => config.Remove("tie_word_embeddings"), state => state.Remove("lm_head.weight"));
        var error = Refused(folder);
        Assert.StartsWith($"{folder}: lm_head.weight: missing: tie_word_embeddings is false (absent means false for LLaMA)", error.Message);
    }

    [Fact]
    public void Should_refuse_an_unexpected_tensor()
    {
        var folder = Variant(tensors: state => state["model.layers.1.self_attn.q_norm.weight"] = ones(8));
        var error = Refused(folder);
        Assert.StartsWith($"{folder}: model.layers.1.self_attn.q_norm.weight: 1 tensor(s) this LLaMA implementation does not have", error.Message);
    }

    [Fact]
    public void Should_refuse_rotary_buffers_by_default_and_skip_them_only_when_allowed()
    {
        var folder = Variant(tensors: state => state["model.layers.0.self_attn.rotary_emb.inv_freq"] = ones(4));
        Assert.Contains("model.layers.0.self_attn.rotary_emb.inv_freq: 1 rotary inv_freq buffer(s)", Refused(folder).Message);
        Assert.Contains("--allow-harmless", Refused(folder).Message);

        var notes = new List<string>();
        using var model = LlamaCheckpoint.Load(folder, new CheckpointLoadOptions { AllowHarmlessExtras = true, Note = notes.Add });
        Assert.Contains("inv_freq buffer(s) skipped", Assert.Single(notes));
        using var reference = LlamaCheckpoint.Load(LlamaReference.Folder);
        Assert.True(model.state_dict()["lm_head.weight"].equal(reference.state_dict()["lm_head.weight"]).all().item<bool>());
    }

    [Fact]
    public void Should_list_every_refusal_on_inspection_and_count_the_others_in_the_load_error()
    {
        var folder = Variant(config => { config["model_type"] = "qwen2"; config["rope_scaling"] = JsonNode.Parse("{\"type\": \"dynamic\", \"factor\": 2}"); },
            state => state["model.layers.0.mlp.up_proj.bias"] = ones(64));
        var inspection = LlamaCheckpoint.Inspect(folder);
        Assert.False(inspection.CanLoad);
        Assert.Equal(["model_type", "rope_scaling", "model.layers.0.mlp.up_proj.bias"], inspection.Refusals.Select(r => r.Subject));
        Assert.Contains("(and 2 more refusal(s); `mre model inspect` lists them all)", Refused(folder).Message);
    }

    [Fact]
    public void Should_load_a_shard_folder_with_its_config_given_separately()
    {
        var reference = HfLlamaReference.Load();
        var shards = reference.WriteFolder("float32", sharded: true, withConfig: false);
        var error = Refused(shards);
        Assert.Equal($"{shards}: no config.json; a folder of weights alone needs its config given separately (--config FILE).", error.Message);

        var configFolder = reference.WriteFolder("float32", sharded: false);
        using var model = LlamaCheckpoint.Load(shards, new CheckpointLoadOptions { ConfigPath = Path.Combine(configFolder, "config.json") });
        using var whole = LlamaCheckpoint.Load(configFolder);
        foreach (var ((name, a), (_, b)) in whole.state_dict().Zip(model.state_dict()))
        {
            Assert.True(a.equal(b).all().item<bool>(), name);
        }
    }

    [Fact]
    public void Should_load_in_the_stored_dtype_unless_one_is_given()
    {
        var folder = HfLlamaReference.Load().WriteFolder("bfloat16", sharded: false);
        using var stored = LlamaCheckpoint.Load(folder);
        Assert.All(stored.parameters(), p => Assert.Equal(ScalarType.BFloat16, p.dtype));
        using var wide = LlamaCheckpoint.Load(folder, dtype: ScalarType.Float32);
        Assert.All(wide.parameters(), p => Assert.Equal(ScalarType.Float32, p.dtype));
        Assert.Equal("bfloat16", LlamaCheckpoint.Inspect(folder).StoredDtype);
    }

    [Theory]
    [InlineData(true)]
    [InlineData(false)]
    public void Should_expect_exactly_the_tensors_the_model_holds(bool tied)
    {
        var config = LlamaConfig.Small(50, hidden: 16, intermediate: 24, layers: 2, heads: 4, kvHeads: 2) with { TieWordEmbeddings = tied };
        using var model = new LlamaForCausalLM(config);
        var actual = model.state_dict().Where(kv => !(tied && kv.Key == "lm_head.weight")).ToDictionary(kv => kv.Key, kv => kv.Value.shape);
        var expected = LlamaCompatibility.ExpectedTensors(config);
        Assert.Equal(actual.Keys.Order(), expected.Keys.Order());
        Assert.All(expected, e => Assert.Equal(actual[e.Key], e.Value));
    }
}
