using MreRepro.Domain.Records;

namespace MreRepro.Domain.Corpus;

/// <summary>The label sets of a dataset, in the order that defines label numbers in prompts.</summary>
public sealed record LabelInventory(IReadOnlyList<string> TextLabels, IReadOnlyList<string> WordLabels)
{
    public static LabelInventory For(DatasetKind kind)
    {
        var design = CorpusDesign.For(kind);
        return new LabelInventory(design.TextLabels, design.WordLabels);
    }
}
