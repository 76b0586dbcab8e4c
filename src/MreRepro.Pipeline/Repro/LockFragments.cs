using MreRepro.Files;
using MreRepro.Pipeline.Dvc;

namespace MreRepro.Pipeline.Repro;

/// <summary>
/// dvc.lock entries of jobs that finish beside each other, one file per instance
/// (.dvc/tmp/lock-fragments/&lt;lock file&gt;/&lt;instance&gt;.yaml, written through a temp file and a rename).
/// No two jobs ever write the same file and none reads another's, so nothing depends on file locking, which a
/// shared network filesystem may not honour. One process at a time (the coordinator, or the next run, holding the
/// workspace lock) merges them into dvc.lock and then deletes them; merging twice is harmless.
/// </summary>
public sealed class LockFragments(Workspace workspace)
{
    private const string Extension = ".yaml";

    /// <summary>The folder of this lock file's fragments (each profile's lock has its own).</summary>
    public string Folder { get; } = Path.Combine(workspace.TempDir, "lock-fragments",
        Path.GetRelativePath(workspace.Root, workspace.LockPath).Replace('/', '_').Replace('\\', '_'));

    public string PathFor(string instance) => Path.Combine(Folder, FileNames.Safe(instance) + Extension);

    public void Write(string instance, LockEntry entry) =>
        AtomicFile.WriteAllText(PathFor(instance), YamlWriter.Write(new YamlMap { { instance, entry.ToYaml() } }));

    /// <summary>The instances whose fragments wait to be merged.</summary>
    public IReadOnlyList<string> Pending() => Read().Select(f => f.Instance).ToList();

    /// <summary>
    /// Merges every fragment into dvc.lock (new entries placed by <paramref name="runOrder"/>), saves it once, then
    /// deletes the merged fragments. Returns the instances merged.
    /// </summary>
    public IReadOnlyList<string> Merge(IReadOnlyList<string> runOrder)
    {
        var fragments = Read();
        if (fragments.Count == 0)
        {
            return [];
        }
        var lockFile = workspace.LoadLock();
        foreach (var fragment in fragments)
        {
            lockFile.Set(fragment.Instance, LockEntry.FromYaml(fragment.Instance, fragment.Entry), runOrder);
        }
        lockFile.Save();
        foreach (var fragment in fragments)
        {
            File.Delete(fragment.File);
        }
        return fragments.Select(f => f.Instance).ToList();
    }

    private List<(string File, string Instance, YamlMap Entry)> Read()
    {
        if (!Directory.Exists(Folder))
        {
            return [];
        }
        var found = new List<(string, string, YamlMap)>();
        foreach (var file in Directory.EnumerateFiles(Folder, "*" + Extension).Order(StringComparer.Ordinal))
        {
            YamlMap doc;
            try
            {
                doc = YamlReader.ReadFile(file);
            }
            catch (PipelineException)
            {
                doc = [];
            }
            if (doc.Count != 1 || doc[0].Value is not YamlMap entry)
            {
                throw new PipelineException($"{file}: not a lock fragment (one instance and its dvc.lock entry); delete it and rerun that instance.");
            }
            found.Add((file, doc[0].Key, entry));
        }
        return found;
    }
}

/// <summary>File names for instance names (finetune@SCNM-tli stays as it is; a path separator does not).</summary>
public static class FileNames
{
    public static string Safe(string instance) => instance.Replace('/', '_').Replace('\\', '_');
}
