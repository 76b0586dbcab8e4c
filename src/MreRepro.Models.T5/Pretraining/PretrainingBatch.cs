using static TorchSharp.torch;

namespace MreRepro.Models.T5.Pretraining;

/// <summary>A padded span-corruption batch: encoder ids and mask, and labels with -100 on padding (HF convention).</summary>
public sealed record PretrainingBatch(Tensor InputIds, Tensor AttentionMask, Tensor Labels) : IDisposable
{
    /// <summary>Pads inputs with padId and labels with -100 to the longest example of each side.</summary>
    public static PretrainingBatch Collate(IReadOnlyList<SpanCorruptionExample> examples, int padId, Device? device = null)
    {
        var inputLength = examples.Max(e => e.InputIds.Length);
        var targetLength = examples.Max(e => e.TargetIds.Length);
        var ids = new long[examples.Count * inputLength];
        var mask = new long[ids.Length];
        var labels = new long[examples.Count * targetLength];
        Array.Fill(ids, padId);
        Array.Fill(labels, -100L);
        for (var b = 0; b < examples.Count; b++)
        {
            for (var t = 0; t < examples[b].InputIds.Length; t++)
            {
                ids[b * inputLength + t] = examples[b].InputIds[t];
                mask[b * inputLength + t] = 1;
            }
            for (var t = 0; t < examples[b].TargetIds.Length; t++)
            {
                labels[b * targetLength + t] = examples[b].TargetIds[t];
            }
        }
        return new PretrainingBatch(
            tensor(ids, device: device).view(examples.Count, inputLength),
            tensor(mask, device: device).view(examples.Count, inputLength),
            tensor(labels, device: device).view(examples.Count, targetLength));
    }

    public void Dispose()
    {
        InputIds.Dispose();
        AttentionMask.Dispose();
        Labels.Dispose();
    }
}
