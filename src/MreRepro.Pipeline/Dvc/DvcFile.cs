using MreRepro.Pipeline.Hashing;
using MreRepro.Files;

namespace MreRepro.Pipeline.Dvc;

/// <summary>
/// A `.dvc` file as `dvc add` writes it: one out with md5, size, nfiles (folders), hash: md5, path. Legacy marks a
/// 2.x file without `hash:` (its md5 is md5-dos2unix).
/// </summary>
public sealed record DvcFile(string Path, HashInfo Hash, bool Legacy = false)
{
    public string Serialize()
    {
        var entry = new YamlMap { { "md5", Hash.Md5 }, { "size", Hash.Size } };
        if (Hash.NFiles is int n)
        {
            entry.Add("nfiles", (long)n);
        }
        if (!Legacy)
        {
            entry.Add("hash", "md5");
        }
        entry.Add("path", Path);
        return YamlWriter.Write(new YamlMap { { "outs", new List<object?> { entry } } });
    }

    public static DvcFile Load(string file)
    {
        var doc = YamlReader.ReadFile(file);
        if (doc["outs"] is not List<object?> { Count: 1 } outs || outs[0] is not YamlMap map)
        {
            throw new PipelineException($"{file}: expected `outs:` with exactly one entry.");
        }
        LockedPath locked;
        try
        {
            locked = LockedPath.FromYaml(map);
        }
        catch (PipelineException e)
        {
            throw new PipelineException($"{file}: {e.Message}; restore it with `git checkout {System.IO.Path.GetFileName(file)}`.");
        }
        return new DvcFile(locked.Path, locked.Hash, locked.Legacy);
    }

    public void Save(string file)
    {
        AtomicFile.WriteAllText(file, Serialize());
    }
}
