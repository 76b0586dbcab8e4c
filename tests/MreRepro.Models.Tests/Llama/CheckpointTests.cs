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
    public void Should_load_half_precision_checkpoints_into_a_float_model(ScalarType dtype)
    {
        using var model = LlamaCheckpoint.Load(LlamaReference.Folder);
        var folder = NewFolder();
        LlamaCheckpoint.Save(model, folder, dtype);
        using var back = LlamaCheckpoint.Load(folder);
        var original = model.state_dict()["lm_head.weight"];
        var loaded = back.state_dict()["lm_head.weight"];
        Assert.Equal(ScalarType.Float32, loaded.dtype);
        Assert.True(original.to_type(dtype).to_type(ScalarType.Float32).allclose(loaded, 0, 0));
    }

    [Fact]
    public void Should_name_a_misshaped_tensor_and_both_shapes()
    {
        var folder = NewFolder();
        File.Copy(Path.Combine(LlamaReference.Folder, "config.json"), Path.Combine(folder, "config.json"));
        var state = Safetensors.LoadStateDict(Path.Combine(LlamaReference.Folder, "model.safetensors"));
        state["model.norm.weight"] = ones(31);
        Safetensors.SaveStateDict(Path.Combine(folder, "model.safetensors"), state);
        var error = Assert.Throws<CheckpointException>(() => LlamaCheckpoint.Load(folder));
        Assert.Contains("model.norm.weight has shape [31] but the model expects [32]", error.Message);
    }

    [Fact]
    public void Should_name_a_missing_tensor()
    {
        var folder = NewFolder();
        File.Copy(Path.Combine(LlamaReference.Folder, "config.json"), Path.Combine(folder, "config.json"));
        var state = Safetensors.LoadStateDict(Path.Combine(LlamaReference.Folder, "model.safetensors"));
        state.Remove("lm_head.weight");
        Safetensors.SaveStateDict(Path.Combine(folder, "model.safetensors"), state);
        var error = Assert.Throws<CheckpointException>(() => LlamaCheckpoint.Load(folder));
        Assert.Contains("lacks 1 tensor(s): lm_head.weight", error.Message);
    }

    [Fact]
    public void Should_load_shards_listed_in_the_index()
    {
        var folder = NewFolder();
        File.Copy(Path.Combine(LlamaReference.Folder, "config.json"), Path.Combine(folder, "config.json"));
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
}
