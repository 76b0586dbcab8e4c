using MreRepro.Models.Generation;
using MreRepro.Models.Llama;
using MreRepro.Models.Tests.References;
using static TorchSharp.torch;

namespace MreRepro.Models.Tests.Generation;

/// <summary>
/// Greedy decoding: the same ids as an independent PyTorch greedy loop on the committed tiny checkpoint
/// (make_llama_reference.py), and neither the cache nor batching with left padding changes them.
/// </summary>
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
        // An immediate end token would make both paths trivially equal.
        Assert.All(cached, c => Assert.InRange(c.Length, 2, 12));
    }

    [Fact]
    public void Should_generate_the_reference_ids_batched_with_left_padding()
    {
        var reference = LlamaReference.Load();
        using var model = LlamaCheckpoint.Load(LlamaReference.Folder);
        model.eval();
        var cases = reference.Greedy.Where(c => c.EosId == 2).ToList();
        Assert.Equal(3, cases.Count);
        // The reference's smallest top-1/top-2 gap is far above float noise, so the argmax is not a coin toss.
        Assert.All(cases, c => Assert.True(c.MinGap > 1e-3, $"reference gap {c.MinGap}"));

        var generated = GreedyGenerator.Generate(model, cases.Select(c => c.Prompt).ToList(), 12, eosId: 2, padId: 0);

        Assert.Equal(cases.Select(c => c.Ids), generated);
        Assert.All(generated, g => Assert.Equal(12, g.Length));
    }

    [Fact]
    public void Should_stop_where_the_reference_reaches_the_end_token_and_not_at_once()
    {
        var reference = LlamaReference.Load();
        using var model = LlamaCheckpoint.Load(LlamaReference.Folder);
        model.eval();
        var stop = reference.Greedy.Single(c => c.EosId != 2);
        var unstopped = reference.Greedy.First(c => c.EosId == 2 && c.Prompt.SequenceEqual(stop.Prompt));

        var generated = GreedyGenerator.Generate(model, [stop.Prompt], stop.MaxNewTokens, eosId: stop.EosId, padId: 0)[0];

        Assert.Equal(stop.Ids, generated);
        Assert.InRange(generated.Length, 2, stop.MaxNewTokens - 1);
        Assert.Equal(stop.EosId, unstopped.Ids[generated.Length]);
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
