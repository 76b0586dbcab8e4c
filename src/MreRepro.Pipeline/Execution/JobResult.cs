using System.Text.Json;
using MreRepro.Files;
using MreRepro.Pipeline.Repro;

namespace MreRepro.Pipeline.Execution;

/// <summary>
/// A job's outcome as a file, written by the job when it ends (`mre repro --result FILE`): {"outcome": "ran",
/// "seconds": 12.3, "detail": "…"}. The coordinator reads it to learn what the job did; build.cake reads the same
/// format for its summary.
/// </summary>
public static class JobResult
{
    public static void Write(string path, StageOutcome outcome) =>
        AtomicFile.WriteAllText(path, JsonSerializer.Serialize(new
        {
            outcome = outcome.Kind.ToString().ToLowerInvariant(),
            seconds = outcome.Seconds,
            detail = string.Join("; ", outcome.Reasons),
        }));

    /// <summary>Writes several outcomes as a JSON array of the same objects, each with its instance name.</summary>
    public static void WriteAll(string path, IEnumerable<StageOutcome> outcomes) =>
        AtomicFile.WriteAllText(path, JsonSerializer.Serialize(outcomes.Select(o => new
        {
            name = o.Name,
            outcome = o.Kind.ToString().ToLowerInvariant(),
            seconds = o.Seconds,
            detail = string.Join("; ", o.Reasons),
        })));

    /// <summary>The outcomes of a file <see cref="WriteAll"/> wrote, in its order; empty when it is absent or cannot be read.</summary>
    public static IReadOnlyList<StageOutcome> ReadAll(string path)
    {
        try
        {
            using var doc = JsonDocument.Parse(File.ReadAllText(path));
            return doc.RootElement.EnumerateArray().Select(e => new StageOutcome(
                e.GetProperty("name").GetString() ?? "",
                Enum.Parse<OutcomeKind>(e.GetProperty("outcome").GetString() ?? "", ignoreCase: true),
                e.GetProperty("seconds").GetDouble(),
                [])).ToList();
        }
        catch (Exception e) when (e is JsonException or ArgumentException or KeyNotFoundException or InvalidOperationException or IOException)
        {
            return [];
        }
    }

    /// <summary>The outcome in the file, or null when there is none (yet) or it cannot be read.</summary>
    public static StageOutcome? Read(string path, string instance)
    {
        if (!File.Exists(path))
        {
            return null;
        }
        try
        {
            using var doc = JsonDocument.Parse(File.ReadAllText(path));
            var root = doc.RootElement;
            var kind = Enum.Parse<OutcomeKind>(root.GetProperty("outcome").GetString() ?? "", ignoreCase: true);
            var detail = root.TryGetProperty("detail", out var d) ? d.GetString() ?? "" : "";
            return new StageOutcome(instance, kind, root.GetProperty("seconds").GetDouble(), detail.Length > 0 ? [detail] : []);
        }
        catch (Exception e) when (e is JsonException or ArgumentException or KeyNotFoundException or InvalidOperationException or IOException)
        {
            return null;
        }
    }
}

/// <summary>What a job's log says about why it failed.</summary>
public static class JobLog
{
    /// <summary>The last line that states an error (not a stack frame), else the last non-empty line; null when the log is absent or empty.</summary>
    public static string? Why(string? path)
    {
        if (path is null || !File.Exists(path))
        {
            return null;
        }
        string[] lines;
        try
        {
            lines = File.ReadAllLines(path).Select(Clean).Where(l => l.Length > 0).ToArray();
        }
        catch (IOException)
        {
            return null;
        }
        // Our CLI prints "error: …"; .NET prints "Unhandled exception. System.X: …" followed by stack frames ("at …").
        var messages = lines.Where(l => !l.StartsWith("at ", StringComparison.Ordinal)).ToList();
        var line = messages.LastOrDefault(l => l.StartsWith("error", StringComparison.OrdinalIgnoreCase) || l.Contains("Exception: ", StringComparison.Ordinal))
                   ?? messages.LastOrDefault(l => l.Contains("error", StringComparison.OrdinalIgnoreCase))
                   ?? lines.LastOrDefault();
        return line is null ? null : line.Length > 240 ? line[..240] + "…" : line;
    }

    /// <summary>The last non-empty line of a log as it grows (a progress line), or null.</summary>
    public static string? LastLine(string? path)
    {
        if (path is null || !File.Exists(path))
        {
            return null;
        }
        try
        {
            using var stream = new FileStream(path, FileMode.Open, FileAccess.Read, FileShare.ReadWrite | FileShare.Delete);
            var tail = (int)Math.Min(stream.Length, 4096);
            stream.Seek(-tail, SeekOrigin.End);
            var buffer = new byte[tail];
            stream.ReadExactly(buffer);
            return System.Text.Encoding.UTF8.GetString(buffer).Split('\n', '\r').Select(Clean).LastOrDefault(l => l.Length > 0);
        }
        catch (IOException)
        {
            return null;
        }
    }

    // Drops ANSI escape sequences a stage may print.
    private static string Clean(string line) =>
        System.Text.RegularExpressions.Regex.Replace(line, @"\x1B\[[0-9;?]*[ -/]*[@-~]", "").Trim();
}
