using MreRepro.Pipeline.Dvc;
using MreRepro.Pipeline.Graph;
using MreRepro.Pipeline.Hashing;

namespace MreRepro.Pipeline.Repro;

/// <summary>
/// DVC's `changed()`: command, then dependencies by hash, then parameters by value, then outputs (cache first,
/// then workspace). Every reason is collected rather than stopping at the first, so a dry run can list them all.
/// </summary>
public sealed class ChangeDetector(Workspace workspace)
{
    private DvcParamsFile? _params;

    public StageStatus Check(StageInstance stage, LockEntry? locked)
    {
        if (locked is null)
        {
            return new StageStatus(stage.Name, true, ["never ran (no dvc.lock entry)"], false);
        }
        // DVC's "callback" stage: a command with no deps (params included) and no outs always runs.
        if (stage.Deps.Count == 0 && stage.Params.Count == 0 && stage.Outs.Count == 0)
        {
            return new StageStatus(stage.Name, true, ["always changed (no deps and no outs)"], false);
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
            var now = recorded.Legacy ? PathHasher.HashLegacy(workspace.Full(dep)) : workspace.Hash(dep);
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
        foreach (var output in stage.Outs)
        {
            if (!lockedOuts.TryGetValue(output.Path, out var recorded))
            {
                outReasons.Add($"out {output.Path} added");
                restorable = false;
                continue;
            }
            var now = workspace.Hash(output.Path);
            var matches = now is not null && now.Md5 == recorded.Hash.Md5;
            // DVC's Output.status asks the cache first, then the workspace.
            if (output.Cache && !workspace.Cache.Contains(recorded.Hash))
            {
                outReasons.Add($"out {output.Path} not in cache");
                restorable &= matches;
            }
            else if (!matches)
            {
                outReasons.Add(now is null ? $"out {output.Path} missing" : $"out {output.Path} modified");
                restorable &= output.Cache;
            }
        }
        var outputsOnly = reasons.Count == 0 && outReasons.Count > 0;
        reasons.AddRange(outReasons);
        return new StageStatus(stage.Name, reasons.Count > 0, reasons, outputsOnly) { Restorable = outputsOnly && restorable };
    }

    /// <summary>The current values of the stage's parameters, as dvc.lock records them; throws naming a missing key.</summary>
    public YamlMap CurrentParams(StageInstance stage)
    {
        var (values, missing) = ReadParams(stage);
        if (missing.Count > 0)
        {
            throw new PipelineException(
                $"{workspace.ParamsFileName}: stage {stage.Name} needs parameter(s) {string.Join(", ", missing.Select(m => $"'{m}'"))}, missing from the file.");
        }
        return values;
    }

    private (YamlMap Values, List<string> Missing) ReadParams(StageInstance stage)
    {
        var values = new YamlMap();
        var missing = new List<string>();
        if (stage.Params.Count == 0)
        {
            return (values, missing);
        }
        _params ??= DvcParamsFile.Load(workspace.ParamsPath);
        foreach (var key in stage.Params)
        {
            if (_params.TryGet(key, out var value))
            {
                values.Add(key, value);
            }
            else
            {
                missing.Add(key);
            }
        }
        return (values, missing);
    }

    private IEnumerable<string> ParamChanges(StageInstance stage, LockEntry locked)
    {
        var recorded = locked.Params.TryGetValue(workspace.ParamsFileName, out var map) ? map : new YamlMap();
        var (current, missing) = ReadParams(stage);
        foreach (var key in missing)
        {
            yield return $"params: {key} missing from {workspace.ParamsFileName}";
        }
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
            if (!current.Find(key, out _) && !missing.Contains(key))
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
