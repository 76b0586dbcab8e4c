namespace MreRepro.Domain.Sampling;

/// <summary>The Mersenne Twister MT19937 generator with the two seeding routines numpy and CPython use.</summary>
public sealed class Mt19937
{
    private const int N = 624;
    private const int M = 397;
    private readonly uint[] _state = new uint[N];
    private int _position;

    private Mt19937()
    {
    }

    /// <summary>Knuth's init_genrand, as numpy's legacy RandomState(int) seeds the generator.</summary>
    public static Mt19937 FromSeed(uint seed)
    {
        var mt = new Mt19937();
        mt.InitGenrand(seed);
        return mt;
    }

    /// <summary>init_by_array, as CPython's random.seed(int) seeds the generator.</summary>
    public static Mt19937 FromKey(IReadOnlyList<uint> key)
    {
        ArgumentNullException.ThrowIfNull(key);
        if (key.Count == 0)
        {
            throw new ArgumentException("init_by_array needs at least one key word (CPython seeds 0 as [0]).", nameof(key));
        }

        var mt = new Mt19937();
        mt.InitByArray(key);
        return mt;
    }

    /// <summary>The raw state words, for tests against the reference seeding.</summary>
    internal IReadOnlyList<uint> State => _state;

    /// <summary>Next tempered 32-bit output (genrand_int32).</summary>
    public uint NextUInt32()
    {
        if (_position >= N)
        {
            Regenerate();
        }

        uint y = _state[_position++];
        y ^= y >> 11;
        y ^= (y << 7) & 0x9d2c5680u;
        y ^= (y << 15) & 0xefc60000u;
        y ^= y >> 18;
        return y;
    }

    /// <summary>Two outputs, high word first (numpy's mt19937_next64).</summary>
    public ulong NextUInt64() => ((ulong)NextUInt32() << 32) | NextUInt32();

    /// <summary>53-bit double in [0, 1) from two outputs (genrand_res53, shared by numpy and CPython).</summary>
    public double NextDouble()
    {
        uint a = NextUInt32() >> 5;
        uint b = NextUInt32() >> 6;
        return (a * 67108864.0 + b) / 9007199254740992.0;
    }

    private void InitGenrand(uint seed)
    {
        _state[0] = seed;
        for (int i = 1; i < N; i++)
        {
            uint previous = _state[i - 1];
            _state[i] = unchecked(1812433253u * (previous ^ (previous >> 30)) + (uint)i);
        }

        _position = N;
    }

    private void InitByArray(IReadOnlyList<uint> key)
    {
        InitGenrand(19650218u);
        int i = 1;
        int j = 0;
        int keyLength = key.Count;
        for (int k = Math.Max(N, keyLength); k > 0; k--)
        {
            uint previous = _state[i - 1];
            _state[i] = unchecked((_state[i] ^ ((previous ^ (previous >> 30)) * 1664525u)) + key[j] + (uint)j);
            i++;
            j++;
            if (i >= N)
            {
                _state[0] = _state[N - 1];
                i = 1;
            }

            if (j >= keyLength)
            {
                j = 0;
            }
        }

        for (int k = N - 1; k > 0; k--)
        {
            uint previous = _state[i - 1];
            _state[i] = unchecked((_state[i] ^ ((previous ^ (previous >> 30)) * 1566083941u)) - (uint)i);
            i++;
            if (i >= N)
            {
                _state[0] = _state[N - 1];
                i = 1;
            }
        }

        _state[0] = 0x80000000u;
        _position = N;
    }

    private void Regenerate()
    {
        for (int i = 0; i < N; i++)
        {
            uint y = (_state[i] & 0x80000000u) | (_state[(i + 1) % N] & 0x7fffffffu);
            _state[i] = _state[(i + M) % N] ^ (y >> 1) ^ ((y & 1u) != 0 ? 0x9908b0dfu : 0u);
        }

        _position = 0;
    }
}
