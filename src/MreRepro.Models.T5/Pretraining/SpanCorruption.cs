namespace MreRepro.Models.T5.Pretraining;

/// <summary>An encoder input and decoder target produced by span corruption, both ending in EOS.</summary>
public sealed record SpanCorruptionExample(int[] InputIds, int[] TargetIds);

/// <summary>
/// T5's span-corruption objective (random_spans_noise_mask): about noiseDensity of the tokens, in spans of mean
/// length meanSpanLength, are replaced in the input by &lt;extra_id_i&gt; and listed after the same sentinel in the target.
/// </summary>
public sealed class SpanCorruption
{
    private readonly double _noiseDensity;
    private readonly double _meanSpanLength;
    private readonly Func<int, int> _sentinelId;
    private readonly int _eosId;

    public SpanCorruption(Func<int, int> sentinelId, int eosId, double noiseDensity = 0.15, double meanSpanLength = 3.0)
    {
        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(noiseDensity);
        ArgumentOutOfRangeException.ThrowIfGreaterThanOrEqual(noiseDensity, 1.0);
        ArgumentOutOfRangeException.ThrowIfLessThan(meanSpanLength, 1.0);
        _sentinelId = sentinelId;
        _eosId = eosId;
        _noiseDensity = noiseDensity;
        _meanSpanLength = meanSpanLength;
    }

    /// <summary>Corrupts one sequence with a generator seeded by seed.</summary>
    public SpanCorruptionExample Corrupt(IReadOnlyList<int> tokens, int seed) => Corrupt(tokens, new Random(seed));

    /// <summary>Corrupts one sequence drawing from rng, so a corpus pass is reproducible from one seed.</summary>
    public SpanCorruptionExample Corrupt(IReadOnlyList<int> tokens, Random rng)
    {
        if (tokens.Count < 2)
        {
            // Too short to hide anything and keep context: the whole sequence is the target of one sentinel.
            return new SpanCorruptionExample([_sentinelId(0), _eosId], [_sentinelId(0), .. tokens, _eosId]);
        }
        var noise = NoiseMask(tokens.Count, rng);
        var inputs = new List<int>();
        var targets = new List<int>();
        var span = -1;
        for (var i = 0; i < tokens.Count; i++)
        {
            if (noise[i])
            {
                if (i == 0 || !noise[i - 1])
                {
                    span++;
                    inputs.Add(_sentinelId(span));
                    targets.Add(_sentinelId(span));
                }
                targets.Add(tokens[i]);
            }
            else
            {
                inputs.Add(tokens[i]);
            }
        }
        inputs.Add(_eosId);
        targets.Add(_eosId);
        return new SpanCorruptionExample(inputs.ToArray(), targets.ToArray());
    }

    /// <summary>T5's random_spans_noise_mask: alternating non-noise / noise spans, starting with non-noise.</summary>
    internal bool[] NoiseMask(int length, Random rng)
    {
        var noiseCount = (int)Math.Round(length * _noiseDensity, MidpointRounding.ToEven);
        noiseCount = Math.Clamp(noiseCount, 1, length - 1);
        var spanCount = Math.Max(1, (int)Math.Round(noiseCount / _meanSpanLength, MidpointRounding.ToEven));
        var nonNoiseCount = length - noiseCount;
        spanCount = Math.Min(spanCount, Math.Min(noiseCount, nonNoiseCount));
        var noiseSpans = RandomSegmentation(noiseCount, spanCount, rng);
        var nonNoiseSpans = RandomSegmentation(nonNoiseCount, spanCount, rng);
        var mask = new bool[length];
        var pos = 0;
        for (var s = 0; s < spanCount; s++)
        {
            pos += nonNoiseSpans[s];
            for (var k = 0; k < noiseSpans[s]; k++)
            {
                mask[pos++] = true;
            }
        }
        return mask;
    }

    // Splits items into segments non-empty parts: a shuffled set of segments-1 cut points among items-1 gaps.
    private static int[] RandomSegmentation(int items, int segments, Random rng)
    {
        var isCut = new bool[items - 1];
        for (var i = 0; i < segments - 1; i++)
        {
            isCut[i] = true;
        }
        for (var i = isCut.Length - 1; i > 0; i--)
        {
            var j = rng.Next(i + 1);
            (isCut[i], isCut[j]) = (isCut[j], isCut[i]);
        }
        var lengths = new int[segments];
        var segment = 0;
        lengths[0] = 1;
        foreach (var cut in isCut)
        {
            if (cut)
            {
                segment++;
            }
            lengths[segment]++;
        }
        return lengths;
    }
}
