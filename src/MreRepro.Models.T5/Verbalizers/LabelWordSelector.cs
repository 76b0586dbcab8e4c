namespace MreRepro.Models.T5.Verbalizers;

/// <summary>Builds KPT label-word lists from training data: per class, the class name then its most frequent words.</summary>
public static class LabelWordSelector
{
    /// <summary>
    /// For each class (in the given order), the class name followed by the top-N most frequent words of that class's
    /// examples, ties broken by first occurrence; the class name is not repeated and counts toward N.
    /// </summary>
    public static IReadOnlyList<IReadOnlyList<string>> Select(IReadOnlyList<string> classNames,
        IEnumerable<(string ClassName, IReadOnlyList<string> Words)> examples, int topN = 100)
    {
        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(topN);
        var counts = classNames.ToDictionary(c => c, _ => new Dictionary<string, (int Count, int First)>(StringComparer.Ordinal), StringComparer.Ordinal);
        var seen = 0;
        foreach (var (className, words) in examples)
        {
            if (!counts.TryGetValue(className, out var table))
            {
                throw new ArgumentException($"example class '{className}' is not one of: {string.Join(", ", classNames)}", nameof(examples));
            }
            foreach (var word in words)
            {
                table[word] = table.TryGetValue(word, out var entry) ? (entry.Count + 1, entry.First) : (1, seen);
                seen++;
            }
        }
        return classNames.Select(name =>
        {
            var ranked = counts[name]
                .Where(kv => kv.Key != name && kv.Key.Length > 0)
                .OrderByDescending(kv => kv.Value.Count)
                .ThenBy(kv => kv.Value.First)
                .Select(kv => kv.Key)
                .Take(topN - 1);
            return (IReadOnlyList<string>)[name, .. ranked];
        }).ToList();
    }
}
