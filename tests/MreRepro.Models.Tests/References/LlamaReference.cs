using System.Text.Json;

namespace MreRepro.Models.Tests.References;

/// <summary>Values from make_llama_reference.py (an independent plain-torch LLaMA), committed beside it.</summary>
internal sealed record LlamaReference(
    long[] InputIds, float[] Logits, float[] Hidden, float[][] Attention, int SaliencyTarget, int SaliencyGold, float[][] Saliency,
    int[] RestrictTo, float[][] RestrictedSaliency, GreedyReference[] Greedy)
{
    public static string Folder => Path.Combine(AppContext.BaseDirectory, "References", "tiny_llama");

    public static LlamaReference Load() => JsonSerializer.Deserialize<LlamaReference>(
        File.ReadAllText(Path.Combine(AppContext.BaseDirectory, "References", "llama_reference.json")),
        new JsonSerializerOptions { PropertyNamingPolicy = JsonNamingPolicy.SnakeCaseLower })!;

    /// <summary>The model layers the reference computed (every per-layer list has this many entries).</summary>
    public int Layers => Attention.Length;

    /// <summary>Norm-wise relative error: max |a − b| over max |b| (element-wise ratios blow up near zero).</summary>
    public static double MaxRelativeError(IReadOnlyList<float> actual, IReadOnlyList<float> expected)
    {
        Assert.Equal(expected.Count, actual.Count);
        var scale = expected.Max(v => Math.Abs((double)v));
        return actual.Zip(expected).Max(p => Math.Abs((double)p.First - p.Second)) / scale;
    }
}

/// <summary>Greedy decoding of one prompt by the reference (recomputed without a cache), eos not included.</summary>
internal sealed record GreedyReference(long[] Prompt, int EosId, int MaxNewTokens, int[] Ids, double MinGap);
