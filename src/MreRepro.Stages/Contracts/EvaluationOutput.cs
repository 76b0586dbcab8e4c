namespace MreRepro.Stages.Contracts;

/// <summary>What the evaluate stage writes: predictions.jsonl (one <see cref="SamplePrediction"/> a line) and metrics.json.</summary>
public static class EvaluationOutput
{
    public const string Predictions = "predictions.jsonl";
    public const string Metrics = "metrics.json";
}

/// <summary>One line of predictions.jsonl.</summary>
public sealed record SamplePrediction(
    int Seed, string Id, string Prompt, string Gold, string Generation, bool ParseOk, string? Parsed,
    int? TruePositives, int? PredictedPairs, int? GoldPairs, string? GoldLabel, bool? Correct);

/// <summary>Scores of one seed.</summary>
public sealed record SeedMetrics(int Seed, int Samples, int Unparseable, double? F1, double? Precision, double? Recall, double? Accuracy, double? MacroF1);

/// <summary>metrics.json: top-level numbers (the seed mean) for `dvc metrics show`, per-seed details beside them.</summary>
public sealed record EvaluationMetrics(string Dataset, string Condition, string Level, double? F1, double? Accuracy, double? MacroF1,
    int Unparseable, int Samples, IReadOnlyList<SeedMetrics> PerSeed)
{
    public static EvaluationMetrics From(string dataset, string condition, string level, IReadOnlyList<SeedMetrics> seeds) => new(
        dataset, condition, level,
        Mean(seeds.Select(s => s.F1)), Mean(seeds.Select(s => s.Accuracy)), Mean(seeds.Select(s => s.MacroF1)),
        seeds.Sum(s => s.Unparseable), seeds.Sum(s => s.Samples), seeds);

    public string Headline => Level == "word"
        ? $"word-level F1 {F1:F4} ({Unparseable} unparseable of {Samples})"
        : $"accuracy {Accuracy:F4}, macro-F1 {MacroF1:F4} ({Unparseable} unparseable of {Samples})";

    private static double? Mean(IEnumerable<double?> values)
    {
        var list = values.Where(v => v.HasValue).Select(v => v!.Value).ToList();
        return list.Count == 0 ? null : list.Average();
    }
}
