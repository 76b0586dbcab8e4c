using MreRepro.Models.Tensors;
using static TorchSharp.torch;

namespace MreRepro.Models.T5.Model;

/// <summary>Maps query-key distances to T5's log-spaced relative position buckets (spec E5).</summary>
internal static class RelativePositionBucket
{
    /// <summary>Buckets for a [queryLength, keyLength] grid, as HF's _relative_position_bucket.</summary>
    public static Tensor Compute(long queryLength, long keyLength, bool bidirectional, int numBuckets, int maxDistance, Device device)
    {
        using var scope = NewDisposeScope();
        var context = LiveArithmetic.Range(0, queryLength, ScalarType.Int64, device).unsqueeze(1);
        var memory = LiveArithmetic.Range(0, keyLength, ScalarType.Int64, device).unsqueeze(0);
        var relative = memory - context;
        var buckets = zeros_like(relative);
        var n = numBuckets;
        if (bidirectional)
        {
            n /= 2;
            buckets = buckets.Plus(relative.gt(LiveScalars.Of(0)).to_type(ScalarType.Int64) * LiveScalars.Of(n));
            relative = relative.abs();
        }
        else
        {
            relative = -minimum(relative, zeros_like(relative));
        }
        var maxExact = n / 2;
        var isSmall = relative.lt(LiveScalars.Of(maxExact));
        // Same float32 op order as HF so boundary distances fall in the same bucket.
        var large = (relative.to_type(ScalarType.Float32) / LiveScalars.Of(maxExact)).log() / LiveScalars.Of(Math.Log((double)maxDistance / maxExact)) * LiveScalars.Of(n - maxExact);
        var ifLarge = large.to_type(ScalarType.Int64).Plus(LiveScalars.Of(maxExact));
        ifLarge = minimum(ifLarge, full_like(ifLarge, LiveScalars.Of(n - 1)));
        buckets = buckets.Plus(where(isSmall, relative, ifLarge));
        return buckets.MoveToOuterDisposeScope();
    }
}
