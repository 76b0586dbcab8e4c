namespace MreRepro.Domain.Sampling;

/// <summary>numpy's legacy <c>np.random.RandomState(seed)</c>, reproducing its integer, shuffle and choice streams bit for bit.</summary>
public sealed class NumpyRandomState
{
    private readonly Mt19937 _mt;

    /// <summary>Seeds like <c>RandomState(seed)</c> with an integer seed (init_genrand, not init_by_array).</summary>
    public NumpyRandomState(uint seed)
    {
        _mt = Mt19937.FromSeed(seed);
    }

    /// <summary>Seeds from a non-negative int, as pandas and OpenPrompt pass their seeds.</summary>
    public NumpyRandomState(int seed)
        : this(seed >= 0 ? (uint)seed : throw new ArgumentOutOfRangeException(nameof(seed), seed, "numpy seeds must be between 0 and 2**32 - 1."))
    {
    }

    public uint NextUInt32() => _mt.NextUInt32();

    public ulong NextUInt64() => _mt.NextUInt64();

    /// <summary>One <c>random_sample()</c> value in [0, 1).</summary>
    public double NextDouble() => _mt.NextDouble();

    /// <summary><c>rand(count)</c>: <paramref name="count"/> doubles in [0, 1).</summary>
    public double[] Rand(int count)
    {
        ArgumentOutOfRangeException.ThrowIfNegative(count);
        var values = new double[count];
        for (int i = 0; i < count; i++)
        {
            values[i] = NextDouble();
        }

        return values;
    }

    /// <summary>numpy's <c>random_interval(max)</c>: a uniform integer in [0, max] by masked rejection (not Lemire).</summary>
    public ulong RandomInterval(ulong max)
    {
        if (max == 0)
        {
            return 0;
        }

        ulong mask = max;
        mask |= mask >> 1;
        mask |= mask >> 2;
        mask |= mask >> 4;
        mask |= mask >> 8;
        mask |= mask >> 16;
        mask |= mask >> 32;

        ulong value;
        if (max <= 0xFFFFFFFFul)
        {
            while ((value = NextUInt32() & mask) > max)
            {
            }
        }
        else
        {
            while ((value = NextUInt64() & mask) > max)
            {
            }
        }

        return value;
    }

    /// <summary><c>shuffle(x)</c> of a 1-D sequence in place (Fisher-Yates from the end).</summary>
    public void Shuffle<T>(IList<T> items)
    {
        ArgumentNullException.ThrowIfNull(items);
        for (int i = items.Count - 1; i > 0; i--)
        {
            int j = (int)RandomInterval((ulong)i);
            (items[i], items[j]) = (items[j], items[i]);
        }
    }

    /// <summary><c>permutation(n)</c>: a shuffled <c>arange(n)</c>.</summary>
    public int[] Permutation(int n)
    {
        ArgumentOutOfRangeException.ThrowIfNegative(n);
        var values = new int[n];
        for (int i = 0; i < n; i++)
        {
            values[i] = i;
        }

        Shuffle(values);
        return values;
    }

    /// <summary><c>choice(n, size, replace=False)</c>, which numpy computes as <c>permutation(n)[:size]</c>.</summary>
    public int[] ChoiceWithoutReplacement(int n, int size)
    {
        if (size < 0 || size > n)
        {
            throw new ArgumentOutOfRangeException(nameof(size), size, $"Cannot take a larger sample ({size}) than population ({n}) when replace=False.");
        }

        return Permutation(n)[..size];
    }

    /// <summary><c>choice(n, size)</c> with replacement, which numpy computes as <c>randint(0, n, size)</c>.</summary>
    public int[] ChoiceWithReplacement(int n, int size) => RandInt(0, n, size);

    /// <summary><c>randint(low, high, size)</c> for the default int64 dtype (masked rejection on high - low - 1).</summary>
    public int[] RandInt(int low, int high, int size)
    {
        if (high <= low)
        {
            throw new ArgumentOutOfRangeException(nameof(high), high, $"randint needs low < high (low={low}).");
        }

        ArgumentOutOfRangeException.ThrowIfNegative(size);
        ulong range = (ulong)((long)high - low - 1);
        var values = new int[size];
        for (int i = 0; i < size; i++)
        {
            values[i] = low + (int)RandomInterval(range);
        }

        return values;
    }
}
