namespace MreRepro.Models.Checkpoints;

/// <summary>The sizes a memory estimate needs, whatever the architecture (a T5 counts encoder and decoder layers).</summary>
/// <param name="KeyValueWidth">Key (= value) features cached per layer and token: key/value heads × head size.</param>
/// <param name="LoraParameters">Parameters LoRA adds at the chosen rank on the attention projections.</param>
public sealed record ModelShape(long Parameters, int Layers, int Hidden, int Heads, int KeyValueWidth, int Vocab, long LoraParameters);

/// <summary>
/// Rough peak memory, in bytes, of inference and of fine-tuning at a batch and sequence length; every parameter,
/// gradient and AdamW moment in the model's dtype (as this project's trainer keeps them). Activations follow
/// Korthikanti et al. 2022 ("Reducing Activation Recomputation in Large Transformer Models", eq. 1: per layer
/// T·B·h·(34 + 5·a·T/h) bytes at 2-byte precision, scaled to the dtype), plus fp32 logits and their gradient.
/// An estimate to plan a GPU run with, not a measurement.
/// </summary>
public sealed record MemoryEstimate(long Weights, long Inference, long FullFineTune, long LoraFineTune)
{
    public static MemoryEstimate For(ModelShape m, int bytesPerElement, int batch, int length)
    {
        long b = bytesPerElement, n = batch, t = length;
        var weights = m.Parameters * b;
        var keyValueCache = 2L * m.Layers * n * t * m.KeyValueWidth * b;
        // One forward at full length: the widest transient is a layer's attention scores (fp32) and the logits.
        var forward = n * m.Heads * t * t * 4 * 2 + n * t * m.Vocab * 4 + n * t * m.Hidden * b * 8;
        var activations = (long)(m.Layers * t * n * m.Hidden * (34.0 + 5.0 * m.Heads * t / m.Hidden) * b / 2.0);
        var logits = 2 * n * t * m.Vocab * 4L;
        return new MemoryEstimate(
            weights,
            weights + keyValueCache + forward,
            weights * 4 + activations + logits,
            weights + m.LoraParameters * b * 4 + activations + logits);
    }

    /// <summary>Bytes as GiB with one decimal (MiB below 1 GiB).</summary>
    public static string Format(long bytes) => bytes >= 1L << 30 ? $"{bytes / (double)(1L << 30):F1} GiB" : $"{bytes / (double)(1L << 20):F1} MiB";
}
