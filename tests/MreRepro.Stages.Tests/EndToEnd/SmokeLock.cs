using System.Text.Json;
using MreRepro.Pipeline.Dvc;
using MreRepro.Pipeline.Repro;

namespace MreRepro.Stages.Tests.EndToEnd;

/// <summary>
/// Compares another run of the smoke profile with the shared first run: the same dvc.lock (every dependency, parameter
/// and output hash) and the same report tables.
/// </summary>
public static class SmokeLock
{
    public const string LockPath = "stages/smoke/dvc.lock";

    public static string ReportTables(string root)
    {
        var report = File.ReadAllText(Path.Combine(root, "reports", "smoke", "report.md"));
        return report[..report.IndexOf("\n## Run", StringComparison.Ordinal)];
    }

    /// <summary>
    /// The lock as text with the report's output hashes blanked: the report carries run facts (timings), so its
    /// bytes differ between any two runs; its tables are compared separately.
    /// </summary>
    public static string WithoutReportOutputs(string lockText)
    {
        var doc = YamlReader.Read(lockText);
        if ((doc["stages"] as YamlMap)?["report"] is YamlMap report && report["outs"] is List<object?> outs)
        {
            foreach (var output in outs.OfType<YamlMap>())
            {
                output["md5"] = "(run facts differ)";
                output["size"] = 0L;
            }
        }
        return YamlWriter.Write(doc);
    }

    public static void AssertSameLockAndTables(SmokeRun first, string root)
    {
        var actual = File.ReadAllText(Path.Combine(root, LockPath));
        Assert.Equal(WithoutReportOutputs(first.Lock), WithoutReportOutputs(actual));
        Assert.Equal(first.Tables, ReportTables(root));
    }
}

/// <summary>The CLI as a user runs it, in a workspace (build/mre there links to this checkout's build).</summary>
internal static class Mre
{
    public sealed record Result(int Code, string Output);

    public static Result Run(string root, params string[] args)
    {
        // A wide console, so that Spectre does not wrap the lines tests look for.
        var run = TestProcess.Run(Path.Combine(root, "build", "mre"), args, root, new Dictionary<string, string> { ["COLUMNS"] = "200" });
        return new Result(run.Code, run.Output);
    }

    /// <summary>The outcomes `mre repro --all --result FILE` wrote, by instance.</summary>
    public static Dictionary<string, (OutcomeKind Kind, string Detail)> Outcomes(string resultFile)
    {
        using var doc = JsonDocument.Parse(File.ReadAllText(resultFile));
        return doc.RootElement.EnumerateArray().ToDictionary(
            e => e.GetProperty("name").GetString()!,
            e => (Enum.Parse<OutcomeKind>(e.GetProperty("outcome").GetString()!, ignoreCase: true), e.GetProperty("detail").GetString()!));
    }
}
