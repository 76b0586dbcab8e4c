using MreRepro.Domain.Records;

namespace MreRepro.Domain.Corpus;

/// <summary>
/// The paper's dataset names as params.yaml and the CLI write them (SCNM, SCPOS-RW, SCPOS-N, SCPOS-Adj, SCPOS-NAdj,
/// TCREE), their kinds, and the names the paper's tables print (SCPOS:N&amp;Adj …), which reports/paper-reference.yaml keeps.
/// </summary>
public static class DatasetNames
{
    private static readonly (string Name, DatasetKind Kind, string Printed)[] Names =
    [
        ("SCNM", DatasetKind.Scnm, "SCNM"), ("SCPOS-RW", DatasetKind.ScposRw, "SCPOS:RW"), ("SCPOS-N", DatasetKind.ScposN, "SCPOS:N"),
        ("SCPOS-Adj", DatasetKind.ScposAdj, "SCPOS:Adj"), ("SCPOS-NAdj", DatasetKind.ScposNAdj, "SCPOS:N&Adj"), ("TCREE", DatasetKind.Tcree, "TCREE"),
    ];

    public static IReadOnlyList<DatasetKind> All => Names.Select(n => n.Kind).ToList();

    public static string Name(DatasetKind kind) => Names.First(n => n.Kind == kind).Name;

    /// <summary>The name the paper's tables print for a dataset (the key of its values in the paper reference).</summary>
    public static string Printed(DatasetKind kind) => Names.First(n => n.Kind == kind).Printed;

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
