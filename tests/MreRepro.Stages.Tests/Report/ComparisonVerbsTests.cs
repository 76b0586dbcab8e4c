using MreRepro.Reporting.Comparison;
using MreRepro.Stages.Tests.Split;
using MreRepro.TestSupport;

namespace MreRepro.Stages.Tests.Report;

/// <summary>
/// `mre sum-conclusions` and `mre compare-runs` as a user runs them: a run made in parts over disjoint datasets is
/// summed into one conclusions.json and compared with another run.
/// </summary>
public sealed class ComparisonVerbsTests
{
    private static ConclusionCount Count(string key, int count, int of) => new(key, $"{key} in words", count, of);

    [SkippableFact]
    public void Should_sum_parts_key_by_key_and_compare_the_sum_with_another_run()
    {
        Skip.IfNot(MreProcess.Available, MreProcess.Missing);
        using var folder = new TempFolder();
        Directory.CreateDirectory(folder.PathOf("a"));
        // Two pairs of datasets, then one: the keys of the first part in order, then a key only the second has.
        Conclusions.Write([Count("table2.main.gain_positive", 2, 2), Count("figure4.spq.planted_larger", 1, 2)], folder.PathOf("a/conclusions.json"));
        Directory.CreateDirectory(folder.PathOf("b/reports"));
        Conclusions.Write([Count("figure4.spq.planted_larger", 1, 1), Count("table2.main.gain_positive", 0, 1), Count("table2.main.text_reveals_label.gain_positive", 1, 1)],
            folder.PathOf("b/reports/conclusions.json"));
        Conclusions.Write([Count("table2.main.gain_positive", 3, 3), Count("figure4.spq.planted_larger", 3, 3), Count("table2.main.text_reveals_label.gain_positive", 1, 1)],
            folder.PathOf("other.json"));

        // A part given as its file and as a workspace; the output's folder exists.
        var sum = MreProcess.Run(folder.Path, "sum-conclusions", "summed.json", "a/conclusions.json", "b");
        var same = MreProcess.Run(folder.Path, "compare-runs", "summed.json", "other.json");
        var strict = MreProcess.Run(folder.Path, "compare-runs", "summed.json", "other.json", "--tolerance", "0");

        Assert.True(sum.ExitCode == 0, sum.ToString());
        Assert.Contains("3 conclusions summed over 2 parts", sum.Stdout);
        Assert.Equal(
            [Count("table2.main.gain_positive", 2, 3), Count("figure4.spq.planted_larger", 2, 3), Count("table2.main.text_reveals_label.gain_positive", 1, 1)],
            Conclusions.Read(folder.PathOf("summed.json")));
        Assert.Equal([], Directory.EnumerateFiles(folder.Path).Select(Path.GetFileName).Where(n => n!.Contains(".tmp")));
        Assert.True(same.ExitCode == 0, same.ToString());
        Assert.Contains("3 of 3 conclusions agree within ±1; 0 do not.", same.Stdout);
        Assert.True(strict.ExitCode == 1, strict.ToString());
        Assert.Contains("1 of 3 conclusions agree within ±0; 2 do not.", strict.Stdout);
    }

    [SkippableFact]
    public void Should_refuse_one_part_and_parts_from_different_report_code()
    {
        Skip.IfNot(MreProcess.Available, MreProcess.Missing);
        using var folder = new TempFolder();
        Conclusions.Write([Count("table3.main.gain_positive", 1, 1)], folder.PathOf("a.json"));
        Conclusions.Write([new ConclusionCount("table3.main.gain_positive", "worded otherwise", 1, 1)], folder.PathOf("b.json"));

        var one = MreProcess.Run(folder.Path, "sum-conclusions", "summed.json", "a.json");
        var mixed = MreProcess.Run(folder.Path, "sum-conclusions", "summed.json", "a.json", "b.json");
        var missing = MreProcess.Run(folder.Path, "sum-conclusions", "summed.json", "a.json", "nowhere");

        Assert.NotEqual(0, one.ExitCode);
        Assert.Contains("give at least two parts to sum", one.Stdout + one.Stderr);
        Assert.True(mixed.ExitCode == 1, mixed.ToString());
        Assert.StartsWith("error: b.json: conclusion table3.main.gain_positive reads \"worded otherwise\"", mixed.Stderr);
        Assert.True(missing.ExitCode == 1, missing.ToString());
        Assert.StartsWith("error: nowhere: no conclusions.json there", missing.Stderr);
        Assert.DoesNotContain("   at ", mixed.Stderr + missing.Stderr);
        Assert.False(File.Exists(folder.PathOf("summed.json")));
    }
}
