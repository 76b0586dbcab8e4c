namespace MreRepro.Reporting.Model;

/// <summary>
/// Per-layer proportions S_wp, S_pq, S_ww of one dataset (each layer sums to 1; with several seeds, the mean over seeds);
/// null marks a missing layer value.
/// </summary>
public sealed record FlowPanel(string Dataset, IReadOnlyList<int> Layers, IReadOnlyList<double?> Swp, IReadOnlyList<double?> Spq, IReadOnlyList<double?> Sww)
{
    /// <summary>The panel's title; the dataset name when not given (e.g. "SCNM-ctrl (control, s = 0)").</summary>
    public string? Label { get; init; }

    /// <summary>How many seeds the values average.</summary>
    public int Seeds { get; init; } = 1;

    /// <summary>The spread over seeds of S_wp, S_pq and S_ww, in that order (min–max per layer); null for one seed.</summary>
    public IReadOnlyList<FlowBand>? Bands { get; init; }

    /// <summary>Throws when the three series (or a band) do not have one value per layer.</summary>
    public void Validate()
    {
        if (Swp.Count != Layers.Count || Spq.Count != Layers.Count || Sww.Count != Layers.Count)
        {
            throw new ArgumentException(
                $"Flow panel '{Dataset}': {Layers.Count} layers but S_wp has {Swp.Count}, S_pq {Spq.Count}, S_ww {Sww.Count} values.");
        }

        if (Bands is { } bands && (bands.Count != 3 || bands.Any(b => b.Lower.Count != Layers.Count || b.Upper.Count != Layers.Count)))
        {
            throw new ArgumentException($"Flow panel '{Dataset}': a band needs three series of {Layers.Count} lower and upper values.");
        }
    }
}

/// <summary>Lower and upper edge of one series' band over seeds, per layer.</summary>
public sealed record FlowBand(IReadOnlyList<double> Lower, IReadOnlyList<double> Upper);
