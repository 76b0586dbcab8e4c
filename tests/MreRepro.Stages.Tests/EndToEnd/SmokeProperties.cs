using System.Globalization;
using System.Text.Json;

namespace MreRepro.Stages.Tests.EndToEnd;

/// <summary>One checked statement about a smoke run: stable across machines when it holds with a margin.</summary>
public sealed record SmokeProperty(string Statement, bool Holds, string Measured);

/// <summary>
/// What a working pipeline shows on the smoke profile and a broken one would not: the planted data is learnt at
/// both levels, answers parse, no table is all zeros, the knowledgeable verbalizer is not the manual one, and the
/// information flows are non-zero wherever the model can carry them.
/// </summary>
public static class SmokeProperties
{
    /// <summary>Chance accuracy of SCNM's five text-level classes.</summary>
    private const double Chance = 0.2;

    public static IReadOnlyList<SmokeProperty> Read(SmokeRun run)
    {
        var properties = new List<SmokeProperty>();
        var wli = Metrics(run, "evaluate/SCNM-wli");
        var tl = Metrics(run, "evaluate/SCNM-tl");
        properties.Add(AtLeast("SCNM (planted), Text+WLI: text-level accuracy at least 40% (chance 20%)", wli.Accuracy, 0.4));
        properties.Add(AtLeast("SCNM (planted), Text only: text-level accuracy above chance (20%)", tl.Accuracy, Chance + 0.05));
        foreach (var condition in new[] { "wl", "tli" })
        {
            var m = Metrics(run, $"evaluate/SCNM-{condition}");
            properties.Add(AtLeast($"SCNM (planted), {(condition == "wl" ? "Text only" : "Text+TLI")}: word-level F1 above zero", m.F1, 0.01));
        }
        foreach (var dataset in new[] { "SCNM", "SCNM-ctrl" })
        {
            foreach (var condition in new[] { "wl", "tli", "tl", "wli" })
            {
                var m = Metrics(run, $"evaluate/{dataset}-{condition}");
                properties.Add(new($"{dataset}-{condition}: at most a quarter of the answers unparseable", m.Unparseable * 4 <= m.Samples, $"{m.Unparseable} of {m.Samples}"));
            }
        }
        properties.Add(AtLeast("Table 2 (word-level F1) has a non-zero score", Max(run, "f1", "wl", "tli"), 1e-9));
        properties.Add(AtLeast("Table 3 (text-level accuracy) has a non-zero score", Max(run, "accuracy", "tl", "wli"), 1e-9));
        properties.Add(AtLeast("Table 4 (few-shot accuracy) has a non-zero score",
            new[] { "SCNM-manual", "SCNM-kv", "SCNM-ctrl-manual", "SCNM-ctrl-kv" }.Max(v => Number(run, $"verbalizer/{v}/metrics.json", "accuracy")), 1e-9));
        var manual = Predictions(run, "verbalizer/SCNM-manual");
        var kv = Predictions(run, "verbalizer/SCNM-kv");
        var differing = manual.Zip(kv).Count(p => p.First != p.Second);
        properties.Add(new("SCNM (planted): the knowledgeable verbalizer predicts differently from the manual one", differing > 0, $"{differing} of {manual.Count} predictions differ"));
        foreach (var instance in new[] { "SCNM-tli", "SCNM-wli", "SCNM-ctrl-tli", "SCNM-ctrl-wli" })
        {
            properties.Add(Flows(run, instance));
        }
        return properties;
    }

    private sealed record EvaluationNumbers(double? F1, double? Accuracy, int Unparseable, int Samples);

    private static EvaluationNumbers Metrics(SmokeRun run, string folder)
    {
        using var json = JsonDocument.Parse(File.ReadAllText(run.Stage(Path.Combine(folder, "metrics.json"))));
        var r = json.RootElement;
        return new(Optional(r, "f1"), Optional(r, "accuracy"), r.GetProperty("unparseable").GetInt32(), r.GetProperty("samples").GetInt32());
    }

    private static double Max(SmokeRun run, string metric, params string[] conditions) =>
        new[] { "SCNM", "SCNM-ctrl" }.SelectMany(d => conditions.Select(c => Number(run, $"evaluate/{d}-{c}/metrics.json", metric))).Max();

    private static double Number(SmokeRun run, string file, string name)
    {
        using var json = JsonDocument.Parse(File.ReadAllText(run.Stage(file)));
        return Optional(json.RootElement, name) ?? double.NaN;
    }

    private static double? Optional(JsonElement e, string name) =>
        e.TryGetProperty(name, out var v) && v.ValueKind == JsonValueKind.Number ? v.GetDouble() : null;

    private static List<string?> Predictions(SmokeRun run, string folder) =>
        File.ReadLines(run.Stage(Path.Combine(folder, "predictions.jsonl")))
            .Select(l => JsonDocument.Parse(l).RootElement.GetProperty("predicted").GetString()).ToList();

    /// <summary>
    /// In the last layer only the target's row of attention reaches the loss, so S_wp (flow into the information
    /// words) is exactly zero there; everywhere else each flow must be positive.
    /// </summary>
    private static SmokeProperty Flows(SmokeRun run, string instance)
    {
        using var json = JsonDocument.Parse(File.ReadAllText(run.Stage($"saliency/{instance}/summary.json")));
        var raw = json.RootElement.GetProperty("raw_means");
        double[] Row(string key) => raw.GetProperty(key).EnumerateArray().Select(v => v.GetDouble()).ToArray();
        var (wp, pq, ww) = (Row("s_wp"), Row("s_pq"), Row("s_ww"));
        var last = wp.Length - 1;
        var holds = wp.Length == 2 && pq.All(v => v > 0) && ww.All(v => v > 0) && wp.Take(last).All(v => v > 0) && wp[last] == 0;
        return new($"saliency {instance}: S_pq and S_ww positive in both layers, S_wp positive before the last layer and zero in it", holds,
            string.Create(CultureInfo.InvariantCulture, $"S_wp [{string.Join(", ", wp)}], S_pq [{string.Join(", ", pq)}], S_ww [{string.Join(", ", ww)}]"));
    }

    private static SmokeProperty AtLeast(string statement, double? value, double threshold) =>
        new(statement, value >= threshold, value?.ToString("0.####", CultureInfo.InvariantCulture) ?? "missing");
}
