using System.Globalization;
using MreRepro.Reporting.Reference;
using MreRepro.Reporting.Tests.TestSupport;

namespace MreRepro.Reporting.Tests.Reference;

/// <summary>reports/paper-reference.yaml holds every number of the paper's Tables 1-4 exactly as the team's
/// transcription (shared/spec/paper-values.md) prints them, and the prose claims beside them.</summary>
public sealed class PaperValuesTranscriptionTests
{
    // Column headers of paper-values.md (the paper's spelling) -> the reference file's dataset keys.
    private static readonly Dictionary<string, string> s_columns = new(StringComparer.Ordinal)
    {
        ["SCNM"] = "SCNM",
        ["TCREE"] = "TCREE",
        ["SCPOS: RW"] = "SCPOS:RW",
        ["SCPOS: Adj & N"] = "SCPOS:N&Adj",
        ["SCPOS:N & Adj"] = "SCPOS:N&Adj",
        ["SCPOS: N"] = "SCPOS:N",
        ["SCPOS: Adj"] = "SCPOS:Adj",
        ["SCPOS:RW"] = "SCPOS:RW",
        ["SCPOS:N"] = "SCPOS:N",
        ["SCPOS:Adj"] = "SCPOS:Adj",
    };

    [SkippableFact]
    public void Should_hold_every_value_of_tables_2_to_4_as_printed()
    {
        var spec = RepositoryPaths.SharedPaperValues;
        Skip.If(spec is null, "shared/spec/paper-values.md not found (set MRE_SHARED or place the shared folder beside the repository).");
        var paper = PaperReference.Load(RepositoryPaths.PaperReference);
        var tables = ReadTables(File.ReadAllLines(spec!));
        var checkedCells = 0;

        foreach (var (table, rows) in tables.Where(t => t.Key is >= 2 and <= 4))
        {
            var (without, with) = PaperSchema.Conditions[table];
            var metric = table == 2 ? "f1" : "macro_f1";
            Assert.Equal(2, rows.Count);
            foreach (var (condition, row) in new[] { (without, rows[0]), (with, rows[1]) })
            {
                foreach (var (dataset, printed) in row)
                {
                    Assert.Equal(printed / 100.0, paper.Get(table, dataset, condition, metric)!.Value, 12);
                    checkedCells++;
                }
            }
        }

        Assert.Equal(3 * 2 * 6, checkedCells);
    }

    [SkippableFact]
    public void Should_hold_the_dataset_sizes_of_table_1()
    {
        var spec = RepositoryPaths.SharedPaperValues;
        Skip.If(spec is null, "shared/spec/paper-values.md not found (set MRE_SHARED or place the shared folder beside the repository).");
        var paper = PaperReference.Load(RepositoryPaths.PaperReference);

        var rows = File.ReadAllLines(spec!)
            .SkipWhile(l => !l.StartsWith("## Table 1", StringComparison.Ordinal))
            .TakeWhile(l => !l.StartsWith("## Table 2", StringComparison.Ordinal))
            .Where(l => l.StartsWith("| SC", StringComparison.Ordinal) || l.StartsWith("| TC", StringComparison.Ordinal))
            .Select(Cells)
            .ToList();

        Assert.Equal(6, rows.Count);
        foreach (var cells in rows)
        {
            var dataset = s_columns[cells[0]];
            Assert.Equal(double.Parse(cells[1], CultureInfo.InvariantCulture), paper.Get(1, dataset, PaperSchema.Split, "train_size"));
            Assert.Equal(double.Parse(cells[2], CultureInfo.InvariantCulture), paper.Get(1, dataset, PaperSchema.Split, "test_size"));
        }
    }

    [Fact]
    public void Should_keep_the_prose_claims_and_the_table_4_inconsistency()
    {
        var paper = PaperReference.Load(RepositoryPaths.PaperReference);

        Assert.Equal((3, 6), (paper.FindClaim(2, "f1")!.Helped, paper.FindClaim(2, "f1")!.Of));
        Assert.Equal((5, 6), (paper.FindClaim(3, "macro_f1")!.Helped, paper.FindClaim(3, "macro_f1")!.Of));
        var kv = paper.FindClaim(4, "macro_f1")!;
        Assert.Equal((5, 6), (kv.Helped, kv.Of));
        Assert.Contains("row labels were swapped", kv.Note);
        // As printed, KV is ahead only on TCREE: the file must not have swapped the rows.
        var ahead = paper.Datasets.Where(d => paper.Get(4, d, "kv", "macro_f1") > paper.Get(4, d, "without_kv", "macro_f1")).ToList();
        Assert.Equal(["TCREE"], ahead);
    }

    // Tables 2-4 of the spec: a header row of dataset columns, then two rows of printed scores.
    private static Dictionary<int, List<List<(string Dataset, double Value)>>> ReadTables(string[] lines)
    {
        var tables = new Dictionary<int, List<List<(string, double)>>>();
        int? table = null;
        string[]? header = null;
        foreach (var line in lines)
        {
            if (line.StartsWith("## Table ", StringComparison.Ordinal))
            {
                table = int.Parse(line.AsSpan(9, 1), CultureInfo.InvariantCulture);
                header = null;
                tables[table.Value] = [];
                continue;
            }

            if (table is null || !line.StartsWith('|') || line.StartsWith("|---", StringComparison.Ordinal))
            {
                continue;
            }

            var cells = Cells(line);
            if (header is null)
            {
                header = cells;
                continue;
            }

            if (table >= 2 && cells.Skip(1).All(c => double.TryParse(c, NumberStyles.Float, CultureInfo.InvariantCulture, out _)))
            {
                tables[table.Value].Add(cells.Skip(1)
                    .Select((c, i) => (s_columns[header[i + 1]], double.Parse(c, CultureInfo.InvariantCulture)))
                    .ToList());
            }
        }

        return tables;
    }

    private static string[] Cells(string line) =>
        line.Trim().Trim('|').Split('|').Select(c => c.Trim()).ToArray();
}
