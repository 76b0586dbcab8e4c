using MreRepro.Domain.Records;

namespace MreRepro.Domain.Corpus;

/// <summary>The paper's dataset names (SCNM, SCPOS-RW, SCPOS-N, SCPOS-Adj, SCPOS-NAdj, TCREE) and their kinds.</summary>
public static class DatasetNames
{
    private static readonly (string Name, DatasetKind Kind)[] Names =
    [
        ("SCNM", DatasetKind.Scnm), ("SCPOS-RW", DatasetKind.ScposRw), ("SCPOS-N", DatasetKind.ScposN),
        ("SCPOS-Adj", DatasetKind.ScposAdj), ("SCPOS-NAdj", DatasetKind.ScposNAdj), ("TCREE", DatasetKind.Tcree),
    ];

    public static IReadOnlyList<DatasetKind> All => Names.Select(n => n.Kind).ToList();

    public static string Name(DatasetKind kind) => Names.First(n => n.Kind == kind).Name;

    public static bool TryParse(string name, out DatasetKind kind)
    {
        foreach (var n in Names)
        {
            if (string.Equals(n.Name, name, StringComparison.OrdinalIgnoreCase))
            {
                kind = n.Kind;
                return true;
            }
        }
        kind = default;
        return false;
    }
}
