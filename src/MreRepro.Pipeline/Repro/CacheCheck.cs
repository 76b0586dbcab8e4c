using MreRepro.Pipeline.Cache;
using MreRepro.Pipeline.Dvc;

namespace MreRepro.Pipeline.Repro;

/// <summary>A damaged cache object and the recorded output it belongs to.</summary>
public sealed record OutputDamage(string Owner, string Output, CacheDamage Damage);

/// <summary>What `dvc status -c` checks: every cache object that dvc.lock (and .dvc files) reference, re-hashed.</summary>
public static class CacheCheck
{
    /// <summary>
    /// Re-hashes the objects of every output the lock records and of each given .dvc file; corrupt objects are moved
    /// aside (the next run restores the output from the workspace or recomputes it). Returns the outputs checked and
    /// what was wrong.
    /// </summary>
    public static (int Outputs, IReadOnlyList<OutputDamage> Damage) Verify(Workspace workspace, IEnumerable<string> dvcFiles)
    {
        var recorded = new List<(string Owner, LockedPath Output)>();
        var lockFile = workspace.LoadLock();
        foreach (var stage in lockFile.StageNames)
        {
            recorded.AddRange(lockFile.Get(stage)!.Outs.Select(o => (stage, o)));
        }
        foreach (var dvcFile in dvcFiles.Where(File.Exists))
        {
            var file = DvcFile.Load(dvcFile);
            recorded.Add((Path.GetRelativePath(workspace.Root, dvcFile), new LockedPath(file.Path, file.Hash, file.Legacy)));
        }
        var damage = new List<OutputDamage>();
        // Outputs of many stages share objects: each object is checked once.
        var seen = new HashSet<string>(StringComparer.Ordinal);
        foreach (var (owner, output) in recorded.Where(r => !r.Output.Legacy))
        {
            if (seen.Add(output.Hash.Md5))
            {
                damage.AddRange(workspace.Cache.Verify(output.Hash).Select(d => new OutputDamage(owner, output.Path, d)));
            }
        }
        return (recorded.Count, damage);
    }
}
