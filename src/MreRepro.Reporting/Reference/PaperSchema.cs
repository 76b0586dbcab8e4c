namespace MreRepro.Reporting.Reference;

/// <summary>Which conditions and metrics each table of the paper has, as keys in paper-reference.yaml.</summary>
public static class PaperSchema
{
    /// <summary>Table 1 has no conditions; its rows use this one.</summary>
    public const string Split = "split";

    /// <summary>Conditions of Tables 2–4: the first is the "without" column, the second the "with" column.</summary>
    public static IReadOnlyDictionary<int, (string Without, string With)> Conditions { get; } = new Dictionary<int, (string, string)>
    {
        [2] = ("text_only", "text_tli"),
        [3] = ("text_only", "text_wli"),
        [4] = ("without_kv", "kv"),
    };

    /// <summary>Metrics per table; split sizes are counts, the others percentages.</summary>
    public static IReadOnlyDictionary<int, string[]> Metrics { get; } = new Dictionary<int, string[]>
    {
        [1] = ["train_size", "test_size"],
        [2] = ["f1"],
        [3] = ["macro_f1", "accuracy"],
        [4] = ["macro_f1", "accuracy"],
    };

    /// <summary>True for metrics stored as counts rather than percentages.</summary>
    public static bool IsCount(string metric) => metric is "train_size" or "test_size";

    /// <summary>The conditions valid for a table.</summary>
    public static IReadOnlyList<string> ConditionsOf(int table) =>
        table == 1 ? [Split] : Conditions.TryGetValue(table, out var pair) ? [pair.Without, pair.With] : [];
}
