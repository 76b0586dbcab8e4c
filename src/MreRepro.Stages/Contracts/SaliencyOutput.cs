using System.Text.Json.Serialization;
using MreRepro.Models.Chat;

namespace MreRepro.Stages.Contracts;

/// <summary>What the saliency stage writes: samples.jsonl (one <see cref="SaliencySampleRecord"/> a line), flow.csv and summary.json.</summary>
public static class SaliencyOutput
{
    public const string Samples = "samples.jsonl";
    public const string Flow = "flow.csv";
    /// <summary>The same flows with the BOS column (LLaMA's attention sink at position 0) left out (spec A7).</summary>
    public const string FlowWithoutBos = "flow_bos_excluded.csv";
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

/// <summary>
/// summary.json: the per-layer proportions (Figures 4 and 5) and raw means over the samples, and the same with the BOS
/// column excluded (spec A7; null in summaries written before that variant existed). With several fine-tuning seeds,
/// the top-level values are the mean over seeds of each seed's values, and <paramref name="PerSeed"/> holds each seed's
/// (null in summaries written before seeds were kept apart).
/// </summary>
public sealed record SaliencySummary(string Dataset, string Condition, int Samples, string Loss, bool IncludeBos, int Layers,
    LayerFlows Proportions, LayerFlows RawMeans, FlowVariant? BosExcluded = null, IReadOnlyList<SeedFlows>? PerSeed = null);

/// <summary>One fine-tuning seed's flows over the saliency samples.</summary>
public sealed record SeedFlows(int Seed, LayerFlows Proportions, LayerFlows RawMeans, FlowVariant? BosExcluded);

/// <summary>A variant of the flows (e.g. BOS excluded): proportions and raw means per layer.</summary>
public sealed record FlowVariant(LayerFlows Proportions, LayerFlows RawMeans);

/// <summary>
/// One line of samples.jsonl: what was fed, where its parts are, the restricted loss's tokens (null: the whole
/// vocabulary), its per-layer flows and the same with the BOS column excluded, and the fine-tuning seed of the model
/// (null in samples written before seeds were kept apart).
/// </summary>
public sealed record SaliencySampleRecord(string Id, long[] TokenIds, IReadOnlyList<TokenSpan> Spans, IReadOnlyList<int> InformationPositions,
    int TargetPosition, int GoldToken, IReadOnlyList<int>? LossTokens,
    [property: JsonPropertyName("s_wp")] double[] Swp,
    [property: JsonPropertyName("s_pq")] double[] Spq,
    [property: JsonPropertyName("s_ww")] double[] Sww,
    LayerFlows? BosExcluded = null, int? Seed = null);
