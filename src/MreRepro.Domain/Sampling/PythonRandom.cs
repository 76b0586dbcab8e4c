namespace MreRepro.Domain.Sampling;

/// <summary>CPython's <c>random.Random(seed)</c> for integer seeds: random(), getrandbits, sample and shuffle, bit for bit (CPython 3.11).</summary>
public sealed class PythonRandom
{
    private readonly Mt19937 _mt;

    /// <summary>Seeds like <c>random.Random(seed)</c>: init_by_array over the 32-bit little-endian words of |seed|.</summary>
    public PythonRandom(long seed)
    {
        ulong magnitude = seed < 0 ? (ulong)(-(seed + 1)) + 1 : (ulong)seed;
        var key = new List<uint> { (uint)(magnitude & 0xFFFFFFFFu) };
        if (magnitude >> 32 != 0)
        {
            key.Add((uint)(magnitude >> 32));
        }

        _mt = Mt19937.FromKey(key);
    }

    /// <summary><c>random()</c>: a double in [0, 1).</summary>
    public double Random() => _mt.NextDouble();

    /// <summary><c>getrandbits(k)</c> for 0 &lt;= k &lt;= 32.</summary>
    public uint GetRandBits(int k)
    {
        if (k < 0 || k > 32)
        {
            throw new ArgumentOutOfRangeException(nameof(k), k, "Only 0..32 bits are supported.");
        }

        return k == 0 ? 0u : _mt.NextUInt32() >> (32 - k);
    }

    /// <summary><c>_randbelow(n)</c>: rejection sampling over bit_length(n) bits.</summary>
    public int RandBelow(int n)
    {
        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(n);
        int bits = 32 - System.Numerics.BitOperations.LeadingZeroCount((uint)n);
        uint r = GetRandBits(bits);
        while (r >= (uint)n)
        {
            r = GetRandBits(bits);
        }

        return (int)r;
    }

    /// <summary><c>sample(range(n), k)</c>: positions drawn without replacement, in draw order.</summary>
    public int[] Sample(int n, int k)
    {
        var population = new int[Math.Max(n, 0)];
        for (int i = 0; i < population.Length; i++)
        {
            population[i] = i;
        }

        return Sample(population, k);
    }

    /// <summary><c>sample(population, k)</c>, choosing the pool or the set method exactly as CPython does.</summary>
    public T[] Sample<T>(IReadOnlyList<T> population, int k)
    {
        ArgumentNullException.ThrowIfNull(population);
        int n = population.Count;
        if (k < 0 || k > n)
        {
            throw new ArgumentOutOfRangeException(nameof(k), k, $"Sample larger than population ({n}) or is negative.");
        }

        var result = new T[k];
        int setSize = 21;
        if (k > 5)
        {
            setSize += (int)Math.Pow(4, Math.Ceiling(Math.Log(k * 3.0) / Math.Log(4.0)));
        }

        if (n <= setSize)
        {
            var pool = population.ToArray();
            for (int i = 0; i < k; i++)
            {
                int j = RandBelow(n - i);
                result[i] = pool[j];
                pool[j] = pool[n - i - 1];
            }
        }
        else
        {
            var selected = new HashSet<int>();
            for (int i = 0; i < k; i++)
            {
                int j = RandBelow(n);
                while (!selected.Add(j))
                {
                    j = RandBelow(n);
                }

                result[i] = population[j];
            }
        }

        return result;
    }

    /// <summary><c>shuffle(x)</c> in place.</summary>
    public void Shuffle<T>(IList<T> items)
    {
        ArgumentNullException.ThrowIfNull(items);
        for (int i = items.Count - 1; i > 0; i--)
        {
            int j = RandBelow(i + 1);
            (items[i], items[j]) = (items[j], items[i]);
        }
    }
}
