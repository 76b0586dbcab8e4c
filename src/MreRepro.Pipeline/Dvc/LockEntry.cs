using MreRepro.Pipeline.Hashing;

namespace MreRepro.Pipeline.Dvc;

/// <summary>
/// A recorded dependency or output: its path and hash. Legacy marks an entry without `hash: md5`, which DVC 3.x
/// reads as a 2.x md5-dos2unix value.
/// </summary>
public sealed record LockedPath(string Path, HashInfo Hash, bool Legacy = false)
{
    public YamlMap ToYaml()
    {
        var map = new YamlMap { { "path", Path }, { "hash", "md5" }, { "md5", Hash.Md5 }, { "size", Hash.Size } };
        if (Hash.NFiles is int n)
        {
            map.Add("nfiles", (long)n);
        }
        return map;
    }

    public static LockedPath FromYaml(YamlMap map, string where)
    {
        var path = map["path"] as string ?? throw new PipelineException($"{where}: entry without path.");
        var md5 = map["md5"] as string ?? throw new PipelineException($"{where}: {path} has no md5.");
        var size = map["size"] is long s ? s : 0;
        int? nfiles = map["nfiles"] is long n ? (int)n : null;
        return new LockedPath(path, new HashInfo(md5, size, nfiles), Legacy: map["hash"] is null);
    }
}

/// <summary>One stage's entry in dvc.lock (schema 2.0).</summary>
public sealed record LockEntry(
    string Cmd,
    IReadOnlyList<LockedPath> Deps,
    IReadOnlyDictionary<string, YamlMap> Params,
    IReadOnlyList<LockedPath> Outs)
{
    /// <summary>DVC's to_single_stage_lockfile: deps/outs sorted by path, params.yaml first, empty sections omitted.</summary>
    public YamlMap ToYaml()
    {
        var map = new YamlMap { { "cmd", Cmd } };
        if (Deps.Count > 0)
        {
            map.Add("deps", Deps.OrderBy(d => d.Path, StringComparer.Ordinal).Select(d => (object?)d.ToYaml()).ToList());
        }
        if (Params.Count > 0)
        {
            var files = Params.Keys.OrderBy(f => f == "params.yaml" ? 0 : 1).ThenBy(f => f, StringComparer.Ordinal);
            var parameters = new YamlMap();
            foreach (var file in files)
            {
                parameters.Add(file, new YamlMap(Params[file].OrderBy(kv => kv.Key, StringComparer.Ordinal)));
            }
            map.Add("params", parameters);
        }
        if (Outs.Count > 0)
        {
            map.Add("outs", Outs.OrderBy(o => o.Path, StringComparer.Ordinal).Select(o => (object?)o.ToYaml()).ToList());
        }
        return map;
    }

    public static LockEntry FromYaml(string stage, YamlMap map)
    {
        var where = $"dvc.lock stage {stage}";
        var deps = (map["deps"] as List<object?> ?? []).Select(d => LockedPath.FromYaml((YamlMap)d!, where)).ToList();
        var outs = (map["outs"] as List<object?> ?? []).Select(d => LockedPath.FromYaml((YamlMap)d!, where)).ToList();
        var parameters = new Dictionary<string, YamlMap>();
        if (map["params"] is YamlMap p)
        {
            foreach (var (file, values) in p)
            {
                parameters[file] = values as YamlMap ?? new YamlMap();
            }
        }
        return new LockEntry(map["cmd"] as string ?? "", deps, parameters, outs);
    }
}
