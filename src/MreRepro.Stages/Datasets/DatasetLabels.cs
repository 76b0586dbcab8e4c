using MreRepro.Domain.Corpus;
using MreRepro.Domain.Records;

namespace MreRepro.Stages.Datasets;

/// <summary>The text-level labels of a dataset in a fixed order (this order defines the label numbers in prompts).</summary>
public static class DatasetLabels
{
    /// <summary>The paper dataset's inventory when the data uses it; otherwise the data's own labels in ordinal order.</summary>
    public static IReadOnlyList<string> TextLabels(string paperDataset, IEnumerable<MreRecord> records)
    {
        var seen = records.Select(r => r.TextLabel).Distinct(StringComparer.Ordinal).ToList();
        if (DatasetNames.TryParse(paperDataset, out var kind))
        {
            var inventory = LabelInventory.For(kind).TextLabels;
            if (seen.All(inventory.Contains))
            {
                return inventory;
            }
        }
        return seen.OrderBy(l => l, StringComparer.Ordinal).ToList();
    }

    /// <summary>The word-level labels seen in the data, in ordinal order.</summary>
    public static IReadOnlySet<string> WordLabels(IEnumerable<MreRecord> records) =>
        records.SelectMany(r => r.Pairs).Select(p => p.Label).ToHashSet(StringComparer.Ordinal);
}
