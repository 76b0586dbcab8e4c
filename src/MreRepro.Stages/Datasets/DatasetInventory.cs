using MreRepro.Domain.Corpus;
using MreRepro.Stages.Parameters;

namespace MreRepro.Stages.Datasets;

/// <summary>
/// A dataset's label inventory: the <c>labels:</c> declared in params.yaml, else the paper dataset's built-in one (a level left
/// out of the declaration uses the built-in level). The split rejects labels outside it; its order defines the label numbers in prompts.
/// </summary>
public static class DatasetInventory
{
    /// <summary>The inventory of <paramref name="dataset"/>; null when it declares none and names no paper dataset.</summary>
    public static LabelInventory? For(DatasetParameters dataset)
    {
        ArgumentNullException.ThrowIfNull(dataset);
        var builtIn = DatasetNames.TryParse(dataset.Paper, out var kind) ? LabelInventory.For(kind) : null;
        var text = dataset.Labels?.Text ?? builtIn?.TextLabels;
        var word = dataset.Labels?.Word ?? builtIn?.WordLabels;
        return text is null && word is null ? null : new LabelInventory(text ?? [], word ?? []);
    }
}
