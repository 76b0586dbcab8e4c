using System.ComponentModel;
using MreRepro.Reporting.Comparison;
using MreRepro.Reporting.Rendering;
using Spectre.Console;
using Spectre.Console.Cli;

namespace MreRepro.Cli.Commands;

/// <summary>
/// `mre sum-conclusions OUT PART...`: one run's conclusions from reports of parts of it over disjoint datasets, e.g.
/// a run made pair by pair (a planted dataset and its control) in sessions too short for the whole profile. Every
/// count of a report is a number of rows, dataset pairs or dataset-layers, and each row's interval is drawn with the
/// profile's bootstrap seed for that row alone, so the parts' counts add up to the whole run's.
/// </summary>
public sealed class SumConclusionsCommand : Command<SumConclusionsCommand.Settings>
{
    public sealed class Settings : CommandSettings
    {
        [CommandArgument(0, "<OUT>")]
        [Description("Where to write the summed conclusions.json (through a temporary file; an existing file is replaced).")]
        public string Output { get; init; } = "";

        [CommandArgument(1, "<PART>")]
        [Description("Two or more parts: each a conclusions.json, the report folder holding it, or a workspace (reports/conclusions.json). Their datasets must not overlap; the files cannot tell, so this is the caller's promise.")]
        public string[] Parts { get; init; } = [];

        public override ValidationResult Validate() =>
            Parts.Length < 2 ? ValidationResult.Error("give at least two parts to sum.") : ValidationResult.Success();
    }

    public override int Execute(CommandContext context, Settings settings, CancellationToken cancellationToken)
    {
        var parts = settings.Parts.Select(CompareRunsCommand.Resolve).Select(p => (Path: p, Counts: Conclusions.Read(p))).ToList();
        var sum = Sum(parts);
        Conclusions.Write(sum, settings.Output);
        AnsiConsole.MarkupLineInterpolated($"wrote {settings.Output}: {sum.Count} conclusions summed over {parts.Count} parts");
        return 0;
    }

    /// <summary>
    /// Adds the parts' counts key by key, in the first part's order, then keys that only later parts have (a part
    /// without rows of some kind, e.g. no Table 2 row split by text evidence, has no count for it).
    /// </summary>
    /// <exception cref="ReportInputException">Two parts word the same key differently (written by different report code).</exception>
    internal static IReadOnlyList<ConclusionCount> Sum(IReadOnlyList<(string Path, IReadOnlyList<ConclusionCount> Counts)> parts)
    {
        var sums = new Dictionary<string, ConclusionCount>(StringComparer.Ordinal);
        var order = new List<string>();
        foreach (var (path, counts) in parts)
        {
            foreach (var count in counts)
            {
                if (!sums.TryGetValue(count.Key, out var sum))
                {
                    sums[count.Key] = count;
                    order.Add(count.Key);
                    continue;
                }
                if (sum.Text != count.Text)
                {
                    throw new ReportInputException($"{path}: conclusion {count.Key} reads \"{count.Text}\" where an earlier part reads \"{sum.Text}\"; parts written by different report code cannot be summed.");
                }
                sums[count.Key] = sum with { Count = sum.Count + count.Count, Of = sum.Of + count.Of };
            }
        }
        return order.Select(k => sums[k]).ToList();
    }
}
