namespace MreRepro.Reporting.Model;

/// <summary>A score summarised over seeds: mean and sample standard deviation, as fractions (0.8512 = 85.12 %).</summary>
public sealed record Score(double? Mean, double? Spread, int Seeds)
{
    /// <summary>No result for this cell.</summary>
    public static Score Missing { get; } = new(null, null, 0);

    /// <summary>A single run: no spread.</summary>
    public static Score Single(double value) => new(value, null, 1);

    /// <summary>Mean and sample standard deviation (n − 1) of per-seed values; no spread for one seed.</summary>
    public static Score FromSeeds(IEnumerable<double> values)
    {
        ArgumentNullException.ThrowIfNull(values);
        var list = values.ToList();
        if (list.Count == 0)
        {
            return Missing;
        }

        var mean = list.Average();
        double? spread = null;
        if (list.Count > 1)
        {
            var sumSquares = list.Sum(v => (v - mean) * (v - mean));
            spread = Math.Sqrt(sumSquares / (list.Count - 1));
        }

        return new Score(mean, spread, list.Count);
    }
}

/// <summary>A confidence interval of a difference (fractions), e.g. the interval of with − without over seeds and test records.</summary>
public sealed record ConfidenceInterval(double? Lower, double? Upper, double Level);

/// <summary>The same metric without and with the other level's information, plus the interval of their difference.</summary>
public sealed record MetricPair(Score Without, Score With, ConfidenceInterval? DifferenceInterval = null)
{
    /// <summary>Neither condition has a result.</summary>
    public static MetricPair Missing { get; } = new(Score.Missing, Score.Missing);
}
