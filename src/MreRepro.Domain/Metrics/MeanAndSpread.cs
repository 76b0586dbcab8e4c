namespace MreRepro.Domain.Metrics;

/// <summary>Mean and sample standard deviation (n − 1 in the denominator) of one metric over seeds.</summary>
/// <param name="Mean">Arithmetic mean; NaN when there are no values.</param>
/// <param name="StandardDeviation">Sample standard deviation; 0 for a single value, NaN for none.</param>
/// <param name="Count">Number of seeds.</param>
public sealed record MeanAndSpread(double Mean, double StandardDeviation, int Count)
{
    public static MeanAndSpread Of(IReadOnlyList<double> values)
    {
        ArgumentNullException.ThrowIfNull(values);
        if (values.Count == 0)
        {
            return new MeanAndSpread(double.NaN, double.NaN, 0);
        }
        var mean = values.Average();
        if (values.Count == 1)
        {
            return new MeanAndSpread(mean, 0, 1);
        }
        var squares = values.Sum(v => (v - mean) * (v - mean));
        return new MeanAndSpread(mean, Math.Sqrt(squares / (values.Count - 1)), values.Count);
    }
}
