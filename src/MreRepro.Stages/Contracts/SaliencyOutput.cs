using System.Text.Json.Serialization;
using MreRepro.Models.Chat;

namespace MreRepro.Stages.Contracts;

/// <summary>What the saliency stage writes: samples.jsonl (one <see cref="SaliencySampleRecord"/> a line), flow.csv and summary.json.</summary>
public static class SaliencyOutput
{
    public const string Samples = "samples.jsonl";
    public const string Flow = "flow.csv";
    public const string Summary = "summary.json";
}

/// <summary>Per-layer values of the three flows.</summary>
public sealed record LayerFlows(
    [property: JsonPropertyName("s_wp")] double[] Swp,
    [property: JsonPropertyName("s_pq")] double[] Spq,
    [property: JsonPropertyName("s_ww")] double[] Sww)
{
    /// <summary>From a [3, layers] array whose rows are S_wp, S_pq, S_ww.</summary>
    public static LayerFlows FromRows(double[,] values) => new(Row(values, 0), Row(values, 1), Row(values, 2));

    private static double[] Row(double[,] values, int row) =>
        Enumerable.Range(0, values.GetLength(1)).Select(l => values[row, l]).ToArray();
}

/// <summary>summary.json: the per-layer proportions (Figures 4 and 5) and raw means over the samples.</summary>
public sealed record SaliencySummary(string Dataset, string Condition, int Samples, string Loss, bool IncludeBos, int Layers,
    LayerFlows Proportions, LayerFlows RawMeans);

/// <summary>One line of samples.jsonl: what was fed, where its parts are, and its per-layer flows.</summary>
public sealed record SaliencySampleRecord(string Id, long[] TokenIds, IReadOnlyList<TokenSpan> Spans, IReadOnlyList<int> InformationPositions,
    int TargetPosition, int GoldToken,
    [property: JsonPropertyName("s_wp")] double[] Swp,
    [property: JsonPropertyName("s_pq")] double[] Spq,
    [property: JsonPropertyName("s_ww")] double[] Sww);
