using MreRepro.Pipeline.Cache;
using MreRepro.Pipeline.Dvc;
using MreRepro.Pipeline.Hashing;

namespace MreRepro.Pipeline.Repro;

/// <summary>`dvc add` for a folder, and the check that a folder still matches its .dvc file.</summary>
public static class DataVerifier
{
    /// <summary>Writes &lt;name&gt;.dvc beside the folder, caches its contents, and git-ignores the folder.</summary>
    public static DvcFile Add(Workspace workspace, string relativeDir)
    {
        var full = workspace.Full(relativeDir);
        var hash = workspace.Cache.Save(full, workspace.State);
        workspace.State.Save();
        var parent = Path.GetDirectoryName(full)!;
        var name = Path.GetFileName(full);
        var file = new DvcFile(name, hash);
        file.Save(Path.Combine(parent, name + ".dvc"));
        var gitignore = Path.Combine(parent, ".gitignore");
        var lines = File.Exists(gitignore) ? File.ReadAllLines(gitignore).ToList() : new List<string>();
        if (!lines.Contains("/" + name))
        {
            lines.Add("/" + name);
            File.WriteAllText(gitignore, string.Join("\n", lines) + "\n");
        }
        return file;
    }

    /// <summary>
    /// Null when the folder matches; otherwise what differs, file by file when the recorded manifest is cached. A
    /// matching folder whose objects are not all in the cache (a fresh clone regenerates data/) is cached, as
    /// `dvc add` left it, so `dvc checkout` and `dvc push` find it; a checkout where the cache cannot be written is
    /// only checked.
    /// </summary>
    public static string? Verify(Workspace workspace, string dvcFilePath)
    {
        var recorded = DvcFile.Load(dvcFilePath);
        var dir = Path.Combine(Path.GetDirectoryName(Path.GetFullPath(dvcFilePath))!, recorded.Path);
        var now = recorded.Legacy ? PathHasher.HashLegacy(dir) : PathHasher.Hash(dir, workspace.State);
        workspace.State.Save();
        if (now is null)
        {
            return $"{recorded.Path} does not exist";
        }
        if (now.Md5 == recorded.Hash.Md5)
        {
            if (!recorded.Legacy && !workspace.Cache.Contains(recorded.Hash))
            {
                try
                {
                    workspace.Cache.Save(dir, workspace.State);
                }
                catch (Exception e) when (e is IOException or UnauthorizedAccessException)
                {
                    // Read-only checkout: the data is still checked, only not stored.
                }
            }
            return null;
        }
        var before = RecordedFiles(workspace, recorded);
        if (before is null)
        {
            return $"{recorded.Path}: md5 {now.Md5} (recorded {recorded.Hash.Md5}), size {now.Size} (recorded {recorded.Hash.Size}), files {now.NFiles} (recorded {recorded.Hash.NFiles}); which file differs cannot be told: the recorded manifest is not in .dvc/cache";
        }
        var after = (recorded.Legacy ? DirectoryManifest.Build(dir, FileHasher.Dos2UnixMd5) : DirectoryManifest.Build(dir, workspace.State)).Entries.ToDictionary(e => e.RelativePath, e => e.Md5);
        var files = after.Where(kv => before.TryGetValue(kv.Key, out var m) && m != kv.Value).Select(kv => $"{recorded.Path}/{kv.Key} modified")
            .Concat(after.Where(kv => !before.ContainsKey(kv.Key)).Select(kv => $"{recorded.Path}/{kv.Key} added"))
            .Concat(before.Where(kv => !after.ContainsKey(kv.Key)).Select(kv => $"{recorded.Path}/{kv.Key} missing"))
            .ToList();
        return string.Join("; ", files);
    }

    private static Dictionary<string, string>? RecordedFiles(Workspace workspace, DvcFile recorded)
    {
        if (!recorded.Hash.IsDirectory || !File.Exists(workspace.Cache.ObjectPath(recorded.Hash.Md5)))
        {
            return null;
        }
        try
        {
            return workspace.Cache.ReadManifest(recorded.Hash.Md5).Entries.ToDictionary(e => e.RelativePath, e => e.Md5);
        }
        catch (CorruptCacheObjectException)
        {
            return null;
        }
    }
}
