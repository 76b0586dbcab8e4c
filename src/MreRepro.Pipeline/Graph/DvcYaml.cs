using MreRepro.Pipeline.Dvc;

namespace MreRepro.Pipeline.Graph;

/// <summary>dvc.yaml: written from stage templates (foreach/matrix kept in DVC's form) and read back.</summary>
public static class DvcYaml
{
    public static string Write(IEnumerable<StageTemplate> templates)
    {
        var stages = new YamlMap();
        foreach (var t in templates)
        {
            var body = Body(t);
            if (t.Foreach is { } items)
            {
                object? foreachValue = items.All(i => i.Fields is null)
                    ? items.Select(i => (object?)i.Key).ToList()
                    : new YamlMap(items.Select(i => new KeyValuePair<string, object?>(i.Key,
                        new YamlMap(i.Fields!.Select(f => new KeyValuePair<string, object?>(f.Key, f.Value))))));
                stages.Add(t.Name, new YamlMap { { "foreach", foreachValue }, { "do", body } });
            }
            else
            {
                if (t.Matrix is { } axes)
                {
                    body.Insert(0, new("matrix", new YamlMap(axes.Select(a =>
                        new KeyValuePair<string, object?>(a.Key, a.Value.Select(v => (object?)v).ToList())))));
                }
                stages.Add(t.Name, body);
            }
        }
        return YamlWriter.Write(new YamlMap { { "stages", stages } });
    }

    private static YamlMap Body(StageTemplate t)
    {
        var body = new YamlMap { { "cmd", t.Cmd } };
        if (t.Desc is not null) body.Add("desc", t.Desc);
        if (t.Deps.Count > 0) body.Add("deps", t.Deps.Select(d => (object?)d).ToList());
        if (t.Params.Count > 0) body.Add("params", t.Params.Select(p => (object?)p).ToList());
        foreach (var (kind, key) in new[] { (OutputKind.Out, "outs"), (OutputKind.Metric, "metrics"), (OutputKind.Plot, "plots") })
        {
            var outs = t.Outs.Where(o => o.Kind == kind).ToList();
            if (outs.Count > 0)
            {
                body.Add(key, outs.Select(o => o.Cache
                    ? (object?)o.Path
                    : new YamlMap { { o.Path, new YamlMap { { "cache", false } } } }).ToList());
            }
        }
        return body;
    }

    public static IReadOnlyList<StageTemplate> Read(string path)
    {
        var doc = YamlReader.ReadFile(path);
        var stages = doc["stages"] as YamlMap ?? throw new PipelineException($"{path}: no `stages:` mapping.");
        return stages.Select(kv => ReadStage(path, kv.Key, kv.Value as YamlMap
            ?? throw new PipelineException($"{path}: stage {kv.Key} is not a mapping."))).ToList();
    }

    private static StageTemplate ReadStage(string path, string name, YamlMap stage)
    {
        if (stage["foreach"] is { } foreachValue)
        {
            var body = stage["do"] as YamlMap ?? throw new PipelineException($"{path}: stage {name} has foreach but no do.");
            var items = foreachValue switch
            {
                List<object?> list => list.Select(v => new ForeachItem(YamlWriter.Scalar(v))).ToList(),
                YamlMap map => map.Select(kv => new ForeachItem(kv.Key, (kv.Value as YamlMap)?
                    .ToDictionary(f => f.Key, f => f.Value is string s ? s : YamlWriter.Scalar(f.Value)))).ToList(),
                _ => throw new PipelineException($"{path}: stage {name}: foreach must be a list or a mapping."),
            };
            return ReadBody(path, name, body) with { Foreach = items };
        }
        var template = ReadBody(path, name, stage);
        if (stage["matrix"] is YamlMap matrix)
        {
            template = template with
            {
                Matrix = matrix.Select(a => new KeyValuePair<string, IReadOnlyList<string>>(a.Key,
                    // A value's text, as DVC interpolates it: '42' (quoted on write) and 42 both name instances "…-42".
                    (a.Value as List<object?> ?? []).Select(v => v is string s ? s : YamlWriter.Scalar(v)).ToList())).ToList(),
            };
        }
        return template;
    }

    private static StageTemplate ReadBody(string path, string name, YamlMap body)
    {
        List<string> Strings(string key) => (body[key] as List<object?> ?? []).Select(v => v is string s ? s
            : throw new PipelineException($"{path}: stage {name}: {key} entries must be strings.")).ToList();
        var outs = new List<OutputSpec>();
        foreach (var (kind, key) in new[] { (OutputKind.Out, "outs"), (OutputKind.Metric, "metrics"), (OutputKind.Plot, "plots") })
        {
            foreach (var entry in body[key] as List<object?> ?? [])
            {
                outs.Add(entry switch
                {
                    string s => new OutputSpec(s, kind),
                    YamlMap { Count: 1 } m => new OutputSpec(m[0].Key, kind, !((m[0].Value as YamlMap)?["cache"] is false)),
                    _ => throw new PipelineException($"{path}: stage {name}: bad {key} entry."),
                });
            }
        }
        var cmd = body["cmd"] as string ?? throw new PipelineException($"{path}: stage {name} has no cmd.");
        return new StageTemplate(name, cmd, Strings("deps"), Strings("params"), outs, body["desc"] as string);
    }
}
