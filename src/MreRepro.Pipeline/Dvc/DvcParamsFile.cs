namespace MreRepro.Pipeline.Dvc;

/// <summary>A parameters file (params.yaml) addressed by dotted keys, as DVC's `params:` entries do.</summary>
public sealed class DvcParamsFile
{
    private readonly YamlMap _root;

    private DvcParamsFile(string path, YamlMap root)
    {
        Path = path;
        _root = root;
    }

    public string Path { get; }

    public static DvcParamsFile Load(string path) =>
        File.Exists(path) ? new DvcParamsFile(path, YamlReader.ReadFile(path)) : throw new PipelineException($"{path}: parameters file not found.");

    /// <summary>The value at a dotted key (a whole mapping when the key names a section); false when absent.</summary>
    public bool TryGet(string dottedKey, out object? value)
    {
        object? current = _root;
        foreach (var part in dottedKey.Split('.'))
        {
            if (current is YamlMap map && map.Find(part, out var next))
            {
                current = next;
            }
            else
            {
                value = null;
                return false;
            }
        }
        value = current;
        return true;
    }
}
