using MreRepro.Models.Checkpoints;
using MreRepro.Models.Llama;
using MreRepro.Models.Tests.References;
using TorchSharp.PyBridge;
using static TorchSharp.torch;

namespace MreRepro.Models.Tests.Llama;

/// <summary>Hugging Face layout: save/load round trip, half precision, and clear errors.</summary>
[Collection("TorchSharp")]
public sealed class CheckpointTests
{
    private static string NewFolder() => Directory.CreateTempSubdirectory("mre-ckpt-").FullName;

    /// <summary>A new folder holding the reference checkpoint's config.json only.</summary>
    private static string ConfigOnly()
    {
        var folder = NewFolder();
        File.Copy(Path.Combine(LlamaReference.Folder, "config.json"), Path.Combine(folder, "config.json"));
        return folder;
    }

    /// <summary>The reference checkpoint with its tensors changed by <paramref name="change"/>, in a new folder.</summary>
    private static string ReferenceWith(Action<Dictionary<string, Tensor>> change)
    {
        var folder = ConfigOnly();
        var state = Safetensors.LoadStateDict(Path.Combine(LlamaReference.Folder, "model.safetensors"));
        change(state);
        Safetensors.SaveStateDict(Path.Combine(folder, "model.safetensors"), state);
        return folder;
    }

    [Fact]
    public void Should_round_trip_save_then_load_exactly()
    {
        manual_seed(3);
        using var model = new LlamaForCausalLM(LlamaConfig.Small(50, hidden: 16, intermediate: 32, layers: 2, heads: 2));
        var folder = NewFolder();
        LlamaCheckpoint.Save(model, folder);
        using var back = LlamaCheckpoint.Load(folder);
        foreach (var ((name, a), (_, b)) in model.state_dict().Zip(back.state_dict()))
        {
            Assert.True(a.allclose(b, 0, 0), name);
        }
        Assert.Equal(System.Text.Json.JsonSerializer.Serialize(model.Config), System.Text.Json.JsonSerializer.Serialize(back.Config));
    }

    [Theory]
    [InlineData(ScalarType.Float16)]
    [InlineData(ScalarType.BFloat16)]
    public void Should_load_half_precision_checkpoints_into_a_float_model_when_asked(ScalarType dtype)
    {
        using var model = LlamaCheckpoint.Load(LlamaReference.Folder);
        var folder = NewFolder();
        LlamaCheckpoint.Save(model, folder, dtype);
        using var back = LlamaCheckpoint.Load(folder, dtype: ScalarType.Float32);
        var original = model.state_dict()["lm_head.weight"];
        var loaded = back.state_dict()["lm_head.weight"];
        Assert.Equal(ScalarType.Float32, loaded.dtype);
        Assert.True(original.to_type(dtype).to_type(ScalarType.Float32).allclose(loaded, 0, 0));
    }

    [Fact]
    public void Should_name_a_misshaped_tensor_and_both_shapes()
    {
        var folder = ReferenceWith(state => state["model.norm.weight"] = ones(31));
        var error = Assert.Throws<CheckpointException>(() => LlamaCheckpoint.Load(folder));
        Assert.Contains("model.norm.weight: has shape [31] but the model expects [32]", error.Message);
    }

    [Fact]
    public void Should_name_a_missing_tensor()
    {
        var folder = ReferenceWith(state => state.Remove("model.norm.weight"));
        var error = Assert.Throws<CheckpointException>(() => LlamaCheckpoint.Load(folder));
        Assert.Contains("model.norm.weight: the checkpoint lacks 1 tensor(s) the model needs (model.norm.weight [32])", error.Message);
    }

    [Fact]
    public void Should_load_shards_listed_in_the_index()
    {
        var folder = ConfigOnly();
        var state = Safetensors.LoadStateDict(Path.Combine(LlamaReference.Folder, "model.safetensors"));
        var names = state.Keys.Order(StringComparer.Ordinal).ToList();
        var first = names.Take(names.Count / 2).ToDictionary(n => n, n => state[n]);
        var second = names.Skip(names.Count / 2).ToDictionary(n => n, n => state[n]);
        Safetensors.SaveStateDict(Path.Combine(folder, "model-00001-of-00002.safetensors"), first);
        Safetensors.SaveStateDict(Path.Combine(folder, "model-00002-of-00002.safetensors"), second);
        var map = first.Keys.ToDictionary(k => k, _ => "model-00001-of-00002.safetensors")
            .Concat(second.Keys.ToDictionary(k => k, _ => "model-00002-of-00002.safetensors"))
            .ToDictionary(kv => kv.Key, kv => kv.Value);
        File.WriteAllText(Path.Combine(folder, HfCheckpoint.IndexFile), System.Text.Json.JsonSerializer.Serialize(new { metadata = new { }, weight_map = map }));
        using var sharded = LlamaCheckpoint.Load(folder);
        using var single = LlamaCheckpoint.Load(LlamaReference.Folder);
        Assert.True(sharded.state_dict()["model.embed_tokens.weight"].allclose(single.state_dict()["model.embed_tokens.weight"], 0, 0));
    }

    [Fact]
    public void Should_write_shards_and_an_index_over_the_shard_limit_and_drop_them_when_saved_whole_again()
    {
        using var model = LlamaCheckpoint.Load(LlamaReference.Folder);
        var folder = NewFolder();
        LlamaCheckpoint.Save(model, folder, maxShardBytes: 20_000);
        var shards = Directory.GetFiles(folder, "model-*-of-*.safetensors");
        Assert.True(shards.Length > 1, $"{shards.Length} shard(s)");
        Assert.True(File.Exists(Path.Combine(folder, HfCheckpoint.IndexFile)));
        Assert.False(File.Exists(Path.Combine(folder, HfCheckpoint.WeightsFile)));
        Assert.Equal(shards.Order(StringComparer.Ordinal), HfCheckpoint.Shards(folder));
        using (var back = LlamaCheckpoint.Load(folder))
        {
            AssertSameWeights(model, back);
        }

        LlamaCheckpoint.Save(model, folder);
        Assert.Empty(Directory.GetFiles(folder, "model-*-of-*.safetensors"));
        Assert.False(File.Exists(Path.Combine(folder, HfCheckpoint.IndexFile)));
        Assert.Empty(Directory.GetFiles(folder, "*.tmp-*"));
        using var whole = LlamaCheckpoint.Load(folder);
        AssertSameWeights(model, whole);
    }

    [Theory]
    [InlineData(ScalarType.Float16)]
    [InlineData(ScalarType.BFloat16)]
    public void Should_build_the_model_directly_in_the_requested_dtype(ScalarType dtype)
    {
        using var reference = LlamaCheckpoint.Load(LlamaReference.Folder);
        using var half = LlamaCheckpoint.Load(LlamaReference.Folder, dtype: dtype);
        Assert.All(half.parameters(), p => Assert.Equal(dtype, p.dtype));
        Assert.Equal(ScalarType.Float32, get_default_dtype());
        var expected = reference.state_dict()["model.layers.0.mlp.up_proj.weight"].to_type(dtype);
        Assert.True(expected.eq(half.state_dict()["model.layers.0.mlp.up_proj.weight"]).all().item<bool>());
    }


    [Theory]
    [InlineData("\"rope_scaling\": {\"type\": \"linear\", \"factor\": 2.0}", "rope_scaling: {\"type\":\"linear\",\"factor\":2.0} is not supported")]
    [InlineData("\"attention_bias\": true", "attention_bias: true is not supported")]
    [InlineData("\"mlp_bias\": true", "mlp_bias: true is not supported")]
    [InlineData("\"hidden_act\": \"gelu\"", "hidden_act: 'gelu' is not supported")]
    [InlineData("\"head_dim\": 4", "head_dim: 4 differs")]
    [InlineData("\"model_type\": \"qwen2\"", "model_type: 'qwen2' is not a LLaMA-architecture decoder")]
    [InlineData("\"architectures\": [\"Qwen2ForCausalLM\"]", "architectures: Qwen2ForCausalLM is not LlamaForCausalLM")]
    [InlineData("\"sliding_window\": 4096", "sliding_window: 4096 is not supported")]
    [InlineData("\"quantization_config\": {\"quant_method\": \"gptq\"}", "quantization_config: quantized weights (\"gptq\")")]
    public void Should_reject_configs_this_architecture_does_not_implement(string field, string named)
    {
        var folder = NewFolder();
        var config = System.Text.Json.Nodes.JsonNode.Parse(File.ReadAllText(Path.Combine(LlamaReference.Folder, "config.json")))!.AsObject();
        foreach (var (key, value) in System.Text.Json.Nodes.JsonNode.Parse("{" + field + "}")!.AsObject().ToList())
        {
            config[key] = value?.DeepClone();
        }
        File.WriteAllText(Path.Combine(folder, "config.json"), config.ToJsonString());
        File.Copy(Path.Combine(LlamaReference.Folder, "model.safetensors"), Path.Combine(folder, "model.safetensors"));
        var error = Assert.Throws<CheckpointException>(() => LlamaCheckpoint.Load(folder));
        Assert.Contains(named, error.Message);
        Assert.Contains("config.json", error.Message);
    }

    [Fact]
    public void Should_say_a_file_is_not_safetensors_and_name_it()
    {
        var folder = ConfigOnly();
        File.WriteAllText(Path.Combine(folder, "model.safetensors"), "version https://git-lfs.github.com/spec/v1\n");
        var error = Assert.Throws<CheckpointException>(() => LlamaCheckpoint.Load(folder));
        Assert.Contains("model.safetensors", error.Message);
        Assert.Contains("not a safetensors file", error.Message);
    }

    [Fact]
    public void Should_say_when_the_index_lists_a_shard_that_is_absent()
    {
        var folder = ConfigOnly();
        File.WriteAllText(Path.Combine(folder, HfCheckpoint.IndexFile), "{\"weight_map\": {\"lm_head.weight\": \"model-00001-of-00002.safetensors\"}}");
        var error = Assert.Throws<CheckpointException>(() => LlamaCheckpoint.Load(folder));
        Assert.Contains("lists shard model-00001-of-00002.safetensors, which is not in the folder", error.Message);
    }

    private static void AssertSameWeights(LlamaForCausalLM expected, LlamaForCausalLM actual)
    {
        foreach (var ((name, a), (_, b)) in expected.state_dict().Zip(actual.state_dict()))
        {
            Assert.True(a.eq(b).all().item<bool>(), name);
        }
    }
}
