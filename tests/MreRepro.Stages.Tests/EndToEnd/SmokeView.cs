using System.Text;
using System.Text.RegularExpressions;

namespace MreRepro.Stages.Tests.EndToEnd;

/// <summary>
/// The part of the smoke report that is the same on every machine: Table 1 as written (the split is integer
/// sampling), the layout of Tables 2–4 with every score masked (trained numbers differ between CPU types), the
/// figure sections, and which of the smoke properties hold.
/// </summary>
public static partial class SmokeView
{
    public static string From(string reportMarkdown, IReadOnlyList<SmokeProperty> properties)
    {
        var view = new StringBuilder();
        var lines = reportMarkdown.Replace("\r\n", "\n").Split('\n');
        var section = "";
        var inTableBody = false;
        foreach (var line in lines)
        {
            if (line.StartsWith("## ", StringComparison.Ordinal) || line.StartsWith("### ", StringComparison.Ordinal))
            {
                section = line;
                if (line.StartsWith("## Run", StringComparison.Ordinal))
                {
                    break;
                }
                view.Append(line).Append('\n');
                continue;
            }
            var isTable = line.StartsWith('|');
            if (!isTable)
            {
                inTableBody = false;
                if (line.StartsWith("![", StringComparison.Ordinal) || line.StartsWith("[SVG", StringComparison.Ordinal))
                {
                    view.Append(line).Append('\n');
                }
                continue;
            }
            var exact = section.StartsWith("## Table 1", StringComparison.Ordinal);
            view.Append(exact || !inTableBody ? line : Number().Replace(line, "#")).Append('\n');
            inTableBody |= line.StartsWith("|---", StringComparison.Ordinal);
        }
        view.Append("\n## Properties\n\n");
        foreach (var p in properties)
        {
            view.Append(p.Holds ? "- holds: " : "- DOES NOT HOLD: ").Append(p.Statement).Append('\n');
        }
        return view.ToString();
    }

    // Standalone numbers only: "F1" and "macro-F1" stay.
    [GeneratedRegex(@"(?<!\w)[+-]?\d+(?:\.\d+)?")]
    private static partial Regex Number();
}
