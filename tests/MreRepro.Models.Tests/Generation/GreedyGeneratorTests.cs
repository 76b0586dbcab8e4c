using MreRepro.Models.Generation;
using MreRepro.Models.Llama;
using static TorchSharp.torch;

namespace MreRepro.Models.Tests.Generation;

/// <summary>Greedy decoding: the cache changes nothing, and batching with left padding changes nothing.</summary>
[Collection("TorchSharp")]
public sealed class GreedyGeneratorTests
{
    private static LlamaForCausalLM Model()
    {
        manual_seed(11);
        var model = new LlamaForCausalLM(LlamaConfig.Small(40, hidden: 32, intermediate: 64, layers: 2, heads: 4, kvHeads: 2));
        model.eval();
        return model;
    }

    private static readonly long[][] Prompts = [[1, 5, 9, 12, 7], [1, 30, 4], [1, 8, 8, 8, 8, 8, 21]];

    [Fact]
    public void Should_generate_the_same_tokens_with_and_without_the_cache()
    {
        using var model = Model();
        var cached = GreedyGenerator.Generate(model, Prompts, 12, eosId: 2, padId: 3, useCache: true);
        var recomputed = GreedyGenerator.Generate(model, Prompts, 12, eosId: 2, padId: 3, useCache: false);
        Assert.Equal(recomputed, cached);
        Assert.All(cached, c => Assert.InRange(c.Length, 1, 12));
    }

    [Fact]
    public void Should_generate_the_same_tokens_batched_as_one_by_one()
    {
        using var model = Model();
        var batched = GreedyGenerator.Generate(model, Prompts, 10, eosId: 2, padId: 3);
        var single = Prompts.Select(p => GreedyGenerator.Generate(model, [p], 10, eosId: 2, padId: 3)[0]).ToList();
        Assert.Equal(single, batched);
    }
}
