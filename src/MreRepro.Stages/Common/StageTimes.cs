using System.Text.Json;
using MreRepro.Files;

namespace MreRepro.Stages.Common;

/// <summary>How long each stage instance took and whether it ran, was skipped or restored (for the report's run facts).</summary>
public static class StageTimes
{
    public sealed record Entry(string Outcome, double Seconds);

    public static string PathFor(string root, string profile) => Path.Combine(root, ".dvc", "tmp", $"stage-times-{profile}.json");

    public static void Record(string root, string profile, string instance, string outcome, double seconds)
    {
        var all = Read(root, profile);
        // A skip keeps the time of the run that made the outputs.
        all[instance] = outcome == "skipped" && all.TryGetValue(instance, out var previous) ? previous with { Outcome = "cached" } : new Entry(outcome, seconds);
        AtomicFile.WriteAllText(PathFor(root, profile), JsonSerializer.Serialize(all));
    }

    public static Dictionary<string, Entry> Read(string root, string profile)
    {
        var path = PathFor(root, profile);
        try
        {
            return File.Exists(path) ? JsonSerializer.Deserialize<Dictionary<string, Entry>>(File.ReadAllText(path)) ?? new() : new();
        }
        catch (JsonException)
        {
            return new();
        }
    }
}
