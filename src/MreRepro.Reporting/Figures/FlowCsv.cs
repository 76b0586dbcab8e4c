using MreRepro.Domain.Saliency;
using MreRepro.Files;
using MreRepro.Reporting.Model;

namespace MreRepro.Reporting.Figures;

/// <summary>Writes the report's per-layer proportions as CSV that `dvc plots show` reads (<see cref="FlowCsvFormat"/>, as the saliency stage's flow.csv).</summary>
public static class FlowCsv
{
    /// <summary>Column names, in order.</summary>
    public static IReadOnlyList<string> Header => FlowCsvFormat.Header;

    /// <summary>One row per dataset and layer; values in shortest round-trip form, an empty field for a missing value; LF line ends.</summary>
    public static void Write(IReadOnlyList<FlowPanel> panels, string path)
    {
        ArgumentNullException.ThrowIfNull(panels);
        foreach (var panel in panels)
        {
            panel.Validate();
        }
        var rows = panels.SelectMany(p => p.Layers.Select((layer, i) => new FlowCsvFormat.Row(p.Dataset, layer, p.Swp[i], p.Spq[i], p.Sww[i])));
        AtomicFile.WriteAllText(path, FlowCsvFormat.Text(rows));
    }
}
