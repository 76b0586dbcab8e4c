using static TorchSharp.torch;

namespace MreRepro.Training.Losses;

/// <summary>Right-padded input ids, attention mask and answer-only labels (-100 on prompt and padding) for a micro-batch.</summary>
public sealed class CausalLmBatch : IDisposable
{
    private CausalLmBatch(Tensor inputIds, Tensor attentionMask, Tensor labels, long labelTokens, long tokens)
    {
        InputIds = inputIds;
        AttentionMask = attentionMask;
        Labels = labels;
        LabelTokens = labelTokens;
        Tokens = tokens;
    }

    /// <summary>[B,T] int64, padded on the right with the pad id.</summary>
    public Tensor InputIds { get; }

    /// <summary>[B,T] int64, 1 on real tokens and 0 on padding.</summary>
    public Tensor AttentionMask { get; }

    /// <summary>[B,T] int64, the token id on answer positions and -100 elsewhere (unshifted; <see cref="CausalLmLoss"/> shifts).</summary>
    public Tensor Labels { get; }

    /// <summary>Answer tokens that a shifted loss can predict (an answer token at position 0 has no predecessor).</summary>
    public long LabelTokens { get; }

    /// <summary>Real (non-padding) tokens, for throughput.</summary>
    public long Tokens { get; }

    /// <summary>Builds the batch; <paramref name="maxLength"/> &gt; 0 truncates on the right (the answer end is cut first).</summary>
    public static CausalLmBatch Build(IReadOnlyList<CausalLmSequence> sequences, long padId, int maxLength = 0, Device? device = null)
    {
        ArgumentNullException.ThrowIfNull(sequences);
        if (sequences.Count == 0)
            throw new TrainingException("CausalLmBatch: cannot build a batch from zero sequences.");
        for (var i = 0; i < sequences.Count; i++)
        {
            var s = sequences[i];
            if (s.AnswerStart < 0 || s.AnswerStart > s.Ids.Count)
                throw new TrainingException($"CausalLmBatch: sequence {i} has answer start {s.AnswerStart} outside its {s.Ids.Count} tokens.");
        }

        var width = sequences.Max(s => s.Ids.Count);
        if (maxLength > 0)
            width = Math.Min(width, maxLength);
        width = Math.Max(width, 1);

        var rows = sequences.Count;
        var ids = new long[rows * width];
        var mask = new long[rows * width];
        var labels = new long[rows * width];
        long labelTokens = 0;
        long tokens = 0;
        for (var r = 0; r < rows; r++)
        {
            var s = sequences[r];
            var length = Math.Min(s.Ids.Count, width);
            for (var t = 0; t < width; t++)
            {
                var k = (r * width) + t;
                if (t < length)
                {
                    ids[k] = s.Ids[t];
                    mask[k] = 1;
                    labels[k] = t >= s.AnswerStart ? s.Ids[t] : CausalLmLoss.IgnoreIndex;
                    tokens++;
                    if (t >= s.AnswerStart && t > 0)
                        labelTokens++;
                }
                else
                {
                    ids[k] = padId;
                    labels[k] = CausalLmLoss.IgnoreIndex;
                }
            }
        }

        long[] shape = [rows, width];
        return new CausalLmBatch(
            tensor(ids, shape, device: device),
            tensor(mask, shape, device: device),
            tensor(labels, shape, device: device),
            labelTokens,
            tokens);
    }

    public void Dispose()
    {
        InputIds.Dispose();
        AttentionMask.Dispose();
        Labels.Dispose();
    }
}
