using System.Security.Cryptography;
using System.Text;
using MreRepro.Files;
using MreRepro.Pipeline.Dvc;

namespace MreRepro.Pipeline.Cache;

/// <summary>
/// DVC's run cache (.dvc/cache/runs): every completed run of a stage instance, keyed by the md5 of its inputs
/// (command, dependency hashes, parameter values). When an instance's inputs return to a value already computed
/// (a parameter reverted, a file put back), its outputs come back from the cache instead of being recomputed.
/// Layout as DVC's: runs/&lt;key[0:2]&gt;/&lt;key[2:]&gt;/&lt;md5 of the entry&gt;, each file one dvc.lock stage entry
/// in YAML. The key is this engine's inputs md5 (DVC hashes its own lock dict), so DVC itself would not find these
/// entries; it ignores them (the run cache is optional for compatibility, spec/pipeline.md).
/// </summary>
public sealed class RunCache(string workspace, DvcCache objects)
{
    public string Root { get; } = Path.Combine(workspace, ".dvc", "cache", "runs");

    /// <summary>Records a completed run; writing the same entry twice (two jobs, two nodes) is harmless.</summary>
    public void Record(string key, LockEntry entry)
    {
        var text = YamlWriter.Write(entry.ToYaml());
        var name = Convert.ToHexStringLower(MD5.HashData(Encoding.UTF8.GetBytes(text)));
        var path = Path.Combine(Folder(key), name);
        if (!File.Exists(path))
        {
            AtomicFile.WriteAllText(path, text);
        }
    }

    /// <summary>
    /// A recorded run with these inputs whose every cached output is still in the object cache, or null. The entry
    /// must also have the command and outputs the instance declares now. Several entries (a nondeterministic stage
    /// run twice) resolve to the newest.
    /// </summary>
    public LockEntry? Find(string key, string cmd, IEnumerable<string> cachedOuts)
    {
        var folder = Folder(key);
        if (!Directory.Exists(folder))
        {
            return null;
        }

        var outs = cachedOuts.Order(StringComparer.Ordinal).ToList();
        foreach (var file in new DirectoryInfo(folder).EnumerateFiles()
                     .Where(f => !f.Name.Contains(".tmp-", StringComparison.Ordinal))
                     .OrderByDescending(f => f.LastWriteTimeUtc).ThenBy(f => f.Name, StringComparer.Ordinal))
        {
            LockEntry entry;
            try
            {
                entry = LockEntry.FromYaml(file.Name, YamlReader.ReadFile(file.FullName));
            }
            catch (Exception e) when (e is PipelineException or FormatException or InvalidCastException)
            {
                continue;   // an unreadable entry is only a missed shortcut: the stage runs
            }

            if (entry.Cmd == cmd
                && entry.Outs.Select(o => o.Path).Order(StringComparer.Ordinal).SequenceEqual(outs)
                && entry.Outs.All(o => objects.Contains(o.Hash)))
            {
                return entry;
            }
        }

        return null;
    }

    private string Folder(string key) => Path.Combine(Root, key[..2], key[2..]);
}
