using System.ComponentModel;
using MreRepro.Reporting.Comparison;
using Spectre.Console;
using Spectre.Console.Cli;

namespace MreRepro.Cli.Commands;

/// <summary>
/// `mre compare-runs A B`: the conclusions of two runs side by side (every "k of n" count of their reports, from
/// conclusions.json), e.g. two default runs with disjoint seed sets. Exit 0 when every count agrees within the
/// tolerance, 1 otherwise.
/// </summary>
public sealed class CompareRunsCommand : Command<CompareRunsCommand.Settings>
{
    public sealed class Settings : CommandSettings
    {
        [CommandArgument(0, "<FIRST>")]
        [Description("The first run: its conclusions.json, the report folder holding it, or a workspace (reports/conclusions.json).")]
        public string First { get; init; } = "";

        [CommandArgument(1, "<SECOND>")]
        [Description("The second run, given the same way.")]
        public string Second { get; init; } = "";

        [CommandOption("--tolerance <N>")]
        [Description("Largest difference between two counts that still agrees. Default: 1 (issue 13: every \"k of 6\" within ±1)")]
        [DefaultValue(1)]
        public int Tolerance { get; init; } = 1;

        public override ValidationResult Validate() =>
            Tolerance < 0 ? ValidationResult.Error("--tolerance must be 0 or more.") : ValidationResult.Success();
    }

    public override int Execute(CommandContext context, Settings settings, CancellationToken cancellationToken)
    {
        var first = Resolve(settings.First);
        var second = Resolve(settings.Second);
        var rows = ConclusionDifference.Compare(Conclusions.Read(first), Conclusions.Read(second), settings.Tolerance);
        var table = new Table().AddColumns("Conclusion", "First", "Second", "Agrees");
        foreach (var row in rows)
        {
            table.AddRow(Markup.Escape(row.Text), Cell(row.First), Cell(row.Second), row.Agrees ? "yes" : "[red]no[/]");
        }
        AnsiConsole.MarkupLineInterpolated($"First: {first}");
        AnsiConsole.MarkupLineInterpolated($"Second: {second}");
        AnsiConsole.Write(table);
        var differing = rows.Count(r => !r.Agrees);
        AnsiConsole.MarkupLineInterpolated($"{rows.Count - differing} of {rows.Count} conclusions agree within ±{settings.Tolerance}; {differing} do not.");
        return differing == 0 ? 0 : 1;
    }

    private static string Cell(ConclusionCount? count) => count is null ? "—" : $"{count.Count} of {count.Of}";

    /// <summary>A conclusions.json given as the file, the report folder holding it, or a workspace.</summary>
    internal static string Resolve(string path)
    {
        foreach (var candidate in new[] { path, Path.Combine(path, Conclusions.FileName), Path.Combine(path, "reports", Conclusions.FileName) })
        {
            if (File.Exists(candidate))
            {
                return candidate;
            }
        }
        throw new FileNotFoundException($"{path}: no {Conclusions.FileName} there, nor in {Path.Combine(path, "reports")} (run the report stage first).");
    }
}
