namespace MreRepro.Stages.Contracts;

/// <summary>What the verbalizer stage writes: label_words.txt, predictions.jsonl and metrics.json.</summary>
public static class VerbalizerOutput
{
    public const string LabelWords = "label_words.txt";
    public const string Predictions = "predictions.jsonl";
    public const string Metrics = "metrics.json";

    /// <summary>label_words.txt: one line per class, its label words joined by commas.</summary>
    public static IEnumerable<string> LabelWordLines(IEnumerable<IReadOnlyList<string>> words) => words.Select(ws => string.Join(",", ws));
}

/// <summary>One line of the verbalizer's predictions.jsonl; the seed of the run that predicted it (null before seeds were kept apart).</summary>
public sealed record VerbalizerPrediction(string Id, string Gold, string? Predicted, bool Correct, int? Seed = null);

/// <summary>One verbalizer seed's scores.</summary>
public sealed record VerbalizerSeedMetrics(int Seed, double Accuracy, double MacroF1, int BestEpoch, double BestDevAccuracy);

/// <summary>
/// The verbalizer's metrics.json; the classes (in label_words.txt's line order), the refinements applied and the label
/// words per class before and after them are null in metrics written before the refinements existed. With several
/// seeds the top-level accuracy and macro-F1 are the means over <paramref name="PerSeed"/>.
/// </summary>
public sealed record VerbalizerMetrics(string Dataset, string Verbalizer, double Accuracy, double MacroF1, int Samples,
    int TrainExamples, int DevExamples, int BestEpoch, double BestDevAccuracy, int SinglePieceWords, int MultiPieceWords,
    IReadOnlyList<string>? Classes = null, bool? Calibration = null, string? Filter = null,
    IReadOnlyList<int>? LabelWordsBeforeRefinement = null, IReadOnlyList<int>? LabelWords = null,
    IReadOnlyList<VerbalizerSeedMetrics>? PerSeed = null, int? TruncatedTestTexts = null);
