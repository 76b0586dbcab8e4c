using MreRepro.Models.Checkpoints;
using MreRepro.Models.Generation;
using MreRepro.Models.Llama;
using MreRepro.Models.Tests.References;
using static TorchSharp.torch;

namespace MreRepro.Models.Tests.Llama;

/// <summary>
/// A tiny LLaMA in Hugging Face's layout and dtypes (float32, bfloat16, bfloat16 in two shards) against Hugging Face's
/// LlamaForCausalLM as make_llama_reference.py computes it: fp32 logits, every hidden state, greedy ids.
/// </summary>
[Collection("TorchSharp")]
public sealed class HfLayoutTests
{
    public static TheoryData<string, bool> Layouts => new() { { "float32", false }, { "bfloat16", false }, { "bfloat16", true } };

    [Theory]
    [MemberData(nameof(Layouts))]
    public void Should_match_hugging_face_logits_and_every_hidden_state_in_float32(string dtype, bool sharded)
    {
        var reference = HfLlamaReference.Load();
        var expected = reference.Cases[dtype];
        using var model = LlamaCheckpoint.Load(reference.WriteFolder(dtype, sharded), dtype: ScalarType.Float32);
        model.eval();
        using var noGrad = no_grad();
        using var ids = tensor(reference.Prompt).unsqueeze(0);
        var (logits, hidden) = model.ForwardWithHiddenStates(ids);
        using (logits)
        {
            Assert.Equal([1, reference.Prompt.Length, model.Config.VocabSize], logits.shape);
            Assert.True(LlamaReference.MaxRelativeError(logits.data<float>().ToArray(), expected.Logits) < 1e-5);
        }
        Assert.Equal(model.Config.NumHiddenLayers + 1, hidden.Count);
        for (var i = 0; i < hidden.Count; i++)
        {
            Assert.True(LlamaReference.MaxRelativeError(hidden[i].data<float>().ToArray(), expected.Hidden[i]) < 1e-5, $"hidden state {i}");
            hidden[i].Dispose();
        }
    }

    [Theory]
    [MemberData(nameof(Layouts))]
    public void Should_reproduce_hugging_face_greedy_ids_with_and_without_the_cache(string dtype, bool sharded)
    {
        var reference = HfLlamaReference.Load();
        using var model = LlamaCheckpoint.Load(reference.WriteFolder(dtype, sharded), dtype: ScalarType.Float32);
        model.eval();
        var expected = reference.Cases[dtype].Greedy;
        foreach (var cache in new[] { true, false })
        {
            // No pad id (the config has none) and no EOS stop: exactly as many tokens as asked for.
            var ids = GreedyGenerator.Generate(model, [reference.Prompt], expected.Length, eosId: null, padId: null, useCache: cache)[0];
            Assert.Equal(expected, ids);
        }
    }

    [Fact]
    public void Should_compute_in_bfloat16_when_loaded_in_the_stored_dtype_and_stay_near_the_float32_logits()
    {
        var reference = HfLlamaReference.Load();
        using var model = LlamaCheckpoint.Load(reference.WriteFolder("bfloat16", sharded: true));
        Assert.Equal(ScalarType.BFloat16, model.parameters().First().dtype);
        using var noGrad = no_grad();
        using var ids = tensor(reference.Prompt).unsqueeze(0);
        using var logits = model.Forward(ids);
        Assert.Equal(ScalarType.BFloat16, logits.dtype);
        using var wide = logits.to_type(ScalarType.Float32);
        var error = LlamaReference.MaxRelativeError(wide.data<float>().ToArray(), reference.Cases["bfloat16"].Logits);
        Assert.InRange(error, 1e-6, 5e-2);
    }
}
