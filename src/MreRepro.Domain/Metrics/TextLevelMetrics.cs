namespace MreRepro.Domain.Metrics;

/// <summary>Accuracy and macro-F1 over the gold label set.</summary>
public readonly record struct TextLevelScore(double Accuracy, double MacroF1);

/// <summary>
/// Text-level scores. A null prediction (unparseable answer) is wrong. Macro-F1 averages per-class F1 over the
/// given label inventory (classes with neither gold nor predicted samples are left out; a class with gold samples
/// but no correct prediction scores 0).
/// </summary>
public static class TextLevelMetrics
{
    public static TextLevelScore Compute(IReadOnlyList<string> gold, IReadOnlyList<string?> predicted, IReadOnlyList<string> labels)
    {
        if (gold.Count != predicted.Count)
        {
            throw new ArgumentException($"{gold.Count} gold labels but {predicted.Count} predictions.");
        }
        if (gold.Count == 0)
        {
            return new TextLevelScore(0, 0);
        }
        var correct = gold.Zip(predicted).Count(p => p.First == p.Second);
        var f1s = new List<double>();
        foreach (var label in labels)
        {
            var tp = gold.Zip(predicted).Count(p => p.First == label && p.Second == label);
            var goldCount = gold.Count(g => g == label);
            var predCount = predicted.Count(p => p == label);
            if (goldCount == 0 && predCount == 0)
            {
                continue;
            }
            var precision = predCount == 0 ? 0 : (double)tp / predCount;
            var recall = goldCount == 0 ? 0 : (double)tp / goldCount;
            f1s.Add(precision + recall == 0 ? 0 : 2 * precision * recall / (precision + recall));
        }
        return new TextLevelScore((double)correct / gold.Count, f1s.Count == 0 ? 0 : f1s.Average());
    }
}
