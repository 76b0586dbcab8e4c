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

    /// <summary>Reads one entry; a missing or malformed field (as in a file cut short) is an error naming the path.</summary>
    public static LockedPath FromYaml(YamlMap map)
    {
        var path = map["path"] as string ?? throw new PipelineException("an entry has no path");
        var md5 = map["md5"] as string ?? throw new PipelineException($"{path} has no md5");
        var legacy = map["hash"] is null;
        // DVC 3.x always records size (and nfiles for a folder) beside `hash: md5`.
        if (map["size"] is not long size)
        {
            size = legacy && map["size"] is null ? 0 : throw new PipelineException($"{path} has no size");
        }
        int? nfiles = map["nfiles"] is long n ? (int)n : null;
        if (!legacy && md5.EndsWith(".dir", StringComparison.Ordinal) && nfiles is null)
        {
            throw new PipelineException($"{path} is a folder without nfiles");
        }
        return new LockedPath(path, new HashInfo(md5, size, nfiles), Legacy: legacy);
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

    /// <summary>Reads one stage's entry; throws naming the field that is missing or malformed.</summary>
    public static LockEntry FromYaml(string stage, YamlMap map)
    {
        var cmd = map["cmd"] switch
        {
            string text => text,
            List<object?> commands when commands.All(c => c is string) => string.Join(" && ", commands),
            _ => throw new PipelineException("no cmd"),
        };
        var deps = Paths(map, "deps");
        var outs = Paths(map, "outs");
        var parameters = new Dictionary<string, YamlMap>();
        if (map["params"] is YamlMap p)
        {
            foreach (var (file, values) in p)
            {
                parameters[file] = values as YamlMap ?? new YamlMap();
            }
        }
        else if (map.Find("params", out _))
        {
            throw new PipelineException("params is not a mapping");
        }
        return new LockEntry(cmd, deps, parameters, outs);
    }

    private static List<LockedPath> Paths(YamlMap map, string key)
    {
        if (!map.Find(key, out var value))
        {
            return [];
        }
        if (value is not List<object?> list)
        {
            throw new PipelineException($"{key} is not a list");
        }
        return list.Select(entry => entry is YamlMap m ? LockedPath.FromYaml(m) : throw new PipelineException($"{key} has an entry that is not a mapping")).ToList();
    }
}
