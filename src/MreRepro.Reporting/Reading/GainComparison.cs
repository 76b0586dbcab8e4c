namespace MreRepro.Reporting.Reading;

/// <summary>One dataset's score without and with the other level's information, as the reading counts it.</summary>
internal sealed record GainComparison(string Dataset, string? Group, double? Without, double? With, double? IntervalLower, double? IntervalUpper)
{
    public bool HasBoth => Without is not null && With is not null;

    public bool Helped => HasBoth && With > Without;

    public bool IntervalAboveZero => IntervalLower is > 0;
}
