namespace MreRepro.Domain.Sampling;

/// <summary>A small, fixed, seeded generator (SplitMix64) for the corpus and the bootstrap, so neither depends on System.Random's algorithm.</summary>
public sealed class SplitMix64(ulong seed)
{
    private ulong _state = seed;

    public ulong NextUInt64()
    {
        var z = _state += 0x9E3779B97F4A7C15UL;
        z = (z ^ (z >> 30)) * 0xBF58476D1CE4E5B9UL;
        z = (z ^ (z >> 27)) * 0x94D049BB133111EBUL;
        return z ^ (z >> 31);
    }

    /// <summary>Uniform double in [0, 1) from the top 53 bits.</summary>
    public double NextDouble() => (NextUInt64() >> 11) * (1.0 / (1UL << 53));

    /// <summary>Uniform integer in [0, n) by rejection (no modulo bias).</summary>
    public int Next(int n)
    {
        if (n <= 0)
        {
            throw new ArgumentOutOfRangeException(nameof(n));
        }
        var limit = ulong.MaxValue - ulong.MaxValue % (ulong)n;
        ulong v;
        do
        {
            v = NextUInt64();
        }
        while (v >= limit);
        return (int)(v % (ulong)n);
    }

    public T Pick<T>(IReadOnlyList<T> items) => items[Next(items.Count)];
}
