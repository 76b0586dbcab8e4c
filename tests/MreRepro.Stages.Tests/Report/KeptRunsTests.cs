using MreRepro.Reporting.Comparison;
using MreRepro.Stages.Tests.Split;
using MreRepro.TestSupport;

namespace MreRepro.Stages.Tests.Report;

/// <summary>
/// The default runs kept in git under reports/runs, each made pair by pair: the README compares runs through each
/// folder's summed conclusions.json, so that file must be what `mre sum-conclusions` makes of the parts beside it, and
/// every part must keep the report its counts came from.
/// </summary>
public sealed class KeptRunsTests
{
    private static readonly string RunsFolder = Path.Combine(Repository.Root, "reports", "runs");

    /// <summary>The kept runs that have a summed conclusions.json (a folder of parts alone, kept for a comparison, has none).</summary>
    public static TheoryData<string> SummedRuns()
    {
        var runs = new TheoryData<string>();
        foreach (var run in Directory.EnumerateDirectories(RunsFolder).Order(StringComparer.Ordinal))
        {
            if (File.Exists(Path.Combine(run, "conclusions.json")))
            {
                runs.Add(Path.GetFileName(run));
            }
        }
        return runs;
    }

    [Fact]
    public void Should_keep_at_least_two_summed_runs_to_compare()
    {
        Assert.True(SummedRuns().Count >= 2, $"fewer than two runs with a summed conclusions.json under {RunsFolder}");
    }

    [SkippableTheory]
    [MemberData(nameof(SummedRuns))]
    public void Should_keep_a_sum_equal_to_the_sum_of_the_parts_beside_it(string run)
    {
        Skip.IfNot(MreProcess.Available, MreProcess.Missing);
        var folder = Path.Combine(RunsFolder, run);
        var parts = Directory.EnumerateDirectories(folder).Order(StringComparer.Ordinal).ToList();
        foreach (var part in parts)
        {
            Assert.True(File.Exists(Path.Combine(part, "conclusions.json")), $"{part}: no conclusions.json");
            Assert.True(File.Exists(Path.Combine(part, "report.md")), $"{part}: no report.md beside its conclusions.json");
        }
        using var temp = new TempFolder();

        var sum = MreProcess.Run(temp.Path, ["sum-conclusions", temp.PathOf("summed.json"), .. parts]);

        Assert.True(sum.ExitCode == 0, sum.ToString());
        var kept = Conclusions.Read(Path.Combine(folder, "conclusions.json"));
        Assert.Equal(Conclusions.Read(temp.PathOf("summed.json")), kept);
        // Six pairs (twelve datasets): each count over the planted rows is out of 6.
        Assert.Equal(6, parts.Count);
        Assert.Equal(6, kept.Single(c => c.Key == "table3.main.gain_positive").Of);
    }
}
