namespace MreRepro.Reporting.Model;

/// <summary>Per-layer proportions S_wp, S_pq, S_ww of one dataset (each layer sums to 1); null marks a missing layer value.</summary>
public sealed record FlowPanel(string Dataset, IReadOnlyList<int> Layers, IReadOnlyList<double?> Swp, IReadOnlyList<double?> Spq, IReadOnlyList<double?> Sww)
{
    /// <summary>Throws when the three series do not have one value per layer.</summary>
    public void Validate()
    {
        if (Swp.Count != Layers.Count || Spq.Count != Layers.Count || Sww.Count != Layers.Count)
        {
            throw new ArgumentException(
                $"Flow panel '{Dataset}': {Layers.Count} layers but S_wp has {Swp.Count}, S_pq {Spq.Count}, S_ww {Sww.Count} values.");
        }
    }
}
