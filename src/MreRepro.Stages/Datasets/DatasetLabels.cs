using MreRepro.Domain.Records;
using MreRepro.Stages.Common;
using MreRepro.Stages.Parameters;

namespace MreRepro.Stages.Datasets;

/// <summary>The text-level labels of a dataset in a fixed order (this order defines the label numbers in prompts).</summary>
public static class DatasetLabels
{
    /// <summary>
    /// The text-level labels in inventory order; without an inventory, the data's own labels in ordinal order. A label in the
    /// data outside the inventory is an error (the split stops on those, so this means the split is out of date).
    /// </summary>
    public static IReadOnlyList<string> TextLabels(DatasetParameters dataset, IEnumerable<MreRecord> records)
    {
        var seen = records.Select(r => r.TextLabel).Distinct(StringComparer.Ordinal).ToList();
        if (DatasetInventory.For(dataset) is { TextLabels.Count: > 0 } inventory)
        {
            var stray = seen.FirstOrDefault(l => !inventory.TextLabels.Contains(l));
            return stray is null
                ? inventory.TextLabels
                : throw new StageException($"text-level label '{stray}' is not in the dataset's inventory ({string.Join(", ", inventory.TextLabels)}); rerun the split stage, which checks labels, or declare labels: in params.yaml.");
        }

        return seen.OrderBy(l => l, StringComparer.Ordinal).ToList();
    }

    /// <summary>The word-level labels seen in the data, in ordinal order.</summary>
    public static IReadOnlySet<string> WordLabels(IEnumerable<MreRecord> records) =>
        records.SelectMany(r => r.Pairs).Select(p => p.Label).ToHashSet(StringComparer.Ordinal);
}
