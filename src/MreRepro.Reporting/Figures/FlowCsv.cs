using System.Globalization;
using System.Text;
using MreRepro.Files;
using MreRepro.Reporting.Model;

namespace MreRepro.Reporting.Figures;

/// <summary>Writes the per-layer proportions as CSV that `dvc plots show` reads: a header and the same five keys on every row.</summary>
public static class FlowCsv
{
    /// <summary>Column names, in order.</summary>
    public static readonly string[] Header = ["dataset", "layer", "s_wp", "s_pq", "s_ww"];

    /// <summary>One row per dataset and layer; values in shortest round-trip form, an empty field for a missing value; LF line ends.</summary>
    public static void Write(IReadOnlyList<FlowPanel> panels, string path)
    {
        ArgumentNullException.ThrowIfNull(panels);
        var text = new StringBuilder();
        text.Append(string.Join(',', Header)).Append('\n');
        foreach (var panel in panels)
        {
            panel.Validate();
            for (var i = 0; i < panel.Layers.Count; i++)
            {
                text.Append(Quote(panel.Dataset)).Append(',')
                    .Append(panel.Layers[i].ToString(CultureInfo.InvariantCulture)).Append(',')
                    .Append(Number(panel.Swp[i])).Append(',')
                    .Append(Number(panel.Spq[i])).Append(',')
                    .Append(Number(panel.Sww[i])).Append('\n');
            }
        }

        AtomicFile.WriteAllText(path, text.ToString());
    }

    private static string Number(double? value) => value?.ToString("R", CultureInfo.InvariantCulture) ?? string.Empty;

    // RFC 4180: quote a field holding a comma, quote or line break, doubling inner quotes.
    private static string Quote(string field) =>
        field.IndexOfAny([',', '"', '\n', '\r']) < 0 ? field : "\"" + field.Replace("\"", "\"\"", StringComparison.Ordinal) + "\"";
}
