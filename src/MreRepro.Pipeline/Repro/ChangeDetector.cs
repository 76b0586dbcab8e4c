using MreRepro.Pipeline.Dvc;
using MreRepro.Pipeline.Graph;

namespace MreRepro.Pipeline.Repro;

/// <summary>DVC's `changed()`: command, then dependencies by hash, then parameters by value, then outputs.</summary>
public sealed class ChangeDetector(Workspace workspace)
{
    private ParamsFile? _params;

    public StageStatus Check(StageInstance stage, LockEntry? locked)
    {
        if (locked is null)
        {
            return new StageStatus(stage.Name, true, ["never ran (no dvc.lock entry)"], false);
        }
        var reasons = new List<string>();
        if (locked.Cmd != stage.Cmd)
        {
            reasons.Add("cmd changed");
        }
        var lockedDeps = locked.Deps.ToDictionary(d => d.Path);
        foreach (var dep in stage.Deps)
        {
            if (!lockedDeps.TryGetValue(dep, out var recorded))
            {
                reasons.Add($"dep {dep} added");
                continue;
            }
            var now = workspace.Hash(dep);
            if (now is null)
            {
                reasons.Add($"dep {dep} missing");
            }
            else if (now.Md5 != recorded.Hash.Md5)
            {
                reasons.Add($"dep {dep} modified");
            }
        }
        reasons.AddRange(lockedDeps.Keys.Except(stage.Deps).Select(d => $"dep {d} removed"));
        reasons.AddRange(ParamChanges(stage, locked));
        var outReasons = new List<string>();
        var lockedOuts = locked.Outs.ToDictionary(o => o.Path);
        var restorable = true;
        foreach (var output in stage.Outs.Where(o => o.Cache))
        {
            if (!lockedOuts.TryGetValue(output.Path, out var recorded))
            {
                outReasons.Add($"out {output.Path} added");
                restorable = false;
                continue;
            }
            var now = workspace.Hash(output.Path);
            if (now is null || now.Md5 != recorded.Hash.Md5)
            {
                outReasons.Add(now is null ? $"out {output.Path} missing" : $"out {output.Path} modified");
                restorable &= workspace.Cache.Contains(recorded.Hash);
            }
        }
        var outputsOnly = reasons.Count == 0 && outReasons.Count > 0;
        reasons.AddRange(outReasons);
        return new StageStatus(stage.Name, reasons.Count > 0, reasons, outputsOnly) { Restorable = outputsOnly && restorable };
    }

    /// <summary>The current values of the stage's parameters, as dvc.lock records them.</summary>
    public YamlMap CurrentParams(StageInstance stage)
    {
        var values = new YamlMap();
        foreach (var key in stage.Params)
        {
            _params ??= ParamsFile.Load(workspace.ParamsPath);
            if (!_params.TryGet(key, out var value))
            {
                throw new PipelineException($"{workspace.ParamsFileName}: stage {stage.Name} needs parameter '{key}', which is missing.");
            }
            values.Add(key, value);
        }
        return values;
    }

    private IEnumerable<string> ParamChanges(StageInstance stage, LockEntry locked)
    {
        var recorded = locked.Params.TryGetValue(workspace.ParamsFileName, out var map) ? map : new YamlMap();
        var current = CurrentParams(stage);
        foreach (var (key, value) in current)
        {
            if (!recorded.Find(key, out var old))
            {
                yield return $"params: {key} added";
            }
            else if (!YamlValues.AreEqual(old, value))
            {
                foreach (var detail in Differences(key, old, value))
                {
                    yield return $"params: {detail}";
                }
            }
        }
        foreach (var (key, _) in recorded)
        {
            if (!current.Find(key, out _))
            {
                yield return $"params: {key} removed";
            }
        }
    }

    // For a tracked section, name the leaf that changed ("default.finetune.learning_rate 1e-05 -> 2e-05").
    private static IEnumerable<string> Differences(string key, object? old, object? now)
    {
        if (old is YamlMap a && now is YamlMap b)
        {
            foreach (var name in a.Select(kv => kv.Key).Union(b.Select(kv => kv.Key)))
            {
                var inA = a.Find(name, out var va);
                var inB = b.Find(name, out var vb);
                if (!inA || !inB || !YamlValues.AreEqual(va, vb))
                {
                    foreach (var d in Differences($"{key}.{name}", inA ? va : "(absent)", inB ? vb : "(absent)"))
                    {
                        yield return d;
                    }
                }
            }
            yield break;
        }
        yield return $"{key} {YamlValues.Display(old)} -> {YamlValues.Display(now)}";
    }
}
