using System.Text.Json;
using MreRepro.Files;

namespace MreRepro.Stages.Common;

/// <summary>How long each stage instance took and whether it ran, was skipped or restored (for the report's run facts).</summary>
public static class StageTimes
{
    public sealed record Entry(string Outcome, double Seconds);

    public static string PathFor(string root, string profile) => Path.Combine(root, ".dvc", "tmp", $"stage-times-{profile}.json");

    /// <summary>One file per instance, so jobs that finish at the same moment (threads, processes, nodes) never overwrite each other's.</summary>
    public static string FolderFor(string root, string profile) => Path.Combine(root, ".dvc", "tmp", $"stage-times-{profile}");

    public static void Record(string root, string profile, string instance, string outcome, double seconds)
    {
        var all = Read(root, profile);
        // A skip keeps the time of the run that made the outputs.
        var entry = outcome == "skipped" && all.TryGetValue(instance, out var previous) ? previous with { Outcome = "cached" } : new Entry(outcome, seconds);
        AtomicFile.WriteAllText(Path.Combine(FolderFor(root, profile), instance.Replace('/', '_') + ".json"),
            JsonSerializer.Serialize(new Dictionary<string, Entry> { [instance] = entry }));
    }

    public static Dictionary<string, Entry> Read(string root, string profile)
    {
        var all = ReadFile(PathFor(root, profile));   // the single file earlier versions wrote
        var folder = FolderFor(root, profile);
        if (Directory.Exists(folder))
        {
            foreach (var file in Directory.EnumerateFiles(folder, "*.json"))
            {
                foreach (var (instance, entry) in ReadFile(file))
                {
                    all[instance] = entry;
                }
            }
        }
        return all;
    }

    private static Dictionary<string, Entry> ReadFile(string path)
    {
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
