using MreRepro.Models.Llama;
using static TorchSharp.torch;

namespace MreRepro.Models.Generation;

/// <summary>Batched greedy decoding with left padding and a key/value cache; stops at EOS or a length limit.</summary>
public static class GreedyGenerator
{
    /// <summary>
    /// Greedy continuations of <paramref name="prompts"/>. A null <paramref name="eosId"/> never stops early (exactly
    /// <paramref name="maxNewTokens"/> tokens); <paramref name="padId"/> only fills left padding, which the attention
    /// mask hides, so a config without a pad id can use the default 0.
    /// </summary>
    public static IReadOnlyList<int[]> Generate(LlamaForCausalLM model, IReadOnlyList<long[]> prompts, int maxNewTokens,
        int? eosId, int? padId = null, bool useCache = true)
    {
        var filler = padId ?? 0;
        if (prompts.Count == 0)
        {
            return [];
        }
        var device = model.parameters().First().device;
        var width = prompts.Max(p => p.Length);
        var ids = new long[prompts.Count, width];
        var mask = new long[prompts.Count, width];
        for (var b = 0; b < prompts.Count; b++)
        {
            var offset = width - prompts[b].Length;
            for (var t = 0; t < width; t++)
            {
                ids[b, t] = t < offset ? filler : prompts[b][t - offset];
                mask[b, t] = t < offset ? 0 : 1;
            }
        }
        var outputs = prompts.Select(_ => new List<int>()).ToList();
        var done = new bool[prompts.Count];
        using var noGrad = no_grad();
        using var cache = useCache ? new KeyValueCache(model.Config.NumHiddenLayers) : null;
        var allIds = tensor(ids, device: device);
        var allMask = tensor(mask, device: device);
        var step = allIds;
        try
        {
            for (var n = 0; n < maxNewTokens && !done.All(d => d); n++)
            {
                using var scope = NewDisposeScope();
                var input = useCache ? step : allIds;
                using var logits = model.Forward(input, allMask, cache);
                using var next = logits.select(1, logits.shape[1] - 1).argmax(-1);
                var chosen = next.data<long>().ToArray();
                for (var b = 0; b < chosen.Length; b++)
                {
                    if (done[b])
                    {
                        chosen[b] = filler;
                        continue;
                    }
                    if (chosen[b] == eosId)
                    {
                        done[b] = true;
                        continue;
                    }
                    outputs[b].Add((int)chosen[b]);
                }
                var column = tensor(chosen, device: device).unsqueeze(1);
                var ones = tensor(done.Select(_ => 1L).ToArray(), device: device).unsqueeze(1);
                var newIds = cat([allIds, column], 1).DetachFromDisposeScope();
                var newMask = cat([allMask, ones], 1).DetachFromDisposeScope();
                if (!ReferenceEquals(step, allIds))
                {
                    step.Dispose();
                }
                allIds.Dispose();
                allMask.Dispose();
                allIds = newIds;
                allMask = newMask;
                step = column.DetachFromDisposeScope();
            }
        }
        finally
        {
            if (!ReferenceEquals(step, allIds))
            {
                step.Dispose();
            }
            allIds.Dispose();
            allMask.Dispose();
        }
        return outputs.Select(o => o.ToArray()).ToList();
    }
}
