using System.Globalization;
using System.Text;

namespace MreRepro.Domain.Saliency;

/// <summary>
/// The per-layer flow table as the CSV `dvc plots show` reads: a header and the same five keys on every row, values
/// in shortest round-trip form, an empty field for a missing value, LF line ends. The saliency stage's flow.csv and
/// the report's figure CSVs are both written with it.
/// </summary>
public static class FlowCsvFormat
{
    /// <summary>Column names, in order.</summary>
    public static readonly string[] Header = ["dataset", "layer", "s_wp", "s_pq", "s_ww"];

    /// <summary>One dataset's values at one layer.</summary>
    public sealed record Row(string Dataset, int Layer, double? Swp, double? Spq, double? Sww);

    /// <summary>The rows of one dataset from a [3, layers] array whose rows are S_wp, S_pq, S_ww.</summary>
    public static IEnumerable<Row> Rows(string dataset, double[,] flows) =>
        Enumerable.Range(0, flows.GetLength(1)).Select(l => new Row(dataset, l, flows[0, l], flows[1, l], flows[2, l]));

    public static string Text(IEnumerable<Row> rows)
    {
        var text = new StringBuilder();
        text.Append(string.Join(',', Header)).Append('\n');
        foreach (var row in rows)
        {
            text.Append(Quote(row.Dataset)).Append(',')
                .Append(row.Layer.ToString(CultureInfo.InvariantCulture)).Append(',')
                .Append(Number(row.Swp)).Append(',')
                .Append(Number(row.Spq)).Append(',')
                .Append(Number(row.Sww)).Append('\n');
        }
        return text.ToString();
    }

    private static string Number(double? value) => value?.ToString("R", CultureInfo.InvariantCulture) ?? string.Empty;

    // RFC 4180: quote a field holding a comma, quote or line break, doubling inner quotes.
    private static string Quote(string field) =>
        field.IndexOfAny([',', '"', '\n', '\r']) < 0 ? field : "\"" + field.Replace("\"", "\"\"", StringComparison.Ordinal) + "\"";
}
