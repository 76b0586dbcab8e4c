using MreRepro.Files;
namespace MreRepro.Pipeline.Dvc;

/// <summary>dvc.lock, schema '2.0': read, update one stage at a time (others untouched, order kept), write atomically.</summary>
public sealed class LockFile
{
    private readonly YamlMap _stages;

    private LockFile(string path, YamlMap stages)
    {
        FilePath = path;
        _stages = stages;
    }

    public string FilePath { get; }

    public IEnumerable<string> StageNames => _stages.Select(kv => kv.Key);

    public static LockFile Load(string path)
    {
        if (!File.Exists(path))
        {
            return new LockFile(path, new YamlMap());
        }
        var doc = YamlReader.ReadFile(path);
        if (doc.Count == 0)
        {
            return new LockFile(path, new YamlMap());
        }
        if (doc["schema"] is not "2.0")
        {
            throw new PipelineException($"{path}: unsupported lock schema '{doc["schema"]}' (expected '2.0').");
        }
        return new LockFile(path, doc["stages"] as YamlMap ?? new YamlMap());
    }

    public LockEntry? Get(string stage) =>
        _stages.Find(stage, out var value) && value is YamlMap map ? LockEntry.FromYaml(stage, map) : null;

    public void Set(string stage, LockEntry entry) => _stages[stage] = entry.ToYaml();

    /// <summary>
    /// Sets a stage's entry; a stage not yet in the lock goes right after the last stage present that comes before it
    /// in <paramref name="runOrder"/>, so instances that finish in any order (concurrent jobs) give the lock a
    /// sequential run writes.
    /// </summary>
    public void Set(string stage, LockEntry entry, IReadOnlyList<string> runOrder)
    {
        var rank = runOrder.Select((name, i) => (name, i)).ToDictionary(p => p.name, p => p.i, StringComparer.Ordinal);
        if (_stages.Find(stage, out _) || !rank.TryGetValue(stage, out var mine))
        {
            Set(stage, entry);
            return;
        }
        int lastBefore = -1, firstAfter = -1;
        for (var i = 0; i < _stages.Count; i++)
        {
            if (rank.TryGetValue(_stages[i].Key, out var r))
            {
                if (r < mine)
                {
                    lastBefore = i;
                }
                else if (firstAfter < 0)
                {
                    firstAfter = i;
                }
            }
        }
        var at = lastBefore >= 0 ? lastBefore + 1 : firstAfter >= 0 ? firstAfter : _stages.Count;
        _stages.Insert(at, new KeyValuePair<string, object?>(stage, entry.ToYaml()));
    }

    public bool Remove(string stage) => _stages.Remove(stage);

    public string Serialize() => YamlWriter.Write(new YamlMap { { "schema", "2.0" }, { "stages", _stages } });

    public void Save()
    {
        AtomicFile.WriteAllText(FilePath, Serialize());
    }
}
