using MreRepro.Models.Tensors;
using static TorchSharp.torch;

namespace MreRepro.Training.Losses;

/// <summary>
/// Shifted next-token cross-entropy for decoder fine-tuning with the loss on answer tokens only:
/// position t's logits predict label t+1; labels equal to <see cref="IgnoreIndex"/> (prompt, padding) are skipped;
/// the result is the mean over the remaining tokens (0 with a zero gradient when there are none).
/// </summary>
public static class CausalLmLoss
{
    /// <summary>The label that excludes a position from the loss (PyTorch / Hugging Face convention).</summary>
    public const long IgnoreIndex = -100;

    /// <summary>Mean loss over non-ignored shifted tokens; logits [B,T,V] (any float dtype, computed in float32), labels [B,T] int64.</summary>
    public static Tensor Compute(Tensor logits, Tensor labels)
    {
        var (sum, count) = SumAndCount(logits, labels);
        using (sum)
        using (count)
        {
            return sum / count.clamp_min(LiveScalars.Of(1));
        }
    }

    /// <summary>
    /// The same loss as <see cref="Compute"/> on <c>head(hidden)</c>, projecting only the positions whose next label
    /// counts: the logits of prompt and padding positions, which the loss ignores, are never computed. In a small model
    /// the vocabulary head is a large share of the work, and most positions are prompt. hidden [B,T,H], labels [B,T].
    /// </summary>
    public static Tensor FromHidden(Tensor hidden, Tensor labels, Func<Tensor, Tensor> head)
    {
        ArgumentNullException.ThrowIfNull(head);
        CheckShapes(hidden, "hidden states", "hidden", labels);

        using var scope = NewDisposeScope();
        var time = hidden.shape[1];
        var targets = time < 2 ? labels.narrow(1, 0, 0).reshape(-1) : labels.narrow(1, 1, time - 1).reshape(-1);
        var counted = targets.ne(LiveScalars.Of(IgnoreIndex)).nonzero().reshape(-1);
        if (counted.shape[0] == 0)
        {
            return (hidden.sum() * LiveScalars.Of(0.0)).to_type(ScalarType.Float32).MoveToOuterDisposeScope();
        }
        var rows = hidden.narrow(1, 0, time - 1).reshape(-1, hidden.shape[2]).index_select(0, counted);
        var logits = head(rows).to_type(ScalarType.Float32);
        var sum = nn.functional.cross_entropy(logits, targets.index_select(0, counted), reduction: nn.Reduction.Sum);
        return (sum / LiveScalars.Of(counted.shape[0])).MoveToOuterDisposeScope();
    }

    /// <summary>Summed loss and number of counted tokens, for callers that weight micro-batches by tokens.</summary>
    public static (Tensor Sum, Tensor Count) SumAndCount(Tensor logits, Tensor labels)
    {
        CheckShapes(logits, "logits", "vocab", labels);

        using var scope = NewDisposeScope();
        var time = logits.shape[1];
        var vocab = logits.shape[2];
        if (time < 2)
        {
            var zero = logits.sum() * LiveScalars.Of(0.0);
            return (zero.to_type(ScalarType.Float32).MoveToOuterDisposeScope(), zeros(1, dtype: ScalarType.Float32, device: logits.device).sum().MoveToOuterDisposeScope());
        }

        var shiftedLogits = logits.narrow(1, 0, time - 1).to_type(ScalarType.Float32).reshape(-1, vocab);
        var shiftedLabels = labels.narrow(1, 1, time - 1).reshape(-1);
        var sum = nn.functional.cross_entropy(shiftedLogits, shiftedLabels, ignore_index: IgnoreIndex, reduction: nn.Reduction.Sum);
        var count = shiftedLabels.ne(LiveScalars.Of(IgnoreIndex)).sum().to_type(ScalarType.Float32);
        return (sum.MoveToOuterDisposeScope(), count.MoveToOuterDisposeScope());
    }

    // values [batch, time, last] and int64 labels [batch, time], or an error naming both shapes.
    private static void CheckShapes(Tensor values, string what, string last, Tensor labels)
    {
        ArgumentNullException.ThrowIfNull(values);
        ArgumentNullException.ThrowIfNull(labels);
        if (values.dim() != 3)
            throw new TrainingException($"CausalLmLoss: {what} must be [batch, time, {last}], got shape [{string.Join(", ", values.shape)}].");
        if (labels.dim() != 2 || labels.shape[0] != values.shape[0] || labels.shape[1] != values.shape[1])
            throw new TrainingException($"CausalLmLoss: labels must be [batch, time] = [{values.shape[0]}, {values.shape[1]}] to match the {what}, got [{string.Join(", ", labels.shape)}].");
        if (labels.dtype != ScalarType.Int64)
            throw new TrainingException($"CausalLmLoss: labels must be int64, got {labels.dtype}.");
    }
}
