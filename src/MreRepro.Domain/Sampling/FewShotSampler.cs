namespace MreRepro.Domain.Sampling;

/// <summary>OpenPrompt's <c>FewShotSampler</c> (methods spec B8): k examples per label (or a total) drawn with numpy's RandomState(seed).</summary>
public sealed class FewShotSampler
{
    private readonly int? _perLabel;
    private readonly int? _total;
    private readonly bool _alsoSampleDev;
    private readonly int? _perLabelDev;
    private readonly int? _totalDev;

    /// <param name="numExamplesPerLabel">k per label (<c>num_examples_per_label</c>); set this or <paramref name="numExamplesTotal"/>.</param>
    /// <param name="numExamplesTotal">Total count when not sampling per label (<c>num_examples_total</c>, e.g. the 200-example support set).</param>
    /// <param name="alsoSampleDev">Also draw a dev set from the remaining indices, continuing the same generator.</param>
    /// <param name="numExamplesPerLabelDev">Dev k per label; when neither dev count is set both copy the train setting, as in OpenPrompt.</param>
    /// <param name="numExamplesTotalDev">Dev total, used when <paramref name="numExamplesPerLabelDev"/> is null.</param>
    public FewShotSampler(
        int? numExamplesPerLabel = null,
        int? numExamplesTotal = null,
        bool alsoSampleDev = false,
        int? numExamplesPerLabelDev = null,
        int? numExamplesTotalDev = null)
    {
        if (numExamplesPerLabel is null == numExamplesTotal is null)
        {
            throw new ArgumentException("Set exactly one of numExamplesPerLabel and numExamplesTotal.");
        }

        if (numExamplesPerLabel < 0 || numExamplesTotal < 0 || numExamplesPerLabelDev < 0 || numExamplesTotalDev < 0)
        {
            throw new ArgumentException("Few-shot counts must be non-negative.");
        }

        _perLabel = numExamplesPerLabel;
        _total = numExamplesTotal;
        _alsoSampleDev = alsoSampleDev;
        if (!alsoSampleDev && (numExamplesPerLabelDev is not null || numExamplesTotalDev is not null))
        {
            throw new ArgumentException("Dev counts can only be set together with alsoSampleDev.");
        }

        // OpenPrompt copies the train setting only when neither dev count is given.
        bool devUnset = numExamplesPerLabelDev is null && numExamplesTotalDev is null;
        _perLabelDev = devUnset ? numExamplesPerLabel : numExamplesPerLabelDev;
        _totalDev = devUnset ? numExamplesTotal : numExamplesTotalDev;
    }

    /// <summary>
    /// Draws from a dataset whose i-th example has label <c>labels[i]</c>. Returns indices into that list in OpenPrompt's order;
    /// Dev is empty unless <c>alsoSampleDev</c>. A label with fewer than k examples contributes all it has, as OpenPrompt does.
    /// For a separate validation list (OpenPrompt's <c>sampler(train, valid, seed)</c>) call this on each list with the same seed.
    /// </summary>
    public FewShotSelection Sample<TLabel>(IReadOnlyList<TLabel> labels, int seed)
        where TLabel : notnull
    {
        ArgumentNullException.ThrowIfNull(labels);
        var rng = new NumpyRandomState(seed);
        var indices = Enumerable.Range(0, labels.Count).ToList();
        var train = Draw(rng, indices, labels, _perLabel, _total);
        if (!_alsoSampleDev)
        {
            return new FewShotSelection(train, []);
        }

        var chosen = new HashSet<int>(train);
        var remaining = indices.Where(i => !chosen.Contains(i)).ToList();
        var dev = Draw(rng, remaining, labels, _perLabelDev, _totalDev);
        return new FewShotSelection(train, dev);
    }

    private static int[] Draw<TLabel>(NumpyRandomState rng, List<int> indices, IReadOnlyList<TLabel> labels, int? perLabel, int? total)
        where TLabel : notnull
    {
        if (perLabel is int k)
        {
            return SamplePerLabel(rng, indices, labels, k);
        }

        // sample_total shuffles a Python list copy; numpy's list and array shuffles consume the generator identically.
        var shuffled = indices.ToArray();
        rng.Shuffle(shuffled);
        return total is int count ? shuffled[..Math.Min(count, shuffled.Length)] : shuffled;
    }

    private static int[] SamplePerLabel<TLabel>(NumpyRandomState rng, List<int> indices, IReadOnlyList<TLabel> labels, int k)
        where TLabel : notnull
    {
        // Groups keep first-appearance order, as Python's defaultdict does.
        var groups = new List<List<int>>();
        var groupOf = new Dictionary<TLabel, List<int>>();
        foreach (int index in indices)
        {
            if (!groupOf.TryGetValue(labels[index], out var group))
            {
                group = [];
                groupOf.Add(labels[index], group);
                groups.Add(group);
            }

            group.Add(index);
        }

        var selected = new List<int>();
        foreach (var group in groups)
        {
            var ids = group.ToArray();
            rng.Shuffle(ids);
            selected.AddRange(ids.Take(k));
        }

        var result = selected.ToArray();
        rng.Shuffle(result);
        return result;
    }
}
