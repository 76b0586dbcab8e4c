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

    public bool Remove(string stage) => _stages.Remove(stage);

    public string Serialize() => YamlWriter.Write(new YamlMap { { "schema", "2.0" }, { "stages", _stages } });

    public void Save()
    {
        AtomicFile.WriteAllText(FilePath, Serialize());
    }
}
