using MreRepro.Files;
namespace MreRepro.Pipeline.Dvc;

/// <summary>dvc.lock, schema '2.0': read, update one stage at a time (others untouched, order kept), write atomically.</summary>
public sealed class LockFile
{
    private readonly YamlMap _stages;
    private bool _frozen;

    private LockFile(string path, YamlMap stages)
    {
        FilePath = path;
        _stages = stages;
    }

    public string FilePath { get; }

    public IEnumerable<string> StageNames => _stages.Select(kv => kv.Key);

    /// <summary>The stage written last (entries are kept in order, so a file cut short ends inside this one).</summary>
    public string? LastStage => _stages.Count == 0 ? null : _stages[^1].Key;

    /// <summary>
    /// Reads the lock and checks every entry: a damaged file (cut short, hand-edited) stops the run naming the line,
    /// instead of silently reading as stages that never ran.
    /// </summary>
    public static LockFile Load(string path) =>
        File.Exists(path) ? Parse(path, File.ReadAllText(path)) : new LockFile(path, new YamlMap());

    /// <summary>Parses and checks the text of the lock at <paramref name="path"/> (named in errors), as <see cref="Load"/> does.</summary>
    public static LockFile Parse(string path, string text)
    {
        var restore = $"restore it with `git checkout {Path.GetFileName(path)}` (or delete it to rerun every stage)";
        if (text.Trim().Length == 0)
        {
            throw new PipelineException($"{path}: the file is empty (a lock file always has `schema: '2.0'`); {restore}.");
        }
        // Every YAML writer (ours, DVC's ruamel) ends the file with a newline: without one the file was cut short.
        if (!text.EndsWith('\n'))
        {
            var lines = text.Split('\n');
            throw new PipelineException(
                $"{path}:{lines.Length}: the file ends in the middle of a line (`{lines[^1].Trim()}`), so it was cut short; {restore}.");
        }
        var doc = YamlReader.ReadText(path, text);
        if (doc["schema"] is not "2.0")
        {
            throw new PipelineException($"{path}: unsupported lock schema '{doc["schema"]}' (expected '2.0'); {restore}.");
        }
        if (doc["stages"] is not YamlMap stages)
        {
            throw new PipelineException($"{path}: no `stages:` mapping after the schema (written as `stages: {{}}` when empty), so the file was cut short; {restore}.");
        }
        foreach (var (name, value) in stages)
        {
            var where = $"{path}:{LineOf(text, name)}: stage {name}";
            if (value is not YamlMap map)
            {
                throw new PipelineException($"{where} is not a mapping; {restore}.");
            }
            try
            {
                LockEntry.FromYaml(name, map);
            }
            catch (PipelineException e)
            {
                throw new PipelineException($"{where}: {e.Message}; the file looks cut short or hand-edited: {restore}.");
            }
        }
        return new LockFile(path, stages);
    }

    public LockEntry? Get(string stage) =>
        _stages.Find(stage, out var value) && value is YamlMap map ? LockEntry.FromYaml(stage, map) : null;

    /// <summary>
    /// This lock, refusing <see cref="Set(string, LockEntry)"/>, <see cref="Remove"/> and <see cref="Save"/> from now on:
    /// for a copy that many readers share (<c>Workspace.ReadLock</c>).
    /// </summary>
    public LockFile Freeze()
    {
        _frozen = true;
        return this;
    }

    public void Set(string stage, LockEntry entry)
    {
        RefuseFrozen();
        _stages[stage] = entry.ToYaml();
    }

    /// <summary>
    /// Sets a stage's entry; a stage not yet in the lock goes right after the last stage present that comes before it
    /// in <paramref name="runOrder"/>, so instances that finish in any order (concurrent jobs) give the lock a
    /// sequential run writes.
    /// </summary>
    public void Set(string stage, LockEntry entry, IReadOnlyList<string> runOrder)
    {
        RefuseFrozen();
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

    public bool Remove(string stage)
    {
        RefuseFrozen();
        return _stages.Remove(stage);
    }

    public string Serialize() => YamlWriter.Write(new YamlMap { { "schema", "2.0" }, { "stages", _stages } });

    public void Save()
    {
        RefuseFrozen();
        AtomicFile.WriteAllText(FilePath, Serialize());
    }

    private void RefuseFrozen()
    {
        if (_frozen)
        {
            throw new InvalidOperationException($"{FilePath}: this copy of the lock is shared for reading (Workspace.ReadLock); change a copy from Workspace.LoadLock.");
        }
    }

    // 1-based line of a stage's key (`  name:` under `stages:`), for error messages.
    private static int LineOf(string text, string stage)
    {
        var index = text.IndexOf($"\n  {stage}:", StringComparison.Ordinal);
        return index < 0 ? 1 : text.AsSpan(0, index + 1).Count('\n') + 1;
    }
}
