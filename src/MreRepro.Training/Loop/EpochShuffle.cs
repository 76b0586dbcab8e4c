namespace MreRepro.Training.Loop;

/// <summary>
/// The example order of each epoch: a Fisher–Yates shuffle driven by SplitMix64 seeded from (seed, epoch), so the order
/// is a pure function of both, independent of System.Random, and a resumed run needs no shuffle state.
/// </summary>
public static class EpochShuffle
{
    /// <summary>A permutation of 0..count-1 for <paramref name="epoch"/> (0-based).</summary>
    public static int[] Order(int count, long seed, int epoch)
    {
        var order = new int[count];
        for (var i = 0; i < count; i++)
            order[i] = i;
        var state = unchecked((ulong)seed ^ ((ulong)(epoch + 1) * 0xD1B54A32D192ED03UL));
        for (var i = count - 1; i > 0; i--)
        {
            var j = (int)Bounded(ref state, (ulong)i + 1);
            (order[i], order[j]) = (order[j], order[i]);
        }

        return order;
    }

    internal static ulong Next(ref ulong state)
    {
        unchecked
        {
            state += 0x9E3779B97F4A7C15UL;
            var z = state;
            z = (z ^ (z >> 30)) * 0xBF58476D1CE4E5B9UL;
            z = (z ^ (z >> 27)) * 0x94D049BB133111EBUL;
            return z ^ (z >> 31);
        }
    }

    // Rejection sampling keeps every index equally likely (no modulo bias).
    private static ulong Bounded(ref ulong state, ulong bound)
    {
        var limit = ulong.MaxValue - (ulong.MaxValue % bound);
        ulong r;
        do
        {
            r = Next(ref state);
        }
        while (r >= limit);
        return r % bound;
    }
}
